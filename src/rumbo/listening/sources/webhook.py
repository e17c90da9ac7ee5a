"""Signed webhook deliveries: HMAC-SHA256 over ``<timestamp>.<body>`` with the source's secret.

The sender puts ``X-Rumbo-Source: <source key>``, ``X-Rumbo-Timestamp: <unix seconds>`` and
``X-Rumbo-Signature: sha256=<hex>`` on the request. Signing the timestamp with the body and
refusing old timestamps keeps a captured request from being replayed later; re-sending the same
events is harmless anyway, since mentions are unique per source and id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any

from rumbo.errors import NotAuthenticated, ValidationFailed
from rumbo.textfiles import json_value

REPLAY_WINDOW_SECONDS = 300
MAX_EVENTS = 5000
SIGNATURE_PREFIX = "sha256="


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The signature header value a sender computes (also used by tests and ``bench``)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SIGNATURE_PREFIX + mac.hexdigest()


def verify(
    secret: str,
    timestamp: str | None,
    signature: str | None,
    body: bytes,
    *,
    now: float | None = None,
    window: int = REPLAY_WINDOW_SECONDS,
) -> None:
    """Raise :class:`NotAuthenticated` naming what is wrong; return quietly when all is right."""
    if not timestamp or not signature:
        raise NotAuthenticated(
            "Sign the request: send X-Rumbo-Timestamp and X-Rumbo-Signature (sha256=<hex>)."
        )
    try:
        sent = int(timestamp)
    except ValueError:
        raise NotAuthenticated("X-Rumbo-Timestamp must be Unix seconds.") from None
    current = time.time() if now is None else now
    if abs(current - sent) > window:
        raise NotAuthenticated(
            f"X-Rumbo-Timestamp is more than {window} s away from the server's clock; "
            "sign each delivery when it is sent."
        )
    if not hmac.compare_digest(sign(secret, timestamp, body), signature.strip()):
        raise NotAuthenticated("The signature does not match the body and the source's secret.")


def events_of(body: bytes) -> list[Any]:
    """The events of a body: one object, a list of them, or ``{"events": [...]}``."""
    try:
        data = json_value(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationFailed(
            f"The body is not valid JSON: {exc}", fields={"body": "invalid JSON"}
        ) from None
    if isinstance(data, dict) and "events" in data:
        data = data["events"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValidationFailed(
            'Send an event object, a list of events, or {"events": [...]}.',
            fields={"body": "not events"},
        )
    if not data:
        raise ValidationFailed("The batch has no events.", fields={"events": "empty"})
    if len(data) > MAX_EVENTS:
        raise ValidationFailed(
            f"At most {MAX_EVENTS} events per request.", fields={"events": "too many"}
        )
    return data
