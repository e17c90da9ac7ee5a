"""Turning one raw event (a JSON object, a CSV row, a feed item) into a mention draft, or a reason.

Hand-written rather than a Pydantic model: this runs once per event on the ingestion hot path,
and each rejection must name the field at fault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MAX_TEXT = 10_000
MAX_ID = 200


@dataclass(slots=True)
class MentionDraft:
    """A validated event, not yet enriched or stored."""

    source: str
    external_id: str
    created_at: dt.datetime  # in UTC (parse_time converts)
    text: str
    author: str | None = None
    audience: int = 0
    url: str | None = None
    language_hint: str | None = None
    email: str | None = None

    # Written out, and not frozen, so that mypyc builds it in C (see detect.types.Observation).
    def __init__(
        self,
        source: str,
        external_id: str,
        created_at: dt.datetime,
        text: str,
        author: str | None = None,
        audience: int = 0,
        url: str | None = None,
        language_hint: str | None = None,
        email: str | None = None,
    ) -> None:
        self.source = source
        self.external_id = external_id
        self.created_at = created_at
        self.text = text
        self.author = author
        self.audience = audience
        self.url = url
        self.language_hint = language_hint
        self.email = email

    @property
    def key(self) -> str:
        return f"{self.source}:{self.external_id}"


class Rejected(ValueError):
    """One event cannot be taken; ``field`` says which part of it is wrong."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def parse_time(value: Any, field: str = "created_at") -> dt.datetime:
    """ISO-8601 with an offset (``Z`` allowed), or Unix seconds; naive times are refused."""
    if isinstance(value, bool):
        raise Rejected(field, "must be an ISO-8601 time with a time zone")
    if isinstance(value, (int, float)):
        try:
            return dt.datetime.fromtimestamp(float(value), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise Rejected(field, "is not a valid Unix time") from None
    if not isinstance(value, str) or not value.strip():
        raise Rejected(field, "is required (ISO-8601 time with a time zone)")
    text = value.strip()
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        moment = _parse_other(text, field)
    if moment.tzinfo is None:
        raise Rejected(field, "has no time zone (add Z or an offset such as -05:00)")
    return moment.astimezone(dt.UTC)


def _parse_other(text: str, field: str) -> dt.datetime:
    # Feeds and exports often use "2015-02-24 11:35:52 -0800" or RFC 822 dates.
    for pattern in ("%Y-%m-%d %H:%M:%S %z", "%a %b %d %H:%M:%S %z %Y"):
        try:
            return dt.datetime.strptime(text, pattern)  # noqa: DTZ007 - every pattern has %z
        except ValueError:
            continue
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        raise Rejected(field, f"'{text[:40]}' is not an ISO-8601 time") from None


def _optional_text(raw: dict[str, Any], name: str, limit: int) -> str | None:
    value = raw.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, (str, int)):
        raise Rejected(name, "must be text")
    text = str(value).strip()
    if len(text) > limit:
        raise Rejected(name, f"is longer than {limit} characters")
    return text or None


def parse_event(raw: Any, default_source: str, *, force_source: bool = False) -> MentionDraft:
    """Validate one event: ``id``, ``created_at`` and ``text`` are required; the rest optional.

    ``force_source`` ignores the event's own ``source`` (a signed webhook speaks for its source
    only, so it cannot write into another source's ids).
    """
    if not isinstance(raw, Mapping):
        reason = getattr(raw, "reason", None)
        raise Rejected("event", reason if isinstance(reason, str) else "must be a JSON object")
    # A dict (what JSON and CSV readers give) is read with the compiled dict operations; any
    # other mapping is copied into one first.
    fields: dict[str, Any] = raw if isinstance(raw, dict) else dict(raw)
    ident = fields.get("id", fields.get("external_id"))
    if ident is None or isinstance(ident, bool) or not isinstance(ident, (str, int)):
        raise Rejected("id", "is required (text or number)")
    external_id = str(ident).strip()
    if not external_id or len(external_id) > MAX_ID:
        raise Rejected("id", f"must have 1 to {MAX_ID} characters")
    text = fields.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("text", "is required and must not be empty")
    if len(text) > MAX_TEXT:
        raise Rejected("text", f"is longer than {MAX_TEXT} characters")
    created_at = parse_time(fields.get("created_at"))
    source = default_source
    if not force_source and (given := fields.get("source")) not in (None, ""):
        if not isinstance(given, str) or len(given) > 50:
            raise Rejected("source", "must be text of at most 50 characters")
        source = given.strip().lower()
    audience_raw = fields.get("author_followers", fields.get("audience", 0))
    if audience_raw in (None, ""):
        audience_raw = 0
    try:
        audience = int(audience_raw)
    except (TypeError, ValueError):
        raise Rejected("author_followers", "must be a whole number") from None
    if audience < 0:
        raise Rejected("author_followers", "must not be negative")
    author = _optional_text(fields, "author", 200)
    lang = _optional_text(fields, "lang", 5)
    return MentionDraft(
        source=source,
        external_id=external_id,
        created_at=created_at,
        text=text.strip(),
        author=author.removeprefix("@") if author else None,
        audience=audience,
        url=_optional_text(fields, "url", 1000),
        language_hint=lang.lower() if lang else None,
        email=(_optional_text(fields, "email", 320) or "").lower() or None,
    )
