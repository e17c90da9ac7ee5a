"""Notifiers Rumbo ships: a Slack-compatible webhook and the in-app inbox.

Email is :class:`rumbo.mail.EmailNotifier`. All three register through the same plugin
registry a third-party notifier would use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rumbo.plugins import Features

# Seconds to wait for a webhook receiver before the delivery counts as failed.
WEBHOOK_TIMEOUT = 5.0


class NotifyError(RuntimeError):
    """The receiver refused the notification or could not be reached."""


class WebhookNotifier:
    """POSTs ``{"text": …, "blocks": […]}``, the shape Slack and Mattermost incoming hooks take."""

    features = Features(
        key="webhook",
        title="Webhook (Slack-compatible JSON)",
        capabilities=frozenset({"notify"}),
        requires=("httpx",),
    )

    def __init__(self, url: str = "", transport: Any = None, timeout: float = WEBHOOK_TIMEOUT):
        if url and not url.startswith(("http://", "https://")):
            raise ValueError("a webhook URL must start with http:// or https://")
        self.url = url
        self.transport = transport
        self.timeout = timeout

    @staticmethod
    def payload(subject: str, body: str) -> dict[str, Any]:
        return {
            "text": f"{subject}\n{body}",
            "blocks": [
                {"type": "header", "text": {"type": "plain_text", "text": subject[:150]}},
                {"type": "section", "text": {"type": "mrkdwn", "text": body[:2900]}},
            ],
        }

    def notify(self, subject: str, body: str, recipients: Sequence[str]) -> None:
        import httpx

        urls = [r for r in recipients if r] or [self.url]
        with httpx.Client(transport=self.transport, timeout=self.timeout) as client:
            for url in urls:
                if not url.startswith(("http://", "https://")):
                    raise NotifyError(f"'{url}' is not an http(s) URL")
                try:
                    response = client.post(url, json=self.payload(subject, body))
                except httpx.HTTPError as exc:
                    raise NotifyError(f"Could not reach {url}: {exc}") from exc
                if response.status_code >= 300:
                    raise NotifyError(f"{url} answered {response.status_code}")


class InAppNotifier:
    """Puts the notification in Rumbo's own inbox: ``sink`` stores one entry per recipient."""

    features = Features(key="inapp", title="In-app inbox", capabilities=frozenset({"notify"}))

    def __init__(self, sink: Callable[[str, str, str], None] | None = None) -> None:
        self.sink = sink
        self.delivered: list[tuple[str, str, str]] = []

    def notify(self, subject: str, body: str, recipients: Sequence[str]) -> None:
        for recipient in recipients:
            if self.sink is not None:
                self.sink(recipient, subject, body)
            self.delivered.append((recipient, subject, body))
