"""Customer pages: the contact list and one customer's whole picture."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import HTMLResponse

from rumbo.crm import queries as crm_queries
from rumbo.db import utcnow
from rumbo.tickets import queries as ticket_queries
from rumbo.web.deps import CurrentPage, PageError
from rumbo.web.labels import message
from rumbo.web.listing import PER_PAGE, Pager, page_number, text
from rumbo.web.tickets import sla_for

router = APIRouter()

CUSTOMER_TICKETS = 20
CUSTOMER_ORDERS = 20


@router.get("/customers")
def customer_list(page: CurrentPage) -> HTMLResponse:
    """Contacts by name, searchable by name or email."""
    page.require("crm.read")
    q = text(page.request, "q")
    number = page_number(page.request)
    contacts, total = crm_queries.list_contacts(
        page.session, q=q, limit=PER_PAGE, offset=(number - 1) * PER_PAGE
    )
    return page.render(
        "customers/list.html",
        contacts=contacts,
        total=total,
        q=q,
        pager=Pager("/customers", number, total, {"q": q}),
        companies=crm_queries.company_names(
            page.session, {c.company_id for c in contacts if c.company_id is not None}
        ),
    )


@router.get("/customers/{contact_id}")
def customer_detail(contact_id: str, page: CurrentPage) -> HTMLResponse:
    """One customer: who they are, their company, tickets, orders and satisfaction."""
    page.require("crm.read")
    contact = (
        crm_queries.get_contact(page.session, int(contact_id)) if contact_id.isdigit() else None
    )
    if contact is None:
        raise PageError(
            404, message("not_found_title"), message("contact_not_found", contact_id=contact_id)
        )
    tickets, ticket_total = ticket_queries.list_tickets(
        page.session, contact_id=contact.id, limit=CUSTOMER_TICKETS
    )
    responses = crm_queries.satisfaction_for(page.session, contact_id=contact.id)
    now = utcnow()
    return page.render(
        "customers/detail.html",
        contact=contact,
        company=contact.company,
        tickets=tickets,
        ticket_total=ticket_total,
        slas={t.id: sla_for(t, now) for t in tickets},
        orders=crm_queries.orders_for(page.session, contact_id=contact.id, limit=CUSTOMER_ORDERS),
        responses=responses[:10],
        satisfaction=crm_queries.satisfaction_summary(responses),
        can_read_tickets=page.allows("tickets.read"),
    )
