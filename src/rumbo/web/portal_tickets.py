"""A customer's tickets: the list, one conversation, replying, and opening a new one.

Every read and write is scoped to the signed-in contact: another customer's ticket is answered
exactly like a ticket that does not exist.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.errors import Conflict, NotFound
from rumbo.portal import actions as portal_actions
from rumbo.portal import queries as portal_queries
from rumbo.portal.schemas import PortalReplyIn, PortalTicketIn
from rumbo.web.deps import FormText, rumbo_of
from rumbo.web.portal import PORTAL_ACTOR
from rumbo.web.portal_deps import CurrentPortalPage, PortalCsrf, PortalPage, PortalPageError
from rumbo.web.portal_suggest import suggested_articles

router = APIRouter()


def _number(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 12:
        raise PortalPageError(404, "not_found_title", "ticket_not_found")
    return int(raw)


@router.get("/portal")
def my_tickets(page: CurrentPortalPage) -> HTMLResponse:
    tickets = portal_queries.tickets_of(page.session, page.customer.contact_id)
    return page.render("portal/tickets.html", tickets=tickets)


def _ticket_page(
    page: PortalPage, number: int, *, draft: str = "", error: str | None = None, status: int = 200
) -> HTMLResponse:
    ticket = portal_queries.ticket_of(page.session, page.customer.contact_id, number)
    if ticket is None:
        raise PortalPageError(404, "not_found_title", "ticket_not_found")
    return page.render(
        "portal/ticket.html",
        status_code=status,
        ticket=ticket,
        messages=portal_queries.visible_messages(ticket),
        draft=draft,
        error=error,
    )


@router.get("/portal/tickets/new")
def new_ticket_form(page: CurrentPortalPage) -> HTMLResponse:
    return _new_ticket_page(page)


@router.get("/portal/tickets/{ticket_id}")
def my_ticket(ticket_id: str, page: CurrentPortalPage) -> HTMLResponse:
    return _ticket_page(page, _number(ticket_id))


@router.post("/portal/tickets/{ticket_id}/reply")
def reply(
    ticket_id: str, page: CurrentPortalPage, _csrf: PortalCsrf, body: FormText = ""
) -> Response:
    number = _number(ticket_id)
    try:
        data = PortalReplyIn(body=body)
    except ValidationError as exc:
        problem = "too_long" if exc.errors()[0]["type"] == "string_too_long" else "reply_empty"
        return _ticket_page(page, number, draft=body, error=page.t(problem), status=422)
    try:
        with rumbo_of(page.request).unit_of_work(PORTAL_ACTOR) as ctx:
            saved = portal_actions.reply_as_customer(ctx, page.customer.contact_id, number, data)
            message_id = saved.id
    except NotFound:
        raise PortalPageError(404, "not_found_title", "ticket_not_found") from None
    except Conflict:
        return _ticket_page(page, number, draft=body, error=page.t("closed_note"), status=409)
    page.flash("reply_sent")
    return RedirectResponse(f"/portal/tickets/{number}#m{message_id}", status_code=303)


def _new_ticket_page(
    page: PortalPage,
    *,
    subject: str = "",
    body: str = "",
    errors: dict[str, str] | None = None,
    suggestions: list[object] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page.render(
        "portal/new_ticket.html",
        status_code=status,
        subject=subject,
        body=body,
        errors=errors or {},
        suggestions=suggestions or [],
    )


def _ticket_problems(exc: ValidationError, page: PortalPage) -> dict[str, str]:
    problems: dict[str, str] = {}
    for error in exc.errors():
        field = str(error["loc"][0]) if error.get("loc") else ""
        if field in problems or field not in {"subject", "body"}:
            continue
        empty = "subject_empty" if field == "subject" else "body_empty"
        problems[field] = page.t("too_long" if error["type"] == "string_too_long" else empty)
    return problems


@router.post("/portal/tickets/new")
def open_ticket(
    page: CurrentPortalPage,
    _csrf: PortalCsrf,
    subject: FormText = "",
    body: FormText = "",
    confirmed: FormText = "",
) -> Response:
    """Open a ticket; on a first submit, offer the articles that may already answer it."""
    try:
        data = PortalTicketIn(subject=subject, body=body)
    except ValidationError as exc:
        return _new_ticket_page(
            page, subject=subject, body=body, errors=_ticket_problems(exc, page), status=422
        )
    if not confirmed:
        found = suggested_articles(
            rumbo_of(page.request),
            f"{data.subject} {data.body}",
            language=page.language,
        )
        if found:
            return _new_ticket_page(page, subject=subject, body=body, suggestions=list(found))
    with rumbo_of(page.request).unit_of_work(PORTAL_ACTOR) as ctx:
        ticket_id = portal_actions.open_portal_ticket(ctx, page.customer.contact_id, data).id
    page.flash("ticket_created", id=ticket_id)
    return RedirectResponse(f"/portal/tickets/{ticket_id}", status_code=303)


@router.get("/portal/suggest")
def suggest(page: CurrentPortalPage, q: Annotated[str, Query()] = "") -> HTMLResponse:
    """A small list of articles for what the customer is typing (fetched by the ticket form)."""
    found = suggested_articles(rumbo_of(page.request), q, language=page.language)
    return page.fragment("portal/suggestions.html", suggestions=found or [], live=True)
