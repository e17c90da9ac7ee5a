"""Mentions and what Rumbo concludes from them: sources, term counters, alert rules and alerts.

A mention is unique per ``(source, external_id)``: re-sending one never duplicates it, which is
what makes every ingestion path idempotent. Event time (``created_at``) is when the customer
wrote it; ``received_at`` is when Rumbo stored it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, TimestampMixin, utcnow

SOURCE_KINDS = ("webhook", "rss", "file", "tickets", "connector")
ALERT_STATUSES = ("open", "acknowledged", "resolved")
SEVERITIES = ("low", "medium", "high", "critical")
NOTIFICATION_STATUSES = ("sent", "failed", "suppressed", "unread", "read")


class ListeningSource(TimestampMixin, Base):
    """Where mentions come from. Webhook sources sign their bodies with their own secret."""

    __tablename__ = "listening_sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    # Kept readable (not hashed): verifying an HMAC needs the key itself.
    secret: Mapped[str | None] = mapped_column(String(128))
    url: Mapped[str | None] = mapped_column(String(1000))
    network: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    cursor: Mapped[str | None] = mapped_column(String(300))
    last_polled_at: Mapped[dt.datetime | None]


def _indexed_when_set(name: str, column: str, *more: str) -> Index:
    """An index of the rows whose ``column`` is set.

    Most mentions come from people the CRM does not know, and some say nothing about a known
    topic. Their rows stay out of these indexes, which are only ever searched for one contact,
    company or topic (an equality, which both planners match to the condition). Ingestion
    writes every index of every row, so that is work saved on each mention.
    """
    condition = sql(f"{column} IS NOT NULL")
    return Index(name, column, *more, sqlite_where=condition, postgresql_where=condition)


class Mention(Base):
    """One thing a customer or the public said: a post, review, comment or support message."""

    __tablename__ = "mentions"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        _indexed_when_set("ix_mentions_contact_created", "contact_id", "created_at"),
        _indexed_when_set("ix_mentions_company_id", "company_id"),
        _indexed_when_set("ix_mentions_topic", "topic"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50))
    external_id: Mapped[str] = mapped_column(String(200))
    author: Mapped[str | None] = mapped_column(String(200))
    author_audience: Mapped[int] = mapped_column(default=0)
    url: Mapped[str | None] = mapped_column(String(1000))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="und")
    created_at: Mapped[dt.datetime] = mapped_column(index=True)
    received_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id", ondelete="SET NULL"))
    sentiment: Mapped[str] = mapped_column(String(10), default="neutral")
    sentiment_score: Mapped[float] = mapped_column(Float, default=0.0)
    complaint: Mapped[bool] = mapped_column(Boolean, default=False)
    complaint_score: Mapped[float] = mapped_column(Float, default=0.0)
    topic: Mapped[str | None] = mapped_column(String(50))
    terms: Mapped[list[Any]] = mapped_column(JSON, default=list)


class TermCount(Base):
    """Mentions per term (and ``topic:<name>``) per UTC day: what insights compare against.

    Days, not hours: a sparse stream would otherwise write a row per term per mention.

    Incremented in the transaction that stores the mentions, only for rows actually inserted, so
    re-sending or resuming an import never counts a mention twice.
    """

    __tablename__ = "mention_term_counts"

    bucket: Mapped[dt.datetime] = mapped_column(primary_key=True)
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    mentions: Mapped[int] = mapped_column(default=0)
    negative: Mapped[int] = mapped_column(default=0)
    complaints: Mapped[int] = mapped_column(default=0)


class AlertRule(TimestampMixin, Base):
    """When a detector signal (or a keyword count) becomes an alert, how bad, and who hears of it.

    ``threshold`` turns the rule into a keyword watch of its own: ``threshold`` mentions with one
    of ``terms`` within ``window_minutes`` raise an alert even without a detector signal.
    """

    __tablename__ = "alert_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    kinds: Mapped[list[Any]] = mapped_column(JSON, default=list)
    min_severity: Mapped[str] = mapped_column(String(10), default="low")
    min_score: Mapped[float] = mapped_column(Float, default=0.0)
    threshold: Mapped[int | None]
    window_minutes: Mapped[int] = mapped_column(default=60)
    severity: Mapped[str | None] = mapped_column(String(10))
    channels: Mapped[list[Any]] = mapped_column(JSON, default=list)
    quiet_start: Mapped[str | None] = mapped_column(String(5))
    quiet_end: Mapped[str | None] = mapped_column(String(5))
    timezone: Mapped[str | None] = mapped_column(String(64))


class Alert(TimestampMixin, Base):
    """Something unusual people should look at: open → acknowledged → resolved.

    ``dedupe_key`` keeps one alert per ongoing problem: while it is not resolved, further signals
    about the same terms update it (``occurrences``, ``last_seen_at``) instead of adding alerts.
    """

    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    severity: Mapped[str] = mapped_column(String(10))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    title: Mapped[str] = mapped_column(String(300))
    terms: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    affected_contacts: Mapped[int] = mapped_column(default=0)
    affected_companies: Mapped[int] = mapped_column(default=0)
    affected_arr: Mapped[Decimal] = mapped_column(Numeric(14, 2), default=Decimal("0"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("alert_rules.id", ondelete="SET NULL"))
    fired_at: Mapped[dt.datetime] = mapped_column(index=True)
    last_seen_at: Mapped[dt.datetime]
    occurrences: Mapped[int] = mapped_column(default=1)
    acknowledged_at: Mapped[dt.datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    resolved_at: Mapped[dt.datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)


class AlertNotification(Base):
    """Every attempt to tell someone about an alert; in-app ones are read from here."""

    __tablename__ = "alert_notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(30))
    target: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    read_at: Mapped[dt.datetime | None]
