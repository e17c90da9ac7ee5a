"""In-process delivery of domain events to subscribers, after the transaction committed."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

Handler = Callable[[str, dict[str, Any]], None]


class EventBus:
    """Subscribers by event name; ``"*"`` receives everything.

    A failing subscriber is logged and skipped: the change it reacts to is already committed and
    recorded in the outbox, so it can be replayed.
    """

    def __init__(self) -> None:
        self._handlers: dict[str, list[Handler]] = defaultdict(list)

    def subscribe(self, name: str, handler: Handler) -> None:
        self._handlers[name].append(handler)

    def publish(self, name: str, payload: dict[str, Any]) -> None:
        for handler in [*self._handlers.get(name, []), *self._handlers.get("*", [])]:
            try:
                handler(name, payload)
            except Exception:
                log.exception("event subscriber failed for %s", name)
