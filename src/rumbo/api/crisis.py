"""The crisis room over HTTP: incidents, playbooks and the status page's updates."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, BackgroundTasks, Query, status
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from rumbo.api.access_checks import needs
from rumbo.api.deps import CurrentActor, ReadSession, RumboDep, UnitOfWork
from rumbo.crisis import actions, notify, queries, status_actions, tasks
from rumbo.crisis.kinds import IncidentTypeName
from rumbo.crisis.models import INCIDENT_TYPES
from rumbo.crisis.playbook import PlaybookInvalid, parse_playbook
from rumbo.crisis.playbooks_store import current_text, import_playbook, versions
from rumbo.crisis.review import assemble_review
from rumbo.crisis.review_export import to_html, to_markdown
from rumbo.crisis.schemas import (
    ComponentIn,
    ComponentOut,
    DeclareIn,
    EventOut,
    FromAlertIn,
    FromTicketIn,
    IncidentDetailOut,
    IncidentIn,
    IncidentOut,
    LinksIn,
    MemberIn,
    NoteIn,
    PlaybookIn,
    PlaybookOut,
    PlaybookVersionOut,
    ProblemOut,
    ReminderReport,
    StatusChange,
    StatusUpdateIn,
    StatusUpdateOut,
    TaskOut,
    ValidationOut,
)
from rumbo.errors import NotFound
from rumbo.schemas import Page

router = APIRouter(tags=["crisis"])
Created = status.HTTP_201_CREATED


@router.get("/incidents", response_model=Page[IncidentOut], dependencies=needs("incidents.read"))
def list_incidents(
    session: ReadSession,
    status: Annotated[
        Literal["detected", "declared", "mitigating", "monitoring", "resolved", "review"] | None,
        Query(),
    ] = None,
    type: IncidentTypeName | None = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[IncidentOut]:
    rows, total = queries.list_incidents(
        session, status=status, incident_type=type, limit=limit, offset=offset
    )
    items = [queries.incident_out(i) for i in rows]
    return Page(items=items, total=total, limit=limit, offset=offset)


@router.post("/incidents", response_model=IncidentOut, status_code=Created)
def open_incident(data: IncidentIn, ctx: UnitOfWork) -> IncidentOut:
    """Open an incident by hand; it starts as ``detected`` until someone declares it."""
    return queries.incident_out(actions.open_incident(ctx, data))


@router.post("/incidents/from-alert", response_model=IncidentOut, status_code=Created)
def open_from_alert(data: FromAlertIn, ctx: UnitOfWork) -> IncidentOut:
    """Open an incident from an alert: its explanation and affected accounts come along."""
    return queries.incident_out(
        actions.open_from_alert(ctx, data.alert_id, data.type, data.title, data.keywords)
    )


@router.post("/incidents/from-ticket", response_model=IncidentOut, status_code=Created)
def open_from_ticket(data: FromTicketIn, ctx: UnitOfWork) -> IncidentOut:
    return queries.incident_out(
        actions.open_from_ticket(ctx, data.ticket_id, data.type, data.title)
    )


@router.post("/incidents/remind", response_model=ReminderReport)
def remind(ctx: UnitOfWork) -> ReminderReport:
    """Flag overdue tasks of active incidents (what the scheduler runs every few minutes)."""
    return tasks.remind_overdue(ctx)


@router.get(
    "/incidents/{incident_id}",
    response_model=IncidentDetailOut,
    dependencies=needs("incidents.read"),
)
def get_incident(incident_id: int, session: ReadSession) -> IncidentDetailOut:
    """One incident with members, tasks, communications and its timeline."""
    return queries.incident_detail(session, incident_id)


@router.post("/incidents/{incident_id}/status", response_model=IncidentOut)
def change_status(incident_id: int, data: StatusChange, ctx: UnitOfWork) -> IncidentOut:
    """Move along detected → declared → mitigating → monitoring → resolved → review (409 if not
    allowed from the current status)."""
    return queries.incident_out(actions.change_status(ctx, incident_id, data.status, data.note))


@router.post("/incidents/{incident_id}/declare", response_model=IncidentOut)
def declare(incident_id: int, data: DeclareIn, ctx: UnitOfWork) -> IncidentOut:
    """Declare the incident: its playbook's tasks and communications are created."""
    return queries.incident_out(actions.declare(ctx, incident_id, data.note))


@router.post("/incidents/{incident_id}/members", response_model=IncidentOut)
def add_member(incident_id: int, data: MemberIn, ctx: UnitOfWork) -> IncidentOut:
    return queries.incident_out(actions.add_member(ctx, incident_id, data))


@router.post("/incidents/{incident_id}/links", response_model=IncidentOut)
def link(incident_id: int, data: LinksIn, ctx: UnitOfWork) -> IncidentOut:
    return queries.incident_out(actions.link(ctx, incident_id, data))


@router.post("/incidents/{incident_id}/notes", response_model=EventOut, status_code=Created)
def add_note(incident_id: int, data: NoteIn, ctx: UnitOfWork) -> EventOut:
    event = actions.add_note(ctx, incident_id, data.message)
    ctx.session.flush()
    return EventOut.model_validate(event)


@router.post("/incidents/{incident_id}/tasks/{task_id}/done", response_model=TaskOut)
def complete_task(incident_id: int, task_id: int, ctx: UnitOfWork) -> TaskOut:
    task = tasks.complete_task(ctx, task_id)
    if task.incident_id != incident_id:
        raise NotFound(f"Task {task_id} is not part of incident {incident_id}.")
    return TaskOut.model_validate(task)


@router.get(
    "/incidents/{incident_id}/review",
    response_model=None,
    dependencies=needs("incidents.read"),
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
)
def review(
    incident_id: int,
    session: ReadSession,
    format: Literal["markdown", "html"] = "markdown",
) -> Response:
    """The review, assembled from the record: Markdown, or a printable HTML page."""
    assembled = assemble_review(session, incident_id)
    if format == "html":
        return HTMLResponse(to_html(assembled))
    return PlainTextResponse(to_markdown(assembled), media_type="text/markdown; charset=utf-8")


@router.get("/playbooks", response_model=list[PlaybookOut], dependencies=needs("incidents.read"))
def list_playbooks(session: ReadSession) -> list[PlaybookOut]:
    """The playbook in force for every incident type."""
    return [_playbook_out(session, t) for t in INCIDENT_TYPES]


@router.post(
    "/playbooks/validate", response_model=ValidationOut, dependencies=needs("incidents.read")
)
def validate_playbook(data: PlaybookIn) -> ValidationOut:
    """Check a playbook without storing it; problems carry their line numbers."""
    try:
        spec = parse_playbook(data.yaml)
    except PlaybookInvalid as exc:
        return ValidationOut(
            valid=False,
            problems=[
                ProblemOut(line=p.line, field=p.field, message=p.message) for p in exc.problems
            ],
        )
    return ValidationOut(valid=True, type=spec.type, name=spec.name)


@router.post("/playbooks", response_model=PlaybookVersionOut, status_code=Created)
def import_new_playbook(data: PlaybookIn, ctx: UnitOfWork) -> PlaybookVersionOut:
    """Store a new version of a type's playbook (administrators; 422 with lines if invalid)."""
    return PlaybookVersionOut.model_validate(import_playbook(ctx, data.yaml, note=data.note))


@router.get(
    "/playbooks/{incident_type}", response_model=PlaybookOut, dependencies=needs("incidents.read")
)
def get_playbook(incident_type: IncidentTypeName, session: ReadSession) -> PlaybookOut:
    return _playbook_out(session, incident_type)


@router.get(
    "/playbooks/{incident_type}/versions",
    response_model=list[PlaybookVersionOut],
    dependencies=needs("incidents.read"),
)
def playbook_versions(
    incident_type: IncidentTypeName, session: ReadSession
) -> list[PlaybookVersionOut]:
    return [PlaybookVersionOut.model_validate(v) for v in versions(session, incident_type)]


def _playbook_out(session: ReadSession, incident_type: str) -> PlaybookOut:
    text, stored = current_text(session, incident_type)
    spec = parse_playbook(text, f"{incident_type}.yaml")
    return PlaybookOut(
        type=incident_type,
        name=spec.name,
        version=stored.version if stored else None,
        yaml=text,
        stages=len(spec.stages),
        tasks=sum(len(s.tasks) for s in spec.stages),
        communications=len(spec.communications),
    )


@router.get(
    "/status/components", response_model=list[ComponentOut], dependencies=needs("incidents.read")
)
def list_components(session: ReadSession) -> list[ComponentOut]:
    return [ComponentOut.model_validate(c) for c in queries.components(session)]


@router.put("/status/components", response_model=ComponentOut)
def save_component(data: ComponentIn, ctx: UnitOfWork) -> ComponentOut:
    """Create or change a component of the status page, by its key."""
    return ComponentOut.model_validate(status_actions.save_component(ctx, data))


@router.get(
    "/status/updates", response_model=list[StatusUpdateOut], dependencies=needs("incidents.read")
)
def list_updates(
    session: ReadSession,
    incident_id: int | None = None,
    state: Literal["draft", "approved", "published"] | None = None,
) -> list[StatusUpdateOut]:
    rows = queries.status_updates(session, incident_id=incident_id, state=state)
    return [StatusUpdateOut.model_validate(u) for u in rows]


@router.post("/status/updates", response_model=StatusUpdateOut, status_code=Created)
def draft_update(data: StatusUpdateIn, ctx: UnitOfWork) -> StatusUpdateOut:
    """Draft a public update; it shows nowhere until approved and published."""
    return StatusUpdateOut.model_validate(status_actions.draft_update(ctx, data))


@router.post("/status/updates/{update_id}/approve", response_model=StatusUpdateOut)
def approve_update(update_id: int, ctx: UnitOfWork) -> StatusUpdateOut:
    """Approve a draft (drafts.approve or incidents.manage; never the author's own)."""
    return StatusUpdateOut.model_validate(status_actions.approve_update(ctx, update_id))


@router.post("/status/updates/{update_id}/publish", response_model=StatusUpdateOut)
def publish_update(
    update_id: int, rumbo: RumboDep, actor: CurrentActor, background: BackgroundTasks
) -> StatusUpdateOut:
    """Publish an approved update: the status page, the assistant's notice and subscribers."""
    with rumbo.unit_of_work(actor) as ctx:
        out = StatusUpdateOut.model_validate(status_actions.publish_update(ctx, update_id))
    # Emails leave after the commit, once the response is on its way.
    background.add_task(notify.deliver_quietly, rumbo, update_id)
    return out
