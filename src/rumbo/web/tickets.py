"""The inbox and the ticket page: reading a conversation and answering it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.accounts import queries as account_queries
from rumbo.api.deps import actor_for
from rumbo.crm import queries as crm_queries
from rumbo.db import utcnow
from rumbo.drafting import queries as draft_queries
from rumbo.errors import NotFound, PermissionDenied
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets import queries as ticket_queries
from rumbo.tickets.models import CHANNELS, PRIORITIES, STATUSES, Ticket
from rumbo.tickets.schemas import ReplyIn
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import CurrentPage, FormText, Page, PageError, rumbo_of
from rumbo.web.draft_view import DraftView, draft_view
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import label, message, status_plural
from rumbo.web.listing import PER_PAGE, Pager, choice, page_number, text
from rumbo.web.macro_panel import insert_macro, macro_panel
from rumbo.web.portal_suggest import Suggestion, suggested_articles

router = APIRouter()
CsrfChecked = Annotated[None, Depends(verify_csrf)]

STATUS_FILTERS = ("active", "all", *STATUSES)
# "SLA about to expire": the next deadline (first response, else resolution: what ``sla_for``
# shows) within this many hours, overdue ones included.
DUE_WITHIN = ("4", "24")
RECENT_ORDERS = 5


@dataclass(frozen=True)
class Sla:
    """The next deadline of an unsolved ticket: first response, or else resolution."""

    kind: str  # "first_response" | "resolution"
    due_at: dt.datetime
    overdue: bool


def sla_for(ticket: Ticket, now: dt.datetime) -> Sla | None:
    if ticket.status not in ticket_queries.OPEN_STATUSES:
        return None
    if ticket.first_responded_at is None and ticket.first_response_due_at is not None:
        return Sla(
            "first_response", ticket.first_response_due_at, ticket.first_response_due_at < now
        )
    if ticket.resolution_due_at is not None:
        return Sla("resolution", ticket.resolution_due_at, ticket.resolution_due_at < now)
    return None


def _ticket_id(raw: str) -> int:
    if not raw.isdigit():
        raise PageError(404, message("not_found_title"), message("ticket_not_found", ticket_id=raw))
    return int(raw)


@router.get("/tickets")
def ticket_list(page: CurrentPage) -> HTMLResponse:
    """The inbox: active tickets by default, newest first, with filters and counts."""
    page.require("tickets.read")
    request = page.request
    status = choice(request, "status", STATUS_FILTERS, N_("estado")) or "active"
    groups = ticket_queries.groups(page.session)
    filters = {
        "status": status,
        "priority": choice(request, "priority", PRIORITIES, N_("prioridad")),
        "channel": choice(request, "channel", CHANNELS, N_("canal")),
        "due": choice(request, "due", DUE_WITHIN, N_("vence")),
        "group": choice(request, "group", groups, N_("grupo")),
        "mine": choice(request, "mine", ("1",), N_("asignados a mí")),
        "tag": text(request, "tag", max_length=50),
        "q": text(request, "q"),
    }
    number = page_number(request)
    tickets, total = ticket_queries.list_tickets(
        page.session,
        status=None if status == "all" else status,
        priority=filters["priority"],
        channel=filters["channel"],
        next_deadline_within_hours=int(filters["due"]) if filters["due"] else None,
        group=filters["group"],
        assignee_id=page.user.id if filters["mine"] else None,
        tag=filters["tag"].lower() if filters["tag"] else None,
        q=filters["q"],
        limit=PER_PAGE,
        offset=(number - 1) * PER_PAGE,
    )
    # "active" is the default, so links leave it out.
    pager = Pager("/tickets", number, total, {**filters, "status": _unless_default(status)})
    counts = ticket_queries.status_counts(page.session)
    tabs = [
        (
            "active",
            label("status", "active"),
            sum(counts.get(s, 0) for s in ticket_queries.OPEN_STATUSES),
        ),
        *((s, status_plural(s), counts.get(s, 0)) for s in STATUSES),
        ("all", label("status", "all"), sum(counts.values())),
    ]
    now = utcnow()
    return page.render(
        "tickets/list.html",
        tickets=tickets,
        total=total,
        pager=pager,
        filters=filters,
        tabs=tabs,
        contacts=crm_queries.contact_names(page.session, _ids(t.contact_id for t in tickets)),
        companies=crm_queries.company_names(page.session, _ids(t.company_id for t in tickets)),
        slas={t.id: sla_for(t, now) for t in tickets},
        statuses=STATUSES,
        priorities=PRIORITIES,
        channels=CHANNELS,
        due_within=DUE_WITHIN,
        groups=groups,
    )


def _unless_default(status: str) -> str | None:
    return None if status == "active" else status


def _ids(values: Iterable[int | None]) -> set[int]:
    return {v for v in values if v is not None}


def ticket_page(
    page: Page,
    ticket_id: int,
    *,
    draft: str = "",
    error: str | None = None,
    draft_problem: str | None = None,
    status_code: int = 200,
    macro_key: str | None = None,
) -> HTMLResponse:
    """The ticket with its conversation and the customer's CRM record beside it.

    The reply draft panel shows the newest draft kept for the ticket, as stored: nothing is
    written or critiqued while the page is drawn.
    """
    page.require("tickets.read")
    ticket = ticket_queries.get_ticket(page.session, ticket_id)
    if ticket is None:
        raise PageError(
            404, message("not_found_title"), message("ticket_not_found", ticket_id=ticket_id)
        )
    contact = (
        crm_queries.get_contact(page.session, ticket.contact_id) if ticket.contact_id else None
    )
    company_id = ticket.company_id or (contact.company_id if contact else None)
    company = crm_queries.get_company(page.session, company_id) if company_id else None
    responses = crm_queries.satisfaction_for(page.session, contact_id=contact.id) if contact else []
    user_ids = {m.author_user_id for m in ticket.messages} | {ticket.assignee_id}
    macros = macro_panel(page, ticket, contact)
    if macro_key is not None:  # "Insertar" without JavaScript: the macro joins the reply box
        draft, macros = insert_macro(macros, macro_key, draft)
    return page.render(
        "tickets/detail.html",
        status_code=status_code,
        ticket=ticket,
        contact=contact,
        company=company,
        orders=(
            crm_queries.orders_for(page.session, contact_id=contact.id, limit=RECENT_ORDERS)
            if contact
            else []
        ),
        responses=responses[:3],
        satisfaction=crm_queries.satisfaction_summary(responses),
        authors=crm_queries.contact_names(
            page.session, _ids(m.author_contact_id for m in ticket.messages)
        ),
        agents=account_queries.user_names(page.session, _ids(user_ids)),
        sla=sla_for(ticket, utcnow()),
        can_reply=page.allows("tickets.write"),
        suggested=articles_for(page, ticket),
        statuses=STATUSES,
        draft=draft,
        error=error,
        reply_draft=reply_draft_for(page, ticket.id),
        can_draft=page.allows("drafts.write"),
        draft_problem=draft_problem,
        macros=macros,
    )


def reply_draft_for(page: Page, ticket_id: int) -> DraftView | None:
    if not page.allows("drafts.read"):
        return None
    stored = draft_queries.latest_for_ticket(page.session, ticket_id)
    return draft_view(page, stored) if stored is not None else None


ASSIST_ARTICLES = 3


def articles_for(page: Page, ticket: Ticket) -> list[Suggestion] | None:
    """Published articles that may answer the ticket, from its subject and first customer words.

    ``None`` when the search failed: the panel says so and the rest of the page is unaffected.
    """
    first = next(
        (m.body for m in ticket.messages if m.author_kind == "customer" and not m.internal), ""
    )
    return suggested_articles(
        rumbo_of(page.request),
        f"{ticket.subject}\n{first}",
        language=ticket.language if ticket.language in {"es", "en"} else None,
        limit=ASSIST_ARTICLES,
    )


@router.get("/tickets/{ticket_id}")
def ticket_detail(ticket_id: str, page: CurrentPage) -> HTMLResponse:
    return ticket_page(page, _ticket_id(ticket_id))


@router.post("/tickets/{ticket_id}/reply")
def ticket_reply(
    ticket_id: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    body: FormText = "",
    internal: FormText = "",
    status: FormText = "",
) -> Response:
    """Save an agent's reply or internal note as the signed-in user, then show the ticket."""
    number = _ticket_id(ticket_id)
    try:
        data = ReplyIn(body=body, internal=bool(internal), status=status or None)
    except ValidationError as exc:
        return ticket_page(page, number, draft=body, error=_reply_problem(exc), status_code=422)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            saved = ticket_actions.reply(ctx, number, data)
            message_id = saved.id
    except PermissionDenied:
        raise PageError(
            403,
            message("forbidden_title"),
            message("forbidden_reply", role=label("role", page.user.role)),
        ) from None
    except NotFound:
        raise PageError(
            404, message("not_found_title"), message("ticket_not_found", ticket_id=number)
        ) from None
    page.request.session["flash"] = message("note_saved" if data.internal else "reply_sent")
    return RedirectResponse(f"/tickets/{number}#m{message_id}", status_code=303)


def _reply_problem(exc: ValidationError) -> str:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first.get("loc") else ""
    if field == "body":
        return (
            message("reply_empty")
            if first["type"] != "string_too_long"
            else message("reply_invalid", detail=gettext("el mensaje es demasiado largo"))
        )
    names = {"status": N_("estado"), "internal": N_("nota interna")}
    name = gettext(names[field]) if field in names else field
    return message("reply_invalid", detail=gettext("{field} no es válido").format(field=name))
