"""The tasks a declared incident's playbook created: ticking them off, and reminders when late."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from rumbo.context import Context
from rumbo.crisis.actions import add_event, get_incident
from rumbo.crisis.models import ACTIVE_STATUSES, Incident, IncidentTask
from rumbo.crisis.schemas import ReminderReport
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotFound

# A reminder for an overdue task is repeated at most this often.
REMIND_EVERY = dt.timedelta(minutes=30)


def complete_task(ctx: Context, task_id: int) -> IncidentTask:
    ctx.require("incidents.write")
    task = ctx.session.get(IncidentTask, task_id)
    if task is None:
        raise NotFound(f"Task {task_id} does not exist.")
    if task.done_at is not None:
        raise Conflict(f"Task {task_id} is already done.", fields={"task": "done"})
    incident = get_incident(ctx, task.incident_id)
    now = utcnow()
    task.done_at = now
    task.done_by = ctx.actor.label
    late = now > task.due_at
    add_event(
        ctx,
        incident,
        "task_done",
        f"Tarea hecha{' con retraso' if late else ''}: {task.title}",
        task_id=task.id,
        late=late,
    )
    ctx.record("incident.task_done", "incident_task", task.id, after={"late": late})
    return task


def remind_overdue(ctx: Context, now: dt.datetime | None = None) -> ReminderReport:
    """Flag overdue tasks of active incidents, at most once per :data:`REMIND_EVERY` each.

    The jobs layer calls this on a schedule; each reminder is a timeline line and an
    ``incident.task_overdue`` event that notifiers can turn into a message to the owner.
    """
    ctx.require("incidents.write")
    now = now or utcnow()
    rows = ctx.session.execute(
        select(IncidentTask, Incident)
        .join(Incident, Incident.id == IncidentTask.incident_id)
        .where(
            Incident.status.in_(ACTIVE_STATUSES),
            IncidentTask.done_at.is_(None),
            IncidentTask.due_at < now,
        )
        .order_by(IncidentTask.due_at)
    ).all()
    reminded: list[IncidentTask] = []
    for task, incident in rows:
        if task.last_reminded_at is not None and now - task.last_reminded_at < REMIND_EVERY:
            continue
        task.reminders_sent += 1
        task.last_reminded_at = now
        minutes = int((now - task.due_at).total_seconds() // 60)
        add_event(
            ctx,
            incident,
            "reminder",
            f"Tarea vencida hace {minutes} min ({task.owner_role}): {task.title}",
            task_id=task.id,
        )
        ctx.record(
            "incident.task_overdue",
            "incident_task",
            task.id,
            after={"reminders_sent": task.reminders_sent},
            payload={
                "incident_id": incident.id,
                "task_id": task.id,
                "owner_role": task.owner_role,
                "assignee_id": task.assignee_id,
                "title": task.title,
                "overdue_minutes": minutes,
            },
        )
        reminded.append(task)
    return ReminderReport(
        overdue=len(rows),
        reminded=len(reminded),
        task_ids=[t.id for t in reminded],
        status_updates_due=_status_updates_due(ctx, now),
    )


def _status_updates_due(ctx: Context, now: dt.datetime) -> list[int]:
    """Active incidents whose playbook sets a public-update cadence that has lapsed.

    The clock starts at the last published update (or the declaration); while nothing is
    published, the reminder repeats once per cadence period.
    """
    from sqlalchemy import func

    from rumbo.crisis.models import IncidentEvent, PlaybookVersion, StatusUpdate
    from rumbo.crisis.playbook import parse_duration, parse_playbook

    due: list[int] = []
    active = ctx.session.execute(
        select(Incident, PlaybookVersion)
        .join(PlaybookVersion, PlaybookVersion.id == Incident.playbook_version_id)
        .where(Incident.status.in_(ACTIVE_STATUSES))
    ).all()
    for incident, version in active:
        cadence = parse_playbook(version.source_yaml).status_update_every
        if cadence is None or incident.declared_at is None:
            continue
        last_update = ctx.session.scalar(
            select(func.max(StatusUpdate.published_at)).where(
                StatusUpdate.incident_id == incident.id, StatusUpdate.state == "published"
            )
        )
        since = max(incident.declared_at, last_update or incident.declared_at)
        reminded = ctx.session.scalar(
            select(func.max(IncidentEvent.at)).where(
                IncidentEvent.incident_id == incident.id, IncidentEvent.kind == "cadence"
            )
        )
        every = parse_duration(cadence)
        if now - since < every or (reminded is not None and now - max(reminded, since) < every):
            continue
        minutes = int((now - since).total_seconds() // 60)
        event = add_event(
            ctx,
            incident,
            "cadence",
            f"Toca actualizar la página de estado: la última fue hace {minutes} min "
            f"(cadencia {cadence}).",
        )
        event.at = now
        ctx.record(
            "incident.status_update_due",
            "incident",
            incident.id,
            after={"minutes_since_update": minutes, "cadence": cadence},
        )
        due.append(incident.id)
    return due
