"""What the listening API and CLI accept and return."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rumbo.schemas import NonEmpty, StrictInput

Severity = Literal["low", "medium", "high", "critical"]
AlertStatus = Literal["open", "acknowledged", "resolved"]
SignalKind = Literal["burst", "new_term", "negative_share", "influencer", "keyword"]
SourceKey = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,49}$")]


def _clock(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError("must be a time of day as HH:MM (24 h)")
    return value


ClockTime = Annotated[str | None, AfterValidator(_clock)]


class EventRejection(BaseModel):
    """Why one event of a batch was not taken (the others may have been)."""

    index: int
    id: str | None = None
    field: str
    reason: str


class IngestReport(BaseModel):
    """What one ingestion did. ``accepted`` events are stored; re-sent ones are ``duplicates``."""

    received: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: list[EventRejection] = Field(default_factory=list)
    alerts: list[int] = Field(default_factory=list)


class SourceIn(StrictInput):
    key: SourceKey
    kind: Literal["webhook", "rss", "file", "connector"] = "webhook"
    title: NonEmpty | None = None
    url: Annotated[str | None, Field(max_length=1000, pattern=r"^https?://")] = None
    network: Annotated[str | None, Field(max_length=30)] = None


class SourceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key: str
    kind: str
    title: str
    url: str | None
    network: str | None
    active: bool
    last_polled_at: dt.datetime | None


class SourceCreated(SourceOut):
    """Returned once, when a webhook source is created: the secret is not shown again."""

    secret: str | None


class MentionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    external_id: str
    author: str | None
    author_audience: int
    url: str | None
    text: str
    language: str
    created_at: dt.datetime
    contact_id: int | None
    company_id: int | None
    sentiment: str
    sentiment_score: float
    complaint: bool
    topic: str | None
    terms: list[str]


class Channel(StrictInput):
    """Where an alert goes: ``email`` to an address, ``webhook`` to a URL, ``inapp`` to a role."""

    notifier: Annotated[str, Field(min_length=1, max_length=30)]
    target: Annotated[str, Field(min_length=1, max_length=500)]


class AlertRuleIn(StrictInput):
    name: NonEmpty
    active: bool = True
    terms: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(default_factory=list)
    kinds: list[SignalKind] = Field(default_factory=list)
    min_severity: Severity = "low"
    min_score: Annotated[float, Field(ge=0)] = 0.0
    threshold: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    window_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 60
    severity: Severity | None = None
    channels: list[Channel] = Field(default_factory=list)
    quiet_start: ClockTime = None
    quiet_end: ClockTime = None
    timezone: Annotated[str | None, Field(max_length=64)] = None


class AlertRulePatch(StrictInput):
    name: NonEmpty | None = None
    active: bool | None = None
    terms: list[Annotated[str, Field(min_length=1, max_length=100)]] | None = None
    kinds: list[SignalKind] | None = None
    min_severity: Severity | None = None
    min_score: Annotated[float | None, Field(ge=0)] = None
    threshold: Annotated[int | None, Field(ge=1, le=1_000_000)] = None
    window_minutes: Annotated[int | None, Field(ge=1, le=7 * 24 * 60)] = None
    severity: Severity | None = None
    channels: list[Channel] | None = None
    quiet_start: ClockTime = None
    quiet_end: ClockTime = None
    timezone: Annotated[str | None, Field(max_length=64)] = None


class AlertRuleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    active: bool
    terms: list[str]
    kinds: list[str]
    min_severity: str
    min_score: float
    threshold: int | None
    window_minutes: int
    severity: str | None
    channels: list[dict[str, str]]
    quiet_start: str | None
    quiet_end: str | None
    timezone: str | None


class AlertOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: str
    status: str
    severity: str
    score: float
    title: str
    terms: list[str]
    explanation: dict[str, Any]
    affected_contacts: int
    affected_companies: int
    affected_arr: Decimal
    rule_id: int | None
    fired_at: dt.datetime
    last_seen_at: dt.datetime
    occurrences: int
    acknowledged_at: dt.datetime | None
    resolved_at: dt.datetime | None
    note: str | None


class AlertAction(StrictInput):
    note: Annotated[str | None, Field(max_length=2000)] = None
