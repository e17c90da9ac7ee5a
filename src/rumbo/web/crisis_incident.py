"""One incident of the crisis room: its timeline, playbook tasks, communications and updates."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.accounts.access import role_allows
from rumbo.api.deps import actor_for
from rumbo.crisis import actions as incident_actions
from rumbo.crisis import queries as crisis_queries
from rumbo.crisis import status_actions, tasks
from rumbo.crisis.models import TRANSITIONS, UPDATE_PHASES
from rumbo.crisis.schemas import StatusUpdateIn
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rumbo.web.crisis_text import code, field_names, say
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import CurrentPage, FormText, Page, PageError, rumbo_of
from rumbo.web.labels import label, message

router = APIRouter()
CsrfChecked = Annotated[None, Depends(verify_csrf)]

# What the crisis pages need to be readable at all; writing asks for more, action by action.
READ_PERMISSIONS = ("alerts.read", "incidents.read")
# Status updates are written for incidents between their declaration and their resolution.
UPDATABLE = ("declared", "mitigating", "monitoring", "resolved")


def require_room(page: Page) -> None:
    for permission in READ_PERMISSIONS:
        page.require(permission)


def _incident_id(raw: str) -> int:
    if not raw.isdigit():
        raise PageError(404, message("not_found_title"), say("incident_not_found", incident_id=raw))
    return int(raw)


def incident_page(
    page: Page,
    incident_id: int,
    *,
    error: str | None = None,
    status_code: int = 200,
    draft: dict[str, str] | None = None,
) -> HTMLResponse:
    """The incident with everything the playbook made of it, newest updates first."""
    require_room(page)
    try:
        detail = crisis_queries.incident_detail(page.session, incident_id)
    except NotFound:
        raise PageError(
            404, message("not_found_title"), say("incident_not_found", incident_id=incident_id)
        ) from None
    stages: dict[str, list[object]] = {}
    for task in detail.tasks:
        stages.setdefault(task.stage, []).append(task)
    can_write = page.allows("incidents.write")
    return page.render(
        "crisis/incident.html",
        status_code=status_code,
        error=error,
        incident=detail,
        stages=stages,
        updates=crisis_queries.status_updates(page.session, incident_id=incident_id),
        now=utcnow(),
        code=code,
        phases=UPDATE_PHASES,
        can_write=can_write,
        can_draft_update=can_write and detail.status in UPDATABLE,
        can_approve_updates=any(role_allows(page.user.role, p) for p in status_actions.APPROVERS),
        me=page.user.email,
        draft=draft or {},
        # Declaring has its own section (it starts the playbook); the later steps are buttons.
        next_statuses=[s for s in TRANSITIONS.get(detail.status, ()) if s != "declared"],
    )


@router.get("/crisis/incidents/{incident_id}")
def incident_detail(incident_id: str, page: CurrentPage) -> HTMLResponse:
    return incident_page(page, _incident_id(incident_id))


def forbidden(page: Page, refusal: str = "forbidden_incidents") -> PageError:
    """The 403 page for a room form the user's role may not use, naming the role."""
    return PageError(
        403,
        message("forbidden_title"),
        say(refusal, role=label("role", page.user.role)),
    )


@router.post("/crisis/incidents/{incident_id}/declare")
def declare(incident_id: str, page: CurrentPage, _csrf: CsrfChecked) -> Response:
    """Declare a detected incident: its playbook's tasks and communications are created."""
    number = _incident_id(incident_id)
    require_room(page)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            incident_actions.declare(ctx, number)
    except PermissionDenied:
        raise forbidden(page) from None
    except NotFound:
        return incident_page(page, number)  # the page says the incident does not exist
    except Conflict:
        current = crisis_queries.get_incident(page.session, number).status
        error = say("incident_state", status=code("incident_status", current))
        return incident_page(page, number, error=error, status_code=409)
    page.request.session["flash"] = say("incident_declared")
    return RedirectResponse(f"/crisis/incidents/{number}", status_code=303)


@router.post("/crisis/incidents/{incident_id}/status")
def move(
    incident_id: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    status: FormText = "",
    note: FormText = "",
) -> Response:
    """Move the incident along its lifecycle (mitigating, monitoring, resolved, review…)."""
    number = _incident_id(incident_id)
    require_room(page)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            incident_actions.change_status(ctx, number, status, note.strip()[:2000] or None)
    except PermissionDenied:
        raise forbidden(page) from None
    except NotFound:
        return incident_page(page, number)
    except Conflict:
        current = crisis_queries.get_incident(page.session, number).status
        error = say(
            "incident_cannot_move",
            status=code("incident_status", current),
            target=code("incident_status", status) if status else "—",
        )
        return incident_page(page, number, error=error, status_code=409)
    page.request.session["flash"] = say("incident_moved", status=code("incident_status", status))
    return RedirectResponse(f"/crisis/incidents/{number}", status_code=303)


@router.post("/crisis/incidents/{incident_id}/tasks/{task_id}/done")
def task_done(incident_id: str, task_id: str, page: CurrentPage, _csrf: CsrfChecked) -> Response:
    """Tick off one playbook task of this incident."""
    number = _incident_id(incident_id)
    require_room(page)
    if not task_id.isdigit() or int(task_id) not in {
        t.id for t in crisis_queries.tasks(page.session, number)
    }:
        raise PageError(404, message("not_found_title"), message("not_found"))
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            tasks.complete_task(ctx, int(task_id))
    except PermissionDenied:
        raise forbidden(page) from None
    except Conflict:
        return incident_page(page, number, error=say("task_done_already"), status_code=409)
    page.request.session["flash"] = say("task_done")
    return RedirectResponse(f"/crisis/incidents/{number}#tareas", status_code=303)


@router.post("/crisis/incidents/{incident_id}/updates")
def draft_update(
    incident_id: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    title: FormText = "",
    body: FormText = "",
    phase: FormText = "investigating",
) -> Response:
    """Write a status update as a draft; someone else approves it before it is published."""
    number = _incident_id(incident_id)
    require_room(page)
    typed = {"title": title, "body": body, "phase": phase}
    try:
        data = StatusUpdateIn(incident_id=number, title=title, body=body, phase=phase)
    except ValidationError as exc:
        fields = field_names([str(e["loc"][0]) for e in exc.errors() if e.get("loc")])
        error = say("invalid", detail=fields)
        return incident_page(page, number, error=error, status_code=422, draft=typed)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            status_actions.draft_update(ctx, data)
    except PermissionDenied:
        raise forbidden(page) from None
    except Conflict:
        error = say("update_needs_declared")
        return incident_page(page, number, error=error, status_code=409, draft=typed)
    except (NotFound, ValidationFailed) as exc:
        error = say("invalid", detail=str(exc))
        return incident_page(page, number, error=error, status_code=422, draft=typed)
    page.request.session["flash"] = say("update_drafted")
    return RedirectResponse(f"/crisis/incidents/{number}#actualizaciones", status_code=303)
