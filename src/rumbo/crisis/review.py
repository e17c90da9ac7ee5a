"""The post-incident review, assembled from what was recorded while the incident ran.

Nothing here is typed in after the fact: the timeline, tasks, status updates, linked tickets and
mentions and the CRM say what happened, how fast, who approved what, and whom it touched.
:mod:`rumbo.crisis.review_export` turns the result into Markdown and printable HTML.
"""

from __future__ import annotations

import datetime as dt
import statistics
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.crisis import queries
from rumbo.crisis.models import Incident, StatusDelivery
from rumbo.crisis.playbook import parse_playbook
from rumbo.crisis.playbooks_store import current_text
from rumbo.db import utcnow

# How far around the incident the volume charts look, to show the baseline before and after;
# past the horizon the curve is no longer the incident's (a late declaration, a long tail).
MARGIN = dt.timedelta(hours=6)
HORIZON = dt.timedelta(hours=72)
MAX_BUCKETS = 48
GENERIC_PROMPTS = (
    "¿Qué funcionó bien y debemos conservar?",
    "¿Qué nos sorprendió y qué señal lo habría anticipado?",
    "¿Qué tarea del playbook sobró, faltó o tenía un plazo poco realista?",
)


def _minutes(start: dt.datetime | None, end: dt.datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start).total_seconds() / 60, 1)


def _bucket_size(span: dt.timedelta) -> dt.timedelta:
    hours = max(1, int(span.total_seconds() // 3600 // MAX_BUCKETS) + 1)
    return dt.timedelta(hours=hours)


def _series(
    moments: list[tuple[dt.datetime, str | None]], start: dt.datetime, size: dt.timedelta, n: int
) -> list[dict[str, Any]]:
    counts = [{"total": 0, "negative": 0, "neutral": 0, "positive": 0} for _ in range(n)]
    for at, sentiment in moments:
        index = int((at - start) / size)
        if 0 <= index < n:
            counts[index]["total"] += 1
            if sentiment in ("negative", "neutral", "positive"):
                counts[index][sentiment] += 1
    return [{"start": start + i * size, **c} for i, c in enumerate(counts)]


def _volumes(session: Session, incident: Incident, end: dt.datetime) -> dict[str, Any]:
    from rumbo.tickets.models import Ticket

    start = (incident.detected_at - MARGIN).replace(minute=0, second=0, microsecond=0)
    stop = min(end + MARGIN, incident.detected_at + HORIZON)
    size = _bucket_size(stop - start)
    n = int((stop - start) / size) + 1
    window = (Ticket.created_at >= start, Ticket.created_at <= stop)
    all_tickets: list[tuple[dt.datetime, str | None]] = [
        (at, None) for (at,) in session.execute(select(Ticket.created_at).where(*window))
    ]
    linked: list[tuple[dt.datetime, str | None]] = []
    if incident.ticket_ids:
        linked = [
            (at, label)
            for at, label in session.execute(
                select(Ticket.created_at, Ticket.sentiment_label).where(
                    Ticket.id.in_(incident.ticket_ids)
                )
            )
        ]
    return {
        "bucket_hours": size.total_seconds() / 3600,
        "tickets": _series(all_tickets, start, size, n),
        "linked_tickets": _series(linked, start, size, n),
        "mentions": _series(_mentions(session, incident), start, size, n),
    }


def _mentions(session: Session, incident: Incident) -> list[tuple[dt.datetime, str | None]]:
    if not incident.mention_ids:
        return []
    try:
        from rumbo.listening.models import Mention
    except ImportError:  # listening is optional; without it there are no mentions to chart
        return []
    rows = session.execute(
        select(Mention.created_at, Mention.sentiment).where(Mention.id.in_(incident.mention_ids))
    )
    return [(at, sentiment) for at, sentiment in rows]


def _response_times(session: Session, incident: Incident) -> dict[str, Any]:
    from rumbo.tickets.models import Ticket

    firsts: list[float] = []
    if incident.ticket_ids:
        for created, responded in session.execute(
            select(Ticket.created_at, Ticket.first_responded_at).where(
                Ticket.id.in_(incident.ticket_ids)
            )
        ):
            if responded is not None:
                firsts.append((responded - created).total_seconds() / 60)
    published = [
        u.published_at
        for u in queries.status_updates(session, incident_id=incident.id, state="published")
        if u.published_at is not None
    ]
    return {
        "detect_to_declare_min": _minutes(incident.detected_at, incident.declared_at),
        "declare_to_first_status_update_min": _minutes(
            incident.declared_at, min(published) if published else None
        ),
        "declare_to_resolve_min": _minutes(incident.declared_at, incident.resolved_at),
        "tickets_answered": len(firsts),
        "ticket_first_response_median_min": round(statistics.median(firsts), 1) if firsts else None,
        "ticket_first_response_max_min": round(max(firsts), 1) if firsts else None,
    }


def _messages(session: Session, incident: Incident) -> dict[str, Any]:
    updates = []
    for u in sorted(
        queries.status_updates(session, incident_id=incident.id), key=lambda u: u.created_at
    ):
        deliveries = session.scalar(
            select(func.count()).select_from(StatusDelivery).where(StatusDelivery.update_id == u.id)
        )
        updates.append(
            {
                "id": u.id,
                "title": u.title,
                "phase": u.phase,
                "state": u.state,
                "drafted_by": u.drafted_by,
                "drafted_at": u.created_at,
                "approved_by": u.approved_by,
                "approved_at": u.approved_at,
                "published_at": u.published_at,
                "emails_sent": deliveries or 0,
            }
        )
    from rumbo.crisis.drafting_link import draft_record

    listed = queries.communications(session, incident.id)
    drafts = draft_record(session, [c.draft_id for c in listed if c.draft_id is not None])
    empty: dict[str, Any] = {"approvals": [], "sent": 0}
    comms = [
        {
            "audience": c.audience,
            "channel": c.channel,
            "status": c.status,
            "draft_id": c.draft_id,
            "due_at": c.due_at,
            **(drafts.get(c.draft_id, empty) if c.draft_id is not None else empty),
        }
        for c in listed
    ]
    return {"status_updates": updates, "communications": comms}


def _affected(session: Session, incident: Incident) -> dict[str, Any]:
    from rumbo.crm.models import Company
    from rumbo.tickets.models import Ticket

    company_ids = {int(i) for i in incident.affected_company_ids}
    contacts: set[int] = set()
    if incident.ticket_ids:
        for company_id, contact_id in session.execute(
            select(Ticket.company_id, Ticket.contact_id).where(Ticket.id.in_(incident.ticket_ids))
        ):
            if company_id is not None:
                company_ids.add(company_id)
            if contact_id is not None:
                contacts.add(contact_id)
    companies: list[dict[str, Any]] = []
    by_currency: dict[str, Decimal] = {}
    if company_ids:
        for c in session.scalars(select(Company).where(Company.id.in_(sorted(company_ids)))):
            companies.append(
                {"id": c.id, "name": c.name, "arr": c.arr, "currency": c.currency, "plan": c.plan}
            )
            by_currency[c.currency] = by_currency.get(c.currency, Decimal("0")) + (c.arr or 0)
    companies.sort(key=lambda c: c["arr"], reverse=True)
    # The alert counted everyone who wrote about it; its explanation lists only the largest.
    estimate = (incident.explanation or {}).get("affected") or {}
    return {
        "alert_company_count": estimate.get("company_count"),
        "alert_arr_total": estimate.get("arr_total"),
        "companies": companies,
        "company_count": len(companies),
        "contact_count": len(contacts),
        "arr_by_currency": {k: str(v) for k, v in sorted(by_currency.items())},
        "products": list(incident.affected_products),
        "segments": list(incident.affected_segments),
    }


def _late_tasks(session: Session, incident: Incident, now: dt.datetime) -> list[dict[str, Any]]:
    late = []
    for t in queries.tasks(session, incident.id):
        finished = t.done_at or now
        if finished > t.due_at:
            late.append(
                {
                    "title": t.title,
                    "owner_role": t.owner_role,
                    "due_at": t.due_at,
                    "done_at": t.done_at,
                    "late_by_min": _minutes(t.due_at, finished),
                }
            )
    return late


def _prompts(session: Session, incident: Incident) -> list[str]:
    try:
        spec = parse_playbook(current_text(session, incident.type)[0])
        own = list(spec.lessons_prompts)
    except Exception:  # a broken stored playbook must not block the review
        own = []
    return [*own, *GENERIC_PROMPTS]


def assemble_review(session: Session, incident_id: int) -> dict[str, Any]:
    """Everything the review shows, as plain data (datetimes stay datetimes)."""
    incident = queries.get_incident(session, incident_id)
    now = utcnow()
    end = incident.resolved_at or now
    all_tasks = queries.tasks(session, incident.id)
    return {
        "incident": queries.incident_out(incident).model_dump(),
        "generated_at": now,
        "timeline": [
            {"at": e.at, "kind": e.kind, "actor": e.actor_label, "message": e.message}
            for e in queries.timeline(session, incident.id)
        ],
        "volumes": _volumes(session, incident, end),
        "response_times": _response_times(session, incident),
        "messages": _messages(session, incident),
        "affected": _affected(session, incident),
        "tasks": {"total": len(all_tasks), "done": sum(1 for t in all_tasks if t.done_at)},
        "late_tasks": _late_tasks(session, incident, now),
        "lessons_prompts": _prompts(session, incident),
    }
