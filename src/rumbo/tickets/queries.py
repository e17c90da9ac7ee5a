"""Reading tickets: the inbox with its filters, one ticket with its conversation."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload

from rumbo.db import utcnow
from rumbo.tickets.models import Message, Ticket, TicketTag

OPEN_STATUSES = ("new", "open", "pending")


def list_tickets(
    session: Session,
    *,
    status: str | None = None,
    priority: str | None = None,
    channel: str | None = None,
    tag: str | None = None,
    assignee_id: int | None = None,
    contact_id: int | None = None,
    company_id: int | None = None,
    q: str | None = None,
    due_within_hours: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Ticket], int]:
    """Tickets newest first. ``status="active"`` means any not yet solved."""
    stmt = select(Ticket).options(selectinload(Ticket.tags))
    if status == "active":
        stmt = stmt.where(Ticket.status.in_(OPEN_STATUSES))
    elif status:
        stmt = stmt.where(Ticket.status == status)
    if priority:
        stmt = stmt.where(Ticket.priority == priority)
    if channel:
        stmt = stmt.where(Ticket.channel == channel)
    if tag:
        stmt = stmt.where(Ticket.id.in_(select(TicketTag.ticket_id).where(TicketTag.tag == tag)))
    if assignee_id is not None:
        stmt = stmt.where(Ticket.assignee_id == assignee_id)
    if contact_id is not None:
        stmt = stmt.where(Ticket.contact_id == contact_id)
    if company_id is not None:
        stmt = stmt.where(Ticket.company_id == company_id)
    if q:
        pattern = f"%{q.lower()}%"
        in_messages = select(Message.ticket_id).where(func.lower(Message.body).like(pattern))
        stmt = stmt.where(or_(func.lower(Ticket.subject).like(pattern), Ticket.id.in_(in_messages)))
    if due_within_hours is not None:
        limit_at = utcnow() + dt.timedelta(hours=due_within_hours)
        stmt = stmt.where(Ticket.status.in_(OPEN_STATUSES), Ticket.resolution_due_at <= limit_at)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


def get_ticket(session: Session, ticket_id: int) -> Ticket | None:
    return session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .options(selectinload(Ticket.messages), selectinload(Ticket.tags))
    )


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Ticket.status, func.count()).group_by(Ticket.status))
    return dict(rows.all())


def daily_volume(session: Session, days: int = 90) -> list[tuple[dt.date, int]]:
    """Tickets opened per day over the last ``days`` (days with none are left out)."""
    since = utcnow() - dt.timedelta(days=days)
    created = session.scalars(select(Ticket.created_at).where(Ticket.created_at >= since))
    per_day: dict[dt.date, int] = {}
    for at in created:
        per_day[at.date()] = per_day.get(at.date(), 0) + 1
    return sorted(per_day.items())


def ids_by_external_id(session: Session, source: str, external_ids: list[str]) -> dict[str, int]:
    """Ticket ids for the given external ids of one source (importers link answers to tickets)."""
    found: dict[str, int] = {}
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start : start + 500]
        rows = session.execute(
            select(Ticket.external_id, Ticket.id).where(
                Ticket.source == source, Ticket.external_id.in_(chunk)
            )
        )
        found.update({external_id: ticket_id for external_id, ticket_id in rows if external_id})
    return found


def count(session: Session) -> int:
    """How many tickets the store holds."""
    return session.scalar(select(func.count(Ticket.id))) or 0
