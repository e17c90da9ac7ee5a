"""Reading incidents, their tasks and timeline, playbooks and the status page."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.crisis.models import (
    ACTIVE_STATUSES,
    TRANSITIONS,
    Incident,
    IncidentCommunication,
    IncidentEvent,
    IncidentMember,
    IncidentTask,
    StatusComponent,
    StatusUpdate,
)
from rumbo.crisis.schemas import (
    CommunicationOut,
    EventOut,
    IncidentDetailOut,
    IncidentOut,
    MemberOut,
    TaskOut,
)
from rumbo.db import utcnow
from rumbo.errors import NotFound


def incident_out(incident: Incident) -> IncidentOut:
    out = IncidentOut.model_validate(incident)
    out.next_statuses = list(TRANSITIONS.get(incident.status, ()))
    return out


def list_incidents(
    session: Session,
    *,
    status: str | None = None,
    incident_type: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Incident], int]:
    stmt = select(Incident)
    if status:
        stmt = stmt.where(Incident.status == status)
    if incident_type:
        stmt = stmt.where(Incident.type == incident_type)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(stmt.order_by(Incident.id.desc()).limit(limit).offset(offset))
    return list(rows), total


def get_incident(session: Session, incident_id: int) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"Incident {incident_id} does not exist.")
    return incident


def tasks(session: Session, incident_id: int) -> list[IncidentTask]:
    stmt = select(IncidentTask).where(IncidentTask.incident_id == incident_id)
    return list(session.scalars(stmt.order_by(IncidentTask.position)))


def timeline(session: Session, incident_id: int) -> list[IncidentEvent]:
    stmt = select(IncidentEvent).where(IncidentEvent.incident_id == incident_id)
    return list(session.scalars(stmt.order_by(IncidentEvent.at, IncidentEvent.id)))


def communications(session: Session, incident_id: int) -> list[CommunicationOut]:
    """The playbook's communications, each with its draft's current status in the studio."""
    from rumbo.crisis.drafting_link import draft_statuses

    stmt = select(IncidentCommunication).where(IncidentCommunication.incident_id == incident_id)
    rows = [
        CommunicationOut.model_validate(c)
        for c in session.scalars(
            stmt.order_by(IncidentCommunication.due_at, IncidentCommunication.id)
        )
    ]
    live = draft_statuses(session, [c.draft_id for c in rows if c.draft_id is not None])
    for row in rows:
        if row.draft_id is not None and row.draft_id in live:
            row.status = live[row.draft_id]
    return rows


def incident_detail(session: Session, incident_id: int) -> IncidentDetailOut:
    incident = get_incident(session, incident_id)
    members = session.scalars(
        select(IncidentMember)
        .where(IncidentMember.incident_id == incident_id)
        .order_by(IncidentMember.id)
    )
    return IncidentDetailOut(
        **incident_out(incident).model_dump(),
        explanation=incident.explanation,
        members=[MemberOut.model_validate(m) for m in members],
        tasks=[TaskOut.model_validate(t) for t in tasks(session, incident_id)],
        communications=communications(session, incident_id),
        timeline=[EventOut.model_validate(e) for e in timeline(session, incident_id)],
    )


def status_updates(
    session: Session, *, incident_id: int | None = None, state: str | None = None
) -> list[StatusUpdate]:
    stmt = select(StatusUpdate)
    if incident_id is not None:
        stmt = stmt.where(StatusUpdate.incident_id == incident_id)
    if state:
        stmt = stmt.where(StatusUpdate.state == state)
    return list(session.scalars(stmt.order_by(StatusUpdate.id.desc())))


def components(session: Session) -> list[StatusComponent]:
    stmt = select(StatusComponent).order_by(StatusComponent.position, StatusComponent.name)
    return list(session.scalars(stmt))


def public_incidents(
    session: Session, *, history_days: int = 90
) -> tuple[list[tuple[Incident, list[StatusUpdate]]], list[tuple[Incident, list[StatusUpdate]]]]:
    """(current, history): incidents with at least one published update, newest update first.

    Only published updates are ever read here: drafts and approvals stay inside.
    """
    since = utcnow() - dt.timedelta(days=history_days)
    updates = session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.state == "published", StatusUpdate.published_at >= since)
        .order_by(StatusUpdate.published_at.desc(), StatusUpdate.id.desc())
    )
    by_incident: dict[int, list[StatusUpdate]] = {}
    for update in updates:
        by_incident.setdefault(update.incident_id, []).append(update)
    if not by_incident:
        return [], []
    incidents = session.scalars(select(Incident).where(Incident.id.in_(list(by_incident))))
    current: list[tuple[Incident, list[StatusUpdate]]] = []
    history: list[tuple[Incident, list[StatusUpdate]]] = []
    for incident in sorted(
        incidents, key=lambda i: by_incident[i.id][0].published_at or utcnow(), reverse=True
    ):
        entry = (incident, by_incident[incident.id])
        ongoing = (
            incident.status in ACTIVE_STATUSES and by_incident[incident.id][0].phase != "resolved"
        )
        (current if ongoing else history).append(entry)
    return current, history


# Incidents the crisis room watches: detected ones wait for someone to declare them.
ROOM_STATUSES = ("detected", *ACTIVE_STATUSES)


def room_incidents(session: Session, *, limit: int = 50) -> list[Incident]:
    """Incidents not yet resolved (detected or active), most severe first, then newest."""
    rank = {"critical": 0, "high": 1, "medium": 2, "low": 3}
    rows = session.scalars(
        select(Incident)
        .where(Incident.status.in_(ROOM_STATUSES))
        .order_by(Incident.id.desc())
        .limit(limit)
    )
    return sorted(rows, key=lambda i: rank.get(i.severity, 4))


def count_active_incidents(session: Session) -> int:
    """Incidents detected or being worked (the crisis room's counter)."""
    stmt = select(func.count()).select_from(Incident).where(Incident.status.in_(ROOM_STATUSES))
    return session.scalar(stmt) or 0


def tasks_by_incident(session: Session, incident_ids: list[int]) -> dict[int, list[IncidentTask]]:
    """The tasks of several incidents in one query, each list in playbook order."""
    found: dict[int, list[IncidentTask]] = {i: [] for i in incident_ids}
    if not incident_ids:
        return found
    stmt = select(IncidentTask).where(IncidentTask.incident_id.in_(incident_ids))
    for task in session.scalars(stmt.order_by(IncidentTask.incident_id, IncidentTask.position)):
        found[task.incident_id].append(task)
    return found


def incidents_by_alert(session: Session, alert_ids: list[int]) -> dict[int, int]:
    """For each of ``alert_ids`` linked to an incident, the newest such incident's id.

    Links are a JSON list on the incident; reading the ids and lists beats a JSON query that
    each database spells differently.
    """
    wanted = set(alert_ids)
    found: dict[int, int] = {}
    if not wanted:
        return found
    rows = session.execute(select(Incident.id, Incident.alert_ids).order_by(Incident.id))
    for incident_id, linked in rows:
        for alert_id in linked or ():
            if alert_id in wanted:
                found[int(alert_id)] = int(incident_id)
    return found


# A status update waits for someone while it is a draft (approval) or approved (publication).
AWAITING_STATES = ("draft", "approved")


def awaiting_updates(session: Session) -> list[StatusUpdate]:
    """Status updates still to be approved or published, oldest first (first come, first seen)."""
    stmt = select(StatusUpdate).where(StatusUpdate.state.in_(AWAITING_STATES))
    return list(session.scalars(stmt.order_by(StatusUpdate.id)))


def count_awaiting_updates(session: Session) -> int:
    stmt = select(func.count()).select_from(StatusUpdate)
    return session.scalar(stmt.where(StatusUpdate.state.in_(AWAITING_STATES))) or 0


def incident_titles(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Incident.id, Incident.title).where(Incident.id.in_(sorted(ids))))
    return {int(i): str(t) for i, t in rows}


def get_status_update(session: Session, update_id: int) -> StatusUpdate | None:
    return session.get(StatusUpdate, update_id)


def incidents_by_draft(session: Session, draft_ids: list[int]) -> dict[int, int]:
    """For each of ``draft_ids`` a playbook communication asked for, its incident's id."""
    if not draft_ids:
        return {}
    rows = session.execute(
        select(IncidentCommunication.draft_id, IncidentCommunication.incident_id).where(
            IncidentCommunication.draft_id.in_(sorted(set(draft_ids)))
        )
    )
    return {int(draft): int(incident) for draft, incident in rows if draft is not None}


def current_statuses(
    session: Session, *, language: str | None = None
) -> list[tuple[Incident, StatusUpdate]]:
    """Active incidents that told customers something, each with what it last told them.

    The update is the newest published one in ``language`` when the incident published one in
    it, else its newest published one. An incident whose newest update declared it resolved is
    left out, as on the status page. Newest news first; two queries however many incidents.
    """
    incidents = {
        i.id: i
        for i in session.scalars(select(Incident).where(Incident.status.in_(ACTIVE_STATUSES)))
    }
    if not incidents:
        return []
    updates = session.scalars(
        select(StatusUpdate)
        .where(StatusUpdate.state == "published", StatusUpdate.incident_id.in_(list(incidents)))
        .order_by(StatusUpdate.published_at.desc(), StatusUpdate.id.desc())
    )
    by_incident: dict[int, list[StatusUpdate]] = {}
    for update in updates:
        by_incident.setdefault(update.incident_id, []).append(update)
    found: list[tuple[Incident, StatusUpdate]] = []
    for incident_id, published in by_incident.items():  # in order of their newest update
        if published[0].phase == "resolved":
            continue
        chosen = next((u for u in published if u.language == language), published[0])
        found.append((incidents[incident_id], chosen))
    return found
