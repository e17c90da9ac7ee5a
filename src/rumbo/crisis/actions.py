"""Every write to an incident: opening, declaring, moving through its lifecycle, tasks, links.

Each change also adds a line to the incident's timeline, so the review can be assembled from the
timeline alone. Declaring an incident instantiates its playbook: tasks with owner roles and due
times counted from the declaration, and the communications to prepare.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from rumbo.accounts.models import User
from rumbo.context import Context
from rumbo.crisis import links
from rumbo.crisis.drafting_link import prepare_drafts
from rumbo.crisis.models import (
    TRANSITIONS,
    Incident,
    IncidentCommunication,
    IncidentEvent,
    IncidentMember,
    IncidentTask,
)
from rumbo.crisis.playbook import parse_duration, parse_playbook
from rumbo.crisis.playbooks_store import current_text, pin_current
from rumbo.crisis.schemas import IncidentIn, LinksIn, MemberIn
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotFound, ValidationFailed


def add_event(
    ctx: Context, incident: Incident, kind: str, message: str, **data: Any
) -> IncidentEvent:
    event = IncidentEvent(
        incident_id=incident.id,
        at=utcnow(),
        kind=kind,
        actor_label=ctx.actor.label,
        message=message,
        data=data,
    )
    ctx.session.add(event)
    return event


def get_incident(ctx: Context, incident_id: int) -> Incident:
    incident = ctx.session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"Incident {incident_id} does not exist.")
    return incident


def _check_tickets(ctx: Context, ticket_ids: list[int]) -> None:
    from rumbo.tickets.models import Ticket

    if not ticket_ids:
        return
    found = set(ctx.session.scalars(select(Ticket.id).where(Ticket.id.in_(ticket_ids))))
    missing = sorted(set(ticket_ids) - found)
    if missing:
        raise ValidationFailed(
            f"Unknown ticket ids: {', '.join(map(str, missing))}.", fields={"ticket_ids": "unknown"}
        )


def open_incident(
    ctx: Context,
    data: IncidentIn,
    *,
    source: str = "manual",
    detected_at: dt.datetime | None = None,
) -> Incident:
    """Record an incident as detected; the playbook's defaults fill what was not given.

    The playbook's keywords are always added to the ones given: they are how customers ask
    about this kind of incident, and they route questions to its notice.
    """
    ctx.require("incidents.write")
    _check_tickets(ctx, data.ticket_ids)
    spec = parse_playbook(current_text(ctx.session, data.type)[0], f"{data.type}.yaml")
    values = data.model_dump()
    values["severity"] = data.severity or spec.default_severity
    values["keywords"] = list(dict.fromkeys([*data.keywords, *spec.keywords]))[:50]
    now = utcnow()
    incident = Incident(
        **values, status="detected", detected_at=detected_at or now, status_changed_at=now
    )
    ctx.session.add(incident)
    ctx.session.flush()
    add_event(
        ctx, incident, "opened", f"Incidente abierto ({source}): {incident.title}", source=source
    )
    ctx.record(
        "incident.opened",
        "incident",
        incident.id,
        after={"title": incident.title, "type": incident.type, "severity": incident.severity},
        payload={"id": incident.id, "type": incident.type, "source": source},
    )
    return incident


def _incident_in(values: dict[str, Any]) -> IncidentIn:
    """An incident built from another record; what it lacks is named like any bad input."""
    from pydantic import ValidationError

    try:
        return IncidentIn.model_validate(values)
    except ValidationError as exc:
        fields = {".".join(map(str, e["loc"])): e["msg"] for e in exc.errors()}
        listed = "; ".join(f"{k}: {v}" for k, v in fields.items())
        raise ValidationFailed(f"The incident is not valid: {listed}", fields=fields) from None


def open_from_ticket(
    ctx: Context, ticket_id: int, incident_type: str, title: str | None = None
) -> Incident:
    from rumbo.tickets.models import Ticket

    ticket = ctx.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    data = _incident_in(
        {
            "title": title or ticket.subject,
            "type": incident_type,
            "language": ticket.language if ticket.language in ("es", "en") else "es",
            "ticket_ids": [ticket.id],
            "affected_company_ids": [ticket.company_id] if ticket.company_id else [],
        }
    )
    return open_incident(ctx, data, source=f"ticket {ticket_id}")


def open_from_alert(
    ctx: Context,
    alert_id: int,
    incident_type: str,
    title: str | None = None,
    keywords: list[str] | None = None,
) -> Incident:
    """Open an incident from a listening alert, bringing its explanation and affected customers."""
    facts = links.alert_facts(ctx.session, alert_id)
    data = _incident_in(
        {
            "title": title or facts.title,
            "type": incident_type,
            "severity": facts.severity,
            "summary": facts.summary,
            "keywords": list(dict.fromkeys([*(keywords or []), *facts.terms[:10]])),
            "affected_company_ids": facts.company_ids,
            "affected_products": facts.products,
            "alert_ids": [alert_id],
            "mention_ids": facts.mention_ids,
            "ticket_ids": facts.ticket_ids,
            "explanation": facts.explanation,
        }
    )
    # Detected when the alert fired: the review's clock starts there, not at this click.
    incident = open_incident(ctx, data, source=f"alert {alert_id}", detected_at=facts.fired_at)
    if facts.status == "open":
        links.acknowledge_alert(ctx, alert_id, incident.id)
    return incident


def change_status(ctx: Context, incident_id: int, status: str, note: str | None = None) -> Incident:
    """Move the incident along its lifecycle; a move the lifecycle does not allow is a 409."""
    ctx.require("incidents.write")
    incident = get_incident(ctx, incident_id)
    allowed = TRANSITIONS.get(incident.status, ())
    if status not in allowed:
        options = ", ".join(allowed) or "none: the review is the last step"
        raise Conflict(
            f"Incident {incident.id} is {incident.status}; it cannot go to {status} "
            f"(allowed: {options}).",
            fields={"status": "illegal_transition"},
        )
    before = incident.status
    now = utcnow()
    incident.status = status
    incident.status_changed_at = now
    text = f"Estado: {before} → {status}" + (f". {note}" if note else "")
    add_event(ctx, incident, "status", text, before=before, after=status)
    if status == "declared":
        incident.declared_at = now
        _instantiate_playbook(ctx, incident, now)
    elif status == "resolved":
        incident.resolved_at = now
        links.end_incident_notice(ctx, incident)
    elif status == "mitigating" and before == "resolved":
        incident.resolved_at = None
    ctx.record(
        "incident.status_changed",
        "incident",
        incident.id,
        before={"status": before},
        after={"status": status, "note": note},
        payload={"id": incident.id, "before": before, "status": status},
    )
    return incident


def declare(ctx: Context, incident_id: int, note: str | None = None) -> Incident:
    return change_status(ctx, incident_id, "declared", note)


def _instantiate_playbook(ctx: Context, incident: Incident, declared_at: dt.datetime) -> None:
    version = pin_current(ctx, incident.type)
    spec = parse_playbook(version.source_yaml, f"{incident.type}.yaml")
    incident.playbook_version_id = version.id
    position = 0
    for stage in spec.stages:
        for task in stage.tasks:
            position += 1
            ctx.session.add(
                IncidentTask(
                    incident_id=incident.id,
                    position=position,
                    stage=stage.name,
                    title=task.title,
                    owner_role=task.owner,
                    approvals=list(task.approvals),
                    due_at=declared_at + parse_duration(task.due),
                )
            )
    comms = [
        IncidentCommunication(
            incident_id=incident.id,
            stage=c.stage,
            audience=c.audience,
            channel=c.channel,
            brief=c.brief,
            approvals=list(c.approvals),
            due_at=declared_at + parse_duration(c.due),
        )
        for c in spec.communications
    ]
    ctx.session.add_all(comms)
    ctx.session.flush()
    prepared = prepare_drafts(ctx, incident, comms)
    add_event(
        ctx,
        incident,
        "playbook",
        f"Playbook «{spec.name}» v{version.version}: {position} tareas, {len(comms)} "
        f"comunicaciones ({prepared} borradores en revisión)",
        playbook_version_id=version.id,
        tasks=position,
        communications=len(comms),
        drafts=prepared,
    )


def add_member(ctx: Context, incident_id: int, data: MemberIn) -> Incident:
    """Give a person a role in the incident; ``commander`` also makes them its commander."""
    ctx.require("incidents.write")
    incident = get_incident(ctx, incident_id)
    user = ctx.session.get(User, data.user_id)
    if user is None or not user.is_active:
        raise ValidationFailed(
            f"User {data.user_id} does not exist.", fields={"user_id": "unknown"}
        )
    exists = ctx.session.scalar(
        select(IncidentMember.id).where(
            IncidentMember.incident_id == incident.id,
            IncidentMember.user_id == user.id,
            IncidentMember.role == data.role,
        )
    )
    if exists is None:
        ctx.session.add(IncidentMember(incident_id=incident.id, user_id=user.id, role=data.role))
    before = incident.commander_id
    if data.role == "commander":
        incident.commander_id = user.id
    for task in _open_tasks(ctx, incident.id):
        if task.owner_role == data.role and task.assignee_id is None:
            task.assignee_id = user.id
    add_event(ctx, incident, "member", f"{user.name} ({user.email}): {data.role}", user_id=user.id)
    ctx.record(
        "incident.member_added",
        "incident",
        incident.id,
        before={"commander_id": before},
        after={"user_id": user.id, "role": data.role},
    )
    return incident


def _open_tasks(ctx: Context, incident_id: int) -> list[IncidentTask]:
    return list(
        ctx.session.scalars(
            select(IncidentTask).where(
                IncidentTask.incident_id == incident_id, IncidentTask.done_at.is_(None)
            )
        )
    )


def link(ctx: Context, incident_id: int, data: LinksIn) -> Incident:
    """Attach alerts, tickets and mentions by id (links already there are kept once)."""
    ctx.require("incidents.write")
    incident = get_incident(ctx, incident_id)
    _check_tickets(ctx, data.ticket_ids)
    added: dict[str, list[int]] = {}
    for field in ("alert_ids", "ticket_ids", "mention_ids"):
        current = list(getattr(incident, field))
        new = [i for i in dict.fromkeys(getattr(data, field)) if i not in current]
        if new:
            setattr(incident, field, current + new)
            added[field] = new
    if added:
        add_event(ctx, incident, "linked", f"Vinculados: {added}", **added)
        ctx.record("incident.linked", "incident", incident.id, after=added)
    return incident


def add_note(ctx: Context, incident_id: int, message: str) -> IncidentEvent:
    ctx.require("incidents.write")
    incident = get_incident(ctx, incident_id)
    event = add_event(ctx, incident, "note", message)
    ctx.record("incident.note", "incident", incident.id, after={"message": message})
    return event
