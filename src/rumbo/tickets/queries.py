"""Reading tickets: the inbox with its filters, one ticket with its conversation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, func, not_, or_, select
from sqlalchemy.orm import Session, selectinload

from rumbo.db import utcnow
from rumbo.tickets.models import Message, Ticket, TicketTag

OPEN_STATUSES = ("new", "open", "pending")


def deadline_by(moment: dt.datetime) -> ColumnElement[bool]:
    """Unsolved tickets whose next deadline falls at or before ``moment`` (past ones included).

    The next deadline is the one the inbox shows: the first response while no one has answered
    and one is due, else the resolution.
    """
    awaiting_first = and_(
        Ticket.first_responded_at.is_(None), Ticket.first_response_due_at.is_not(None)
    )
    return and_(
        Ticket.status.in_(OPEN_STATUSES),
        or_(
            and_(awaiting_first, Ticket.first_response_due_at <= moment),
            and_(not_(awaiting_first), Ticket.resolution_due_at <= moment),
        ),
    )


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
    group: str | None = None,
    q: str | None = None,
    due_within_hours: int | None = None,
    next_deadline_within_hours: int | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Ticket], int]:
    """Tickets newest first. ``status="active"`` means any not yet solved.

    ``due_within_hours`` keeps the unsolved tickets whose resolution is due within that many
    hours (or overdue); ``next_deadline_within_hours`` does the same with the next deadline the
    inbox shows (see :func:`deadline_by`), first response included.
    """
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
    if group:
        stmt = stmt.where(Ticket.group == group)
    if q:
        pattern = f"%{q.lower()}%"
        in_messages = select(Message.ticket_id).where(func.lower(Message.body).like(pattern))
        stmt = stmt.where(or_(func.lower(Ticket.subject).like(pattern), Ticket.id.in_(in_messages)))
    if due_within_hours is not None:
        limit_at = utcnow() + dt.timedelta(hours=due_within_hours)
        stmt = stmt.where(Ticket.status.in_(OPEN_STATUSES), Ticket.resolution_due_at <= limit_at)
    if next_deadline_within_hours is not None:
        stmt = stmt.where(deadline_by(utcnow() + dt.timedelta(hours=next_deadline_within_hours)))
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Ticket.created_at.desc(), Ticket.id.desc()).limit(limit).offset(offset)
    )
    return list(rows), total


def groups(session: Session) -> list[str]:
    """The groups (queues) tickets have been filed under, alphabetically."""
    rows = session.scalars(select(Ticket.group).where(Ticket.group.is_not(None)).distinct())
    return sorted(g for g in rows if g)


def open_tickets_of(
    session: Session, *, contact_id: int, company_id: int | None, now: dt.datetime
) -> tuple[int, int]:
    """Unsolved tickets of a customer or their account, and how many are past their deadline."""
    whose = Ticket.contact_id == contact_id
    if company_id is not None:
        whose = or_(whose, Ticket.company_id == company_id)
    open_now = session.scalar(
        select(func.count(Ticket.id)).where(whose, Ticket.status.in_(OPEN_STATUSES))
    )
    late = session.scalar(select(func.count(Ticket.id)).where(whose, deadline_by(now)))
    return open_now or 0, late or 0


def get_ticket(session: Session, ticket_id: int) -> Ticket | None:
    return session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id)
        .options(selectinload(Ticket.messages), selectinload(Ticket.tags))
    )


def subjects(session: Session, ids: set[int]) -> dict[int, str]:
    """Subjects of the given tickets in one query (lists that link to tickets show them)."""
    if not ids:
        return {}
    rows = session.execute(select(Ticket.id, Ticket.subject).where(Ticket.id.in_(sorted(ids))))
    return {int(i): str(s) for i, s in rows}


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


@dataclass(frozen=True)
class ResponseWeek:
    """Tickets opened in one week (``week`` is its Monday, UTC): how fast they were answered
    and solved, in hours, and how many missed their deadlines.

    A ticket still waiting past its deadline counts as a breach already: waiting is the miss.
    """

    week: dt.date
    tickets: int
    first_response_p50: float | None
    first_response_p90: float | None
    resolution_p50: float | None
    resolution_p90: float | None
    first_response_breaches: int
    resolution_breaches: int


def percentile(values: list[float], share: float) -> float | None:
    """The ``share`` (0..1) percentile, interpolated between the nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def response_times_by_week(
    session: Session, since: dt.datetime, until: dt.datetime, *, now: dt.datetime
) -> list[ResponseWeek]:
    """Weeks of ``since``..``until`` with the tickets opened in them, oldest first, empty weeks
    included. Percentiles are computed here (the databases disagree on how to ask for them)."""
    first = since.astimezone(dt.UTC).date()
    first -= dt.timedelta(days=first.weekday())
    last = (until - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date()
    weeks: dict[dt.date, list[tuple[float | None, float | None, bool, bool]]] = {}
    week = first
    while week <= last:
        weeks[week] = []
        week += dt.timedelta(days=7)
    rows = session.execute(
        select(
            Ticket.created_at,
            Ticket.first_responded_at,
            Ticket.solved_at,
            Ticket.first_response_due_at,
            Ticket.resolution_due_at,
        ).where(Ticket.created_at >= since, Ticket.created_at < until)
    )
    hour = dt.timedelta(hours=1)
    for created, responded, solved, response_due, resolution_due in rows:
        day = created.astimezone(dt.UTC).date()
        bucket = weeks.get(day - dt.timedelta(days=day.weekday()))
        if bucket is None:
            continue
        bucket.append(
            (
                (responded - created) / hour if responded else None,
                (solved - created) / hour if solved else None,
                response_due is not None and (responded or now) > response_due,
                resolution_due is not None and (solved or now) > resolution_due,
            )
        )
    found = []
    for start, tickets in weeks.items():
        responses = [r for r, _s, _rb, _sb in tickets if r is not None]
        resolutions = [s for _r, s, _rb, _sb in tickets if s is not None]
        found.append(
            ResponseWeek(
                week=start,
                tickets=len(tickets),
                first_response_p50=percentile(responses, 0.5),
                first_response_p90=percentile(responses, 0.9),
                resolution_p50=percentile(resolutions, 0.5),
                resolution_p90=percentile(resolutions, 0.9),
                first_response_breaches=sum(1 for t in tickets if t[2]),
                resolution_breaches=sum(1 for t in tickets if t[3]),
            )
        )
    return found
