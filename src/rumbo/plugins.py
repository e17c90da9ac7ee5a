"""Extension points: small typed Protocols and one registry per kind, kept on the application.

A plugin is a module-level ``register(registry: PluginRegistry) -> None`` function published in the
``rumbo.plugins`` entry-point group. Rumbo's own built-ins are registered through that same group
(``rumbo.builtins:register``), so the third-party path is exercised by every run.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "rumbo.plugins"


@dataclass(frozen=True)
class Features:
    """What an extension is, declared apart from any configured instance of it."""

    key: str
    title: str
    capabilities: frozenset[str] = frozenset()
    default_config: Mapping[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()


@runtime_checkable
class LLMBackend(Protocol):
    """Turns a structured request into text (a draft, an answer)."""

    features: Features

    def complete(self, messages: Sequence[Mapping[str, str]], **options: Any) -> str: ...


@runtime_checkable
class Connector(Protocol):
    """Brings mentions or messages in from an outside source."""

    features: Features

    def fetch(self, since: Any | None = None) -> Iterable[Mapping[str, Any]]: ...


@runtime_checkable
class Notifier(Protocol):
    """Tells people something happened (email, chat, webhook)."""

    features: Features

    def notify(self, subject: str, body: str, recipients: Sequence[str]) -> None: ...


@runtime_checkable
class Detector(Protocol):
    """Looks at a stream of events and reports what is unusual."""

    features: Features

    def observe(self, event: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]: ...


T = TypeVar("T")


class Registry(Generic[T]):
    """Named factories of one extension kind. Keys are unique: a clash is an error, not a shadow."""

    def __init__(self, kind: str, protocol: type[Any]) -> None:
        self.kind = kind
        self.protocol = protocol
        self._factories: dict[str, Callable[..., T]] = {}
        self._features: dict[str, Features] = {}

    def register(self, features: Features, factory: Callable[..., T]) -> None:
        if features.key in self._factories:
            raise ValueError(f"{self.kind} '{features.key}' is already registered")
        self._factories[features.key] = factory
        self._features[features.key] = features

    def create(self, key: str, **config: Any) -> T:
        try:
            factory = self._factories[key]
        except KeyError:
            known = ", ".join(sorted(self._factories)) or "none"
            raise KeyError(f"unknown {self.kind} '{key}' (known: {known})") from None
        merged = {**self._features[key].default_config, **config}
        instance = factory(**merged)
        if not isinstance(instance, self.protocol):
            raise TypeError(f"{self.kind} '{key}' does not implement {self.protocol.__name__}")
        return instance

    def features(self, key: str) -> Features:
        return self._features[key]

    def __contains__(self, key: object) -> bool:
        return key in self._factories

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._factories))

    def __len__(self) -> int:
        return len(self._factories)


class PluginRegistry:
    """All registries of one application."""

    def __init__(self) -> None:
        self.llm_backends: Registry[LLMBackend] = Registry("LLM backend", LLMBackend)
        self.connectors: Registry[Connector] = Registry("connector", Connector)
        self.notifiers: Registry[Notifier] = Registry("notifier", Notifier)
        self.detectors: Registry[Detector] = Registry("detector", Detector)
        self.loaded: list[str] = []

    def load_entry_points(self, *, third_party: bool = True) -> None:
        """Run every ``register`` function of the ``rumbo.plugins`` group.

        With ``third_party=False`` only Rumbo's own built-ins load (still through the group).
        """
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
            if not third_party and not ep.value.startswith("rumbo."):
                continue
            register = ep.load()
            register(self)
            self.loaded.append(ep.name)
            log.debug("loaded plugin %s", ep.name)
