"""Every write of surge triage: regrouping the queue, linking a group, answering a group."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from rumbo.context import Context
from rumbo.crm.models import Company, Contact
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotFound, ValidationFailed
from rumbo.tickets.models import Message, Ticket
from rumbo.triage.models import SurgeGroup, SurgeMember, SurgeReply
from rumbo.triage.schemas import BulkReplyIn, LinkIn, RegroupIn

OPEN_STATUSES = ("new", "open", "pending")
_FIELD = re.compile(r"\{([a-z_]+)\}")
FIELDS = ("first_name", "name", "company")
_GREETING = re.compile(r"^\s*(hola|buen[oa]s|estimad[oa]s?|hi|hello|dear)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Request:
    ticket: Ticket
    text: str
    contact: Contact | None
    company: Company | None


def _requests(ctx: Context, since: dt.datetime) -> list[_Request]:
    tickets = ctx.session.scalars(
        select(Ticket)
        .where(Ticket.status.in_(OPEN_STATUSES), Ticket.created_at >= since)
        .order_by(Ticket.id)
    ).all()
    if not tickets:
        return []
    ids = [t.id for t in tickets]
    first: dict[int, str] = {}
    for ticket_id, body in ctx.session.execute(
        select(Message.ticket_id, Message.body)
        .where(Message.ticket_id.in_(ids), Message.author_kind == "customer")
        .order_by(Message.ticket_id, Message.created_at, Message.id)
    ):
        first.setdefault(ticket_id, body)
    contacts = {
        c.id: c
        for c in ctx.session.scalars(
            select(Contact).where(Contact.id.in_({t.contact_id for t in tickets if t.contact_id}))
        )
    }
    companies = {
        c.id: c
        for c in ctx.session.scalars(
            select(Company).where(Company.id.in_({t.company_id for t in tickets if t.company_id}))
        )
    }
    return [
        _Request(
            t,
            f"{t.subject}. {first.get(t.id, '')}".strip(),
            contacts.get(t.contact_id) if t.contact_id else None,
            companies.get(t.company_id) if t.company_id else None,
        )
        for t in tickets
    ]


def ticket_priority(request: _Request, now: dt.datetime, top_arr: float) -> float:
    """0..1: account value, negative sentiment, audience reach and SLA pressure, weighed.

    Value and reach are on a log scale (a 10x larger account is a step, not a wall); the SLA part
    grows as the resolution deadline nears and is full once it has passed.
    """
    arr = float(request.company.arr) if request.company else 0.0
    value = math.log1p(arr) / math.log1p(top_arr) if top_arr > 0 else 0.0
    negative = 1.0 if request.ticket.sentiment_label == "negative" else 0.0
    audience = request.contact.audience_size if request.contact else 0
    reach = min(1.0, math.log10(1 + audience) / 6)  # a million followers is the top
    due = request.ticket.resolution_due_at
    if due is None:
        sla = 0.0
    else:
        hours_left = (due - now).total_seconds() / 3600
        sla = 1.0 if hours_left <= 0 else max(0.0, 1 - hours_left / 48)
    return round(0.35 * value + 0.25 * negative + 0.2 * reach + 0.2 * sla, 4)


@dataclass(frozen=True)
class Regrouped:
    groups: list[SurgeGroup]
    tickets_seen: int


def regroup(ctx: Context, data: RegroupIn) -> Regrouped:
    """Group the open tickets of the last ``hours``; groups of ``min_size`` or more are surges.

    Earlier open groups that no incident claims are superseded; a group linked to an incident
    keeps its tickets, so the crisis room's view does not shift under people working it.
    """
    from rumbo.triage.grouping import group_texts

    ctx.require("tickets.write")
    now = utcnow()
    since = now - dt.timedelta(hours=data.hours)
    kept = ctx.session.scalars(
        select(SurgeGroup)
        .where(SurgeGroup.status == "open", SurgeGroup.incident_id.is_not(None))
        .options(selectinload(SurgeGroup.members))
    ).all()
    claimed = {m.ticket_id for g in kept for m in g.members}
    ctx.session.execute(
        update(SurgeGroup)
        .where(SurgeGroup.status == "open", SurgeGroup.incident_id.is_(None))
        .values(status="superseded", updated_at=now)
    )
    requests = [r for r in _requests(ctx, since) if r.ticket.id not in claimed]
    created: list[SurgeGroup] = []
    if len(requests) >= data.min_size:
        grouping = group_texts([r.text for r in requests])
        top_arr = max((float(r.company.arr) for r in requests if r.company), default=0.0)
        for group in grouping.groups:
            if len(group.members) < data.min_size:
                continue
            members = [requests[i] for i in group.members]
            scored = sorted(
                ((ticket_priority(r, now, top_arr), r) for r in members),
                key=lambda pair: (-pair[0], pair[1].ticket.id),
            )
            row = SurgeGroup(
                label=group.label[:300],
                terms=list(group.terms),
                size=len(members),
                # Big groups of valuable, upset, visible or late customers first.
                priority=round(sum(p for p, _ in scored), 4),
                window_start=since,
                window_end=now,
            )
            row.members = [
                SurgeMember(ticket_id=r.ticket.id, rank=rank, priority=p, similarity=0.0)
                for rank, (p, r) in enumerate(scored, start=1)
            ]
            ctx.session.add(row)
            created.append(row)
    ctx.session.flush()
    ctx.record(
        "surge.regrouped",
        "surge_group",
        None,
        after={
            "hours": data.hours,
            "tickets": len(requests),
            "groups": [g.id for g in created],
        },
    )
    created.sort(key=lambda g: (-g.priority, g.id))
    return Regrouped(created, len(requests))


def _group(ctx: Context, group_id: int) -> SurgeGroup:
    group = ctx.session.get(SurgeGroup, group_id)
    if group is None:
        raise NotFound(f"There is no surge group {group_id}.")
    return group


def link_incident(ctx: Context, group_id: int, data: LinkIn) -> SurgeGroup:
    """Tie a group to the incident it is part of (or untie it with ``None``)."""
    ctx.require("incidents.write")
    group = _group(ctx, group_id)
    before = group.incident_id
    if data.incident_id is not None:
        # The incident lists the group's tickets too, so its room shows who wrote in; an unknown
        # incident is refused here (404) before anything changes.
        from rumbo.crisis import actions as crisis
        from rumbo.crisis.schemas import LinksIn

        tickets = [m.ticket_id for m in group.members][:10_000]
        crisis.link(ctx, data.incident_id, LinksIn(ticket_ids=tickets))
    group.incident_id = data.incident_id
    group.updated_at = utcnow()
    ctx.session.flush()
    ctx.record(
        "surge.linked",
        "surge_group",
        group.id,
        before={"incident_id": before},
        after={"incident_id": group.incident_id},
    )
    return group


def personalise(body: str, contact: Contact | None, company: Company | None, language: str) -> str:
    """The reply for one recipient: fields filled, and a greeting by first name if none."""
    name = contact.name.strip() if contact else ""
    values = {
        "first_name": name.split()[0] if name else "",
        "name": name,
        "company": company.name if company else "",
    }
    text = _FIELD.sub(lambda m: values[m.group(1)], body).strip()
    text = re.sub(r"[ \t]+([,.;:!?])", r"\1", re.sub(r"[ \t]{2,}", " ", text))
    if not _GREETING.match(text):
        hello = "Hi" if language == "en" else "Hola"
        greeting = f"{hello} {values['first_name']}," if values["first_name"] else f"{hello},"
        text = f"{greeting}\n\n{text}"
    return text


def _check_fields(body: str) -> None:
    unknown = sorted({m.group(1) for m in _FIELD.finditer(body)} - set(FIELDS))
    if unknown:
        raise ValidationFailed(
            f"Unknown field {{{unknown[0]}}} in the reply: use {', '.join(FIELDS)}.",
            fields={"body": f"unknown field {unknown[0]}"},
        )


def bulk_reply(ctx: Context, group_id: int, data: BulkReplyIn) -> tuple[list[int], list[int]]:
    """Answer every ticket of a group with one approved text, personalised per recipient.

    Each ticket gets its reply through the normal ticket reply (so it is audited and its status
    set like any reply) and a :class:`SurgeReply` row whose key is unique per group, ticket and
    text: running the same bulk reply again, after a crash or by a double click, sends nothing
    twice. Returns (ticket ids answered now, ticket ids answered before).
    """
    from rumbo.tickets.actions import reply
    from rumbo.tickets.schemas import ReplyIn

    ctx.require("drafts.send")
    _check_fields(data.body)
    group = _group(ctx, group_id)
    if group.status == "superseded":
        raise Conflict(
            f"Surge group {group_id} was replaced by a newer grouping; answer the current one."
        )
    digest = hashlib.sha256(data.body.encode()).hexdigest()[:16]
    keys = {m.ticket_id: f"{group.id}:{m.ticket_id}:{digest}" for m in group.members}
    done = set(
        ctx.session.scalars(select(SurgeReply.ticket_id).where(SurgeReply.key.in_(keys.values())))
    )
    sent: list[int] = []
    now = utcnow()
    for member in group.members:
        if member.ticket_id in done:
            continue
        ticket = ctx.session.get(Ticket, member.ticket_id)
        if ticket is None:
            continue
        contact = ctx.session.get(Contact, ticket.contact_id) if ticket.contact_id else None
        company = ctx.session.get(Company, ticket.company_id) if ticket.company_id else None
        text = personalise(data.body, contact, company, ticket.language)
        message = reply(ctx, ticket.id, ReplyIn(body=text, status=data.status))
        ctx.session.add(
            SurgeReply(
                key=keys[member.ticket_id],
                group_id=group.id,
                ticket_id=ticket.id,
                message_id=message.id,
                sent_at=now,
            )
        )
        sent.append(ticket.id)
    if sent:
        group.status = "answered"
        group.updated_at = now
    ctx.session.flush()
    ctx.record(
        "surge.bulk_replied",
        "surge_group",
        group.id,
        after={"sent": sent, "already_sent": sorted(done), "draft_id": data.draft_id},
    )
    return sent, sorted(done)
