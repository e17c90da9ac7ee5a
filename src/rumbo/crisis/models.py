"""Incidents, their timeline and tasks, the playbooks they follow, and the public status page."""

from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.crisis.kinds import IncidentTypeName, Severity
from rumbo.db import Base, TimestampMixin, utcnow
from rumbo.drafting.vocabulary import OWNER_ROLES

INCIDENT_TYPES: tuple[str, ...] = get_args(IncidentTypeName)
SEVERITIES: tuple[str, ...] = get_args(Severity)
STATUSES = ("detected", "declared", "mitigating", "monitoring", "resolved", "review")
# Where an incident may go from each status. A relapse goes back to mitigating; a review is final.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "detected": ("declared",),
    "declared": ("mitigating",),
    "mitigating": ("monitoring", "resolved"),
    "monitoring": ("mitigating", "resolved"),
    "resolved": ("mitigating", "review"),
    "review": (),
}
ACTIVE_STATUSES = ("declared", "mitigating", "monitoring")
MEMBER_ROLES = ("commander", *OWNER_ROLES)
COMPONENT_STATUSES = ("operational", "degraded", "partial_outage", "major_outage", "maintenance")
UPDATE_STATES = ("draft", "approved", "published")
UPDATE_PHASES = ("investigating", "identified", "monitoring", "resolved")


class Incident(TimestampMixin, Base):
    __tablename__ = "incidents"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    type: Mapped[str] = mapped_column(String(30), index=True)
    severity: Mapped[str] = mapped_column(String(20), default="medium")
    status: Mapped[str] = mapped_column(String(20), default="detected", index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(5), default="es")
    commander_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Words customers use about it: they route assistant questions to the incident's notice.
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    affected_products: Mapped[list[Any]] = mapped_column(JSON, default=list)
    affected_segments: Mapped[list[Any]] = mapped_column(JSON, default=list)
    affected_company_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Links by id to records of other domains (alerts and mentions may live in optional modules).
    alert_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ticket_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    mention_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    playbook_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("playbook_versions.id", ondelete="SET NULL")
    )
    notice_id: Mapped[int | None] = mapped_column(
        ForeignKey("active_notices.id", ondelete="SET NULL")
    )
    detected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    declared_at: Mapped[dt.datetime | None]
    resolved_at: Mapped[dt.datetime | None]
    status_changed_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IncidentMember(Base):
    """A person working the incident in one role (the commander is a member too)."""

    __tablename__ = "incident_members"
    __table_args__ = (UniqueConstraint("incident_id", "user_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(30))
    added_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IncidentEvent(Base):
    """One line of the timeline: what happened, when, and who did it."""

    __tablename__ = "incident_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(50))
    actor_label: Mapped[str] = mapped_column(String(320))
    message: Mapped[str] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PlaybookVersion(Base):
    """One saved version of the playbook of an incident type, as the YAML an admin wrote."""

    __tablename__ = "playbook_versions"
    __table_args__ = (UniqueConstraint("incident_type", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_type: Mapped[str] = mapped_column(String(30), index=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    source_yaml: Mapped[str] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(String(300))
    author_label: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class IncidentTask(Base):
    """A playbook task made concrete for one incident: an owner role and a due time."""

    __tablename__ = "incident_tasks"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    stage: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(500))
    owner_role: Mapped[str] = mapped_column(String(30))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    approvals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    due_at: Mapped[dt.datetime] = mapped_column(index=True)
    done_at: Mapped[dt.datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(320))
    reminders_sent: Mapped[int] = mapped_column(default=0)
    last_reminded_at: Mapped[dt.datetime | None]


class IncidentCommunication(Base):
    """A message the playbook asks for: one audience, one channel, drafted and approved first."""

    __tablename__ = "incident_communications"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(50))
    channel: Mapped[str] = mapped_column(String(30))
    brief: Mapped[str] = mapped_column(Text)
    approvals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    due_at: Mapped[dt.datetime]
    # "pending" until a draft exists; then the draft's own workflow decides when it is sent.
    status: Mapped[str] = mapped_column(String(20), default="pending")
    draft_id: Mapped[int | None]


class StatusComponent(TimestampMixin, Base):
    """A part of the service as customers know it, e.g. "Punto de venta" or "Pagos"."""

    __tablename__ = "status_components"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(20), default="operational")


class StatusUpdate(TimestampMixin, Base):
    """A public update about an incident: drafted, approved by someone else, then published."""

    __tablename__ = "status_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    state: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    phase: Mapped[str] = mapped_column(String(20), default="investigating")
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="es")
    component_statuses: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    drafted_by: Mapped[str] = mapped_column(String(320))
    approved_by: Mapped[str | None] = mapped_column(String(320))
    approved_at: Mapped[dt.datetime | None]
    published_at: Mapped[dt.datetime | None] = mapped_column(index=True)


class StatusSubscription(Base):
    """An email address that asked for status updates; nothing is sent until it is confirmed."""

    __tablename__ = "status_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    confirmed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    confirmed_at: Mapped[dt.datetime | None]


class StatusDelivery(Base):
    """One update emailed to one subscriber: the row makes a re-run skip it."""

    __tablename__ = "status_deliveries"
    __table_args__ = (UniqueConstraint("update_id", "subscription_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("status_updates.id", ondelete="CASCADE"))
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("status_subscriptions.id", ondelete="CASCADE")
    )
    sent_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
