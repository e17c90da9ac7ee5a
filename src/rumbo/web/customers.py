"""Customer pages: the contact list and one customer's whole picture."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from markupsafe import Markup
from starlette.responses import HTMLResponse

from rumbo.crm import health as crm_health
from rumbo.crm import queries as crm_queries
from rumbo.crm.models import Contact
from rumbo.db import utcnow
from rumbo.listening import queries as listening_queries
from rumbo.tickets import queries as ticket_queries
from rumbo.web.charts import Series, line_chart
from rumbo.web.deps import CurrentPage, Page, PageError
from rumbo.web.i18n import gettext
from rumbo.web.insights_terms import sentiment_label, source_label
from rumbo.web.labels import message
from rumbo.web.listing import PER_PAGE, Pager, page_number, text
from rumbo.web.templating import templates_of
from rumbo.web.tickets import sla_for

router = APIRouter()

CUSTOMER_TICKETS = 20
CUSTOMER_ORDERS = 20
CUSTOMER_MENTIONS = 20
# Two years of monthly satisfaction: long enough to see a trend, short enough to read.
SATISFACTION_MONTHS = 24


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
    """One customer: who they are, their company, health, tickets, mentions, orders and
    satisfaction (with its monthly trend)."""
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
    can_read_mentions = page.allows("listening.read")
    mentions, mention_total = (
        listening_queries.list_mentions(
            page.session, contact_id=contact.id, limit=CUSTOMER_MENTIONS
        )
        if can_read_mentions
        else ((), 0)
    )
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
        can_read_mentions=can_read_mentions,
        mentions=mentions,
        mention_total=mention_total,
        satisfaction_chart=satisfaction_chart(page, contact, now),
        health=crm_health.health_of(page.session, contact, now),
        weights=crm_health,
        sentiment_label=sentiment_label,
        source_label=source_label,
    )


def satisfaction_chart(page: Page, contact: Contact, now: dt.datetime) -> Markup:
    """CSAT per month for the customer and, beside it, for their whole account."""
    since = now - dt.timedelta(days=31 * SATISFACTION_MONTHS)
    series = [
        Series(
            gettext("Cliente"),
            crm_queries.csat_by_month(page.session, contact_id=contact.id, since=since),
        )
    ]
    if contact.company_id is not None:
        series.append(
            Series(
                gettext("Cuenta"),
                crm_queries.csat_by_month(page.session, company_id=contact.company_id, since=since),
            )
        )
    return line_chart(
        series,
        title=gettext("Satisfacción por mes"),
        y_label=gettext("CSAT (% de respuestas 4–5)"),
        zone=templates_of(page.request).zone,
        height=220,
    )
