"""Reading mentions, sources, alert rules, alerts and notifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.listening.models import Alert, AlertNotification, AlertRule, ListeningSource, Mention


def list_mentions(
    session: Session,
    *,
    source: str | None = None,
    sentiment: str | None = None,
    topic: str | None = None,
    complaint: bool | None = None,
    contact_id: int | None = None,
    company_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Mention], int]:
    """Newest first."""
    conditions = []
    if source:
        conditions.append(Mention.source == source)
    if sentiment:
        conditions.append(Mention.sentiment == sentiment)
    if topic:
        conditions.append(Mention.topic == topic)
    if complaint is not None:
        conditions.append(Mention.complaint.is_(complaint))
    if contact_id is not None:
        conditions.append(Mention.contact_id == contact_id)
    if company_id is not None:
        conditions.append(Mention.company_id == company_id)
    if since is not None:
        conditions.append(Mention.created_at >= since)
    if until is not None:
        conditions.append(Mention.created_at < until)
    total = session.scalar(select(func.count()).select_from(Mention).where(*conditions)) or 0
    rows = session.scalars(
        select(Mention)
        .where(*conditions)
        .order_by(Mention.created_at.desc(), Mention.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def count_mentions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Mention)) or 0


def list_sources(session: Session) -> Sequence[ListeningSource]:
    return session.scalars(select(ListeningSource).order_by(ListeningSource.key)).all()


def source_by_key(session: Session, key: str) -> ListeningSource | None:
    return session.scalar(select(ListeningSource).where(ListeningSource.key == key))


def list_rules(session: Session) -> Sequence[AlertRule]:
    return session.scalars(select(AlertRule).order_by(AlertRule.id)).all()


def get_rule(session: Session, rule_id: int) -> AlertRule | None:
    return session.get(AlertRule, rule_id)


def list_alerts(
    session: Session,
    *,
    status: str | None = None,
    severity: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Alert], int]:
    """Newest first; ``status="active"`` means open or acknowledged."""
    conditions = []
    if status == "active":
        conditions.append(Alert.status != "resolved")
    elif status:
        conditions.append(Alert.status == status)
    if severity:
        conditions.append(Alert.severity == severity)
    total = session.scalar(select(func.count()).select_from(Alert).where(*conditions)) or 0
    rows = session.scalars(
        select(Alert)
        .where(*conditions)
        .order_by(Alert.fired_at.desc(), Alert.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def get_alert(session: Session, alert_id: int) -> Alert | None:
    return session.get(Alert, alert_id)


def notifications_for(session: Session, alert_id: int) -> Sequence[AlertNotification]:
    return session.scalars(
        select(AlertNotification)
        .where(AlertNotification.alert_id == alert_id)
        .order_by(AlertNotification.id)
    ).all()


def inbox(session: Session, role: str, *, limit: int = 50) -> Sequence[AlertNotification]:
    """In-app notifications addressed to ``role``, newest first."""
    return session.scalars(
        select(AlertNotification)
        .where(AlertNotification.channel == "inapp", AlertNotification.target == role)
        .order_by(AlertNotification.id.desc())
        .limit(limit)
    ).all()
