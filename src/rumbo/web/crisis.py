"""The crisis room: what people are saying, the alerts, the incidents and what waits for approval.

Everything is read through the listening, crisis, drafting and CRM queries; every button is a
form posted to an action, so the room works without JavaScript. ``/crisis/events`` streams a
small summary for ``static/crisis.js`` to keep the counters fresh while the page stays open.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse

from rumbo.accounts import queries as account_queries
from rumbo.accounts.access import role_allows
from rumbo.api.deps import actor_for
from rumbo.crisis import actions as incident_actions
from rumbo.crisis import notify, status_actions
from rumbo.crisis import queries as crisis_queries
from rumbo.crisis.models import INCIDENT_TYPES
from rumbo.db import utcnow
from rumbo.drafting import actions as drafting_actions
from rumbo.drafting import queries as drafting_queries
from rumbo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from rumbo.listening import actions as listening_actions
from rumbo.listening import queries as listening_queries
from rumbo.listening.insights import rising_problem_terms
from rumbo.web import crisis_incident
from rumbo.web.crisis_board import (
    affected_accounts,
    counters,
    incident_rows,
    pulse,
    volume_chart,
)
from rumbo.web.crisis_incident import READ_PERMISSIONS, forbidden, require_room
from rumbo.web.crisis_text import TYPE_FOR_ALERT, code, say
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import CurrentPage, FormText, LoginRequired, Page, PageError, rumbo_of
from rumbo.web.i18n import N_
from rumbo.web.labels import label, message
from rumbo.web.listing import choice

router = APIRouter()
router.include_router(crisis_incident.router)
CsrfChecked = Annotated[None, Depends(verify_csrf)]

DEFAULT_HOURS = 24
MAX_HOURS = 168  # a week of hourly points is as much as one chart can show legibly
HOUR_TABS = ("6", "24", "72", "168")
ROOM_ALERTS = 30
QUEUE_DRAFTS = 20
RISING_TERMS = 10
# The live summary: one event every few seconds, for a bounded time; the browser reconnects.
PULSE_EVERY_SECONDS = 5.0
PULSE_EVENTS = 24
RECONNECT_MS = 5000


def room_page(page: Page, *, error: str | None = None, status_code: int = 200) -> HTMLResponse:
    """The whole room: counters, chart, rising terms, alerts, incidents, approvals, accounts."""
    require_room(page)
    raw = choice(page.request, "hours", [str(h) for h in range(1, MAX_HOURS + 1)], N_("horas"))
    hours = int(raw or DEFAULT_HOURS)
    now = utcnow()
    session = page.session
    alerts_found, alert_total = listening_queries.list_alerts(
        session, status="active", limit=ROOM_ALERTS
    )
    alerts = list(alerts_found)
    linked = crisis_queries.incidents_by_alert(session, [a.id for a in alerts])
    incidents = incident_rows(page, now)
    drafts, draft_total = drafting_queries.list_drafts(
        session, status="in_review", limit=QUEUE_DRAFTS
    )
    updates = crisis_queries.awaiting_updates(session)
    accounts = affected_accounts(page, alerts, [r.incident for r in incidents])
    last_mention = listening_queries.last_mention_at(session)
    rising = (
        rising_problem_terms(session, dt.timedelta(hours=hours), limit=RISING_TERMS)
        if page.allows("listening.read")
        else None
    )
    return page.render(
        "crisis/room.html",
        status_code=status_code,
        error=error,
        hours=hours,
        hour_tabs=HOUR_TABS,
        now=now,
        pulse=counters(
            session,
            open_alerts=alert_total,
            pending_approvals=draft_total + len(updates),
            last_mention=last_mention,
        ),
        last_mention=last_mention,
        chart=volume_chart(page, hours, now) if page.allows("listening.read") else None,
        rising=rising,
        alerts=alerts,
        alert_total=alert_total,
        linked=linked,
        incidents=incidents,
        drafts=drafts,
        draft_total=draft_total,
        updates=updates,
        update_incidents=crisis_queries.incident_titles(session, {u.incident_id for u in updates}),
        accounts=accounts,
        revenue_at_risk=sum((a.arr for a in accounts), Decimal("0")),
        incident_types=INCIDENT_TYPES,
        type_for_alert=TYPE_FOR_ALERT,
        code=code,
        can_open=page.allows("incidents.write"),
        can_ack=page.allows("alerts.ack"),
        can_approve_updates=any(role_allows(page.user.role, p) for p in status_actions.APPROVERS),
        can_approve_drafts=page.allows("drafts.approve"),
        me=page.user.email,
        my_id=page.user.id,
        authors=account_queries.user_names(
            session, {d.author_id for d in drafts if d.author_id is not None}
        ),
    )


@router.get("/crisis")
def crisis_room(page: CurrentPage) -> HTMLResponse:
    return room_page(page)


# ---------------------------------------------------------------------------------------------
# The live summary


def _stream_viewer(request: Request) -> None:
    """The same checks as a page, with a session that is closed before the stream starts."""
    user_id = request.session.get("user_id")
    with rumbo_of(request).reading() as session:
        user = account_queries.get_user(session, int(user_id)) if user_id is not None else None
        if user is None or not user.is_active:
            raise LoginRequired("/crisis")
        role = user.role
    if not all(role_allows(role, p) for p in READ_PERMISSIONS):
        raise PageError(
            403, message("forbidden_title"), message("forbidden_read", role=label("role", role))
        )


def sse(event: str, data: dict[str, Any]) -> str:
    """One server-sent event: its name and a one-line JSON body, ended by a blank line."""
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"


@router.get("/crisis/events")
async def crisis_events(request: Request) -> StreamingResponse:
    """The room's counters as server-sent events, every few seconds for a bounded time.

    ``?events=N`` asks for fewer events (at most the usual number); the stream then ends and
    the browser's ``EventSource`` reconnects after ``retry`` milliseconds.
    """
    await run_in_threadpool(_stream_viewer, request)
    wanted = request.query_params.get("events", "")
    count = min(int(wanted), PULSE_EVENTS) if wanted.isdigit() and int(wanted) > 0 else None
    rumbo = rumbo_of(request)

    def read() -> dict[str, Any]:
        with rumbo.reading() as session:
            return pulse(session)

    async def stream() -> AsyncIterator[str]:
        yield f"retry: {RECONNECT_MS}\n\n"
        for number in range(count or PULSE_EVENTS):
            if number:
                await asyncio.sleep(PULSE_EVERY_SECONDS)
                if await request.is_disconnected():
                    return
            yield sse("pulse", await run_in_threadpool(read))

    return StreamingResponse(
        stream(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


# ---------------------------------------------------------------------------------------------
# Forms of the room


def _no_alert(number: int) -> PageError:
    return PageError(404, message("not_found_title"), say("alert_not_found", alert_id=number))


def _number(raw: str, not_found: str, **name: str) -> int:
    if not raw.isdigit():
        raise PageError(404, message("not_found_title"), say(not_found, **name))
    return int(raw)


@router.post("/crisis/alerts/{alert_id}/incident")
def open_from_alert(
    alert_id: str, page: CurrentPage, _csrf: CsrfChecked, type: FormText = ""
) -> Response:
    """Open an incident from an alert (its explanation and accounts come along), then show it."""
    number = _number(alert_id, "alert_not_found", alert_id=alert_id)
    if type not in INCIDENT_TYPES:
        return room_page(page, error=say("invalid", detail=type or "—"), status_code=422)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            incident_id = incident_actions.open_from_alert(ctx, number, type).id
    except PermissionDenied:
        raise forbidden(page) from None
    except NotFound:
        raise _no_alert(number) from None
    except ValidationFailed as exc:
        return room_page(page, error=say("invalid", detail=str(exc)), status_code=422)
    page.request.session["flash"] = say("incident_opened")
    return RedirectResponse(f"/crisis/incidents/{incident_id}", status_code=303)


@router.post("/crisis/alerts/{alert_id}/{step}")
def alert_step(alert_id: str, step: str, page: CurrentPage, _csrf: CsrfChecked) -> Response:
    """Acknowledge an alert (someone is on it) or resolve it (it is over)."""
    number = _number(alert_id, "alert_not_found", alert_id=alert_id)
    act = {"ack": listening_actions.acknowledge, "resolve": listening_actions.resolve}.get(step)
    if act is None:
        raise PageError(404, message("not_found_title"), message("not_found"))
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            act(ctx, number)
    except PermissionDenied:
        raise forbidden(page, "forbidden_alerts") from None
    except NotFound:
        raise _no_alert(number) from None
    except Conflict:
        return room_page(page, error=say("alert_resolved_already"), status_code=409)
    page.request.session["flash"] = say("alert_acknowledged" if step == "ack" else "alert_resolved")
    return RedirectResponse("/crisis", status_code=303)


def _back(back: str, incident_id: int) -> str:
    """Where an approval form returns: the incident it belongs to, or the room."""
    return f"/crisis/incidents/{incident_id}" if back == "incident" else "/crisis"


def _refused(page: Page, back: str, incident_id: int, error: str, status_code: int) -> Response:
    if back == "incident":
        return crisis_incident.incident_page(
            page, incident_id, error=error, status_code=status_code
        )
    return room_page(page, error=error, status_code=status_code)


@router.post("/crisis/updates/{update_id}/{step}")
def update_step(
    update_id: str,
    step: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    background: BackgroundTasks,
    back: FormText = "",
) -> Response:
    """Approve or publish a status update; a refusal is shown on the page it came from."""
    if step not in ("approve", "publish") or not update_id.isdigit():
        raise PageError(404, message("not_found_title"), message("not_found"))
    require_room(page)
    update = crisis_queries.get_status_update(page.session, int(update_id))
    if update is None:
        raise PageError(404, message("not_found_title"), message("not_found"))
    incident_id = update.incident_id
    act = status_actions.approve_update if step == "approve" else status_actions.publish_update
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            act(ctx, update.id)
    except PermissionDenied:
        may = any(role_allows(page.user.role, p) for p in status_actions.APPROVERS)
        error = (
            say("own_update")
            if may
            else say("forbidden_updates", role=label("role", page.user.role))
        )
        return _refused(page, back, incident_id, error, 403)
    except Conflict as exc:
        state = code("update_state", (exc.fields or {}).get("state"))
        return _refused(page, back, incident_id, say("update_state", state=state), 409)
    if step == "publish":
        # Emails leave after the commit, once the answer is on its way.
        background.add_task(notify.deliver_quietly, rumbo_of(page.request), update.id)
    done = "update_approved" if step == "approve" else "update_published"
    page.request.session["flash"] = say(done)
    return RedirectResponse(_back(back, incident_id), status_code=303)


@router.post("/crisis/drafts/{draft_id}/approve")
def approve_draft(draft_id: str, page: CurrentPage, _csrf: CsrfChecked) -> Response:
    """Approve a draft in review from the queue (never one's own words)."""
    if not draft_id.isdigit():
        raise PageError(404, message("not_found_title"), message("not_found"))
    require_room(page)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            drafting_actions.approve_draft(ctx, int(draft_id))
    except PermissionDenied:
        error = (
            say("own_draft")
            if page.allows("drafts.approve")
            else say("forbidden_drafts", role=label("role", page.user.role))
        )
        return room_page(page, error=error, status_code=403)
    except NotFound:
        raise PageError(404, message("not_found_title"), message("not_found")) from None
    except Conflict:
        return room_page(page, error=say("draft_state"), status_code=409)
    page.request.session["flash"] = say("draft_approved")
    return RedirectResponse("/crisis", status_code=303)
