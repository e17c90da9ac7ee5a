"""Rumbo's own extensions, registered through the same entry-point group as third parties."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rumbo.plugins import Features, PluginRegistry

log = logging.getLogger("rumbo.notify")


class LogNotifier:
    """Writes notifications to the application log: the default when nothing else is set up."""

    features = Features(key="log", title="Application log", capabilities=frozenset({"notify"}))

    def notify(self, subject: str, body: str, recipients: Sequence[str]) -> None:
        log.info("notify %s: %s", ", ".join(recipients) or "(nobody)", subject)


def register(registry: PluginRegistry) -> None:
    from rumbo.mail import EmailNotifier

    registry.notifiers.register(LogNotifier.features, LogNotifier)
    registry.notifiers.register(EmailNotifier.features, EmailNotifier)
    from rumbo.llm.openai_compat import OpenAICompatibleBackend

    registry.llm_backends.register(OpenAICompatibleBackend.features, OpenAICompatibleBackend)
    from rumbo.listening.notify.plugins import InAppNotifier, WebhookNotifier
    from rumbo.listening.sources.connectors import register_connectors

    registry.notifiers.register(WebhookNotifier.features, WebhookNotifier)
    registry.notifiers.register(InAppNotifier.features, InAppNotifier)
    register_connectors(registry)
