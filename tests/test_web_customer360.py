"""The customer page as a whole picture (mentions, satisfaction over time, health with its
reasons) and the inbox filters for deadlines about to pass and for groups.

Data goes in through the domain actions (mentions as the listening pipeline stores them); the
pages are read as a signed-in browser would.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from rumbo.app import Rumbo
from rumbo.crm import actions as crm_actions
from rumbo.crm import queries as crm_queries
from rumbo.crm.schemas import CompanyIn, ContactIn, SatisfactionIn
from rumbo.db import utcnow
from rumbo.listening.models import Mention
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.schemas import ReplyIn
from tests.conftest import SYSTEM
from tests.test_web import add_customer, add_ticket, browser_for


def add_person(app: Rumbo, name: str, company_id: int | None = None) -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        return crm_actions.create_contact(ctx, ContactIn(name=name, company_id=company_id)).id


def add_mention(
    app: Rumbo,
    key: str,
    text: str,
    *,
    contact_id: int | None = None,
    sentiment: str = "neutral",
    url: str | None = None,
    terms: tuple[str, ...] = (),
    age: dt.timedelta = dt.timedelta(hours=1),
) -> None:
    """A mention as listening stores it once matched to a CRM contact."""
    with app.unit_of_work(SYSTEM) as ctx:
        contact = crm_queries.get_contact(ctx.session, contact_id) if contact_id else None
        ctx.session.add(
            Mention(
                source="x",
                external_id=key,
                author="@alguien",
                text=text,
                url=url,
                created_at=utcnow() - age,
                contact_id=contact_id,
                company_id=contact.company_id if contact else None,
                sentiment=sentiment,
                terms=list(terms),
            )
        )


def health_of(html: str) -> tuple[int, set[str]]:
    score = re.search(r'data-health-score="(\d+)"', html)
    assert score, "the page shows no health score"
    return int(score[1]), set(re.findall(r'data-reason="(\w+)"', html))


# Mentions


def test_the_customer_page_lists_only_that_customers_mentions(app: Rumbo):
    ana = add_customer(app)
    luis = add_person(app, "Luis Pérez")
    add_mention(
        app,
        "ana-1",
        "El pedido llegó incompleto otra vez",
        contact_id=ana,
        sentiment="negative",
        url="https://x.example/ana/1",
        terms=("pedido", "incompleto"),
    )
    add_mention(app, "ana-2", "Gracias por la ayuda", contact_id=ana, url="javascript:alert(1)")
    add_mention(app, "luis-1", "Mensaje de Luis sobre su factura", contact_id=luis)
    add_mention(app, "nadie-1", "Una mención sin cliente")
    browser, _ = browser_for(app, "viewer")

    html = browser.get(f"/customers/{ana}").text
    assert re.search(r'id="mentions-title">Menciones <span class="muted">\(2\)', html)
    assert "El pedido llegó incompleto otra vez" in html
    assert "Gracias por la ayuda" in html
    assert "Mensaje de Luis" not in html
    assert "Una mención sin cliente" not in html
    assert '<span class="tag">incompleto</span>' in html
    assert "Negativo" in html
    # Only web addresses become links: a stored "javascript:" URL stays plain data.
    assert 'href="https://x.example/ana/1"' in html
    assert "javascript:alert" not in html

    other = browser.get(f"/customers/{luis}").text
    assert "Mensaje de Luis sobre su factura" in other
    assert "El pedido llegó" not in other


# Satisfaction over time


def month_start(months_ago: int) -> dt.datetime:
    today = utcnow()
    index = today.year * 12 + today.month - 1 - months_ago
    return dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.UTC)


def test_the_satisfaction_chart_draws_the_customer_and_the_account_by_month(app: Rumbo):
    with app.unit_of_work(SYSTEM) as ctx:
        company = crm_actions.create_company(ctx, CompanyIn(name="Ferretería Ruiz"))
        ana = crm_actions.create_contact(ctx, ContactIn(name="Ana", company_id=company.id))
        luis = crm_actions.create_contact(ctx, ContactIn(name="Luis", company_id=company.id))
        stranger = crm_actions.create_contact(ctx, ContactIn(name="Otra"))
        answers = [
            (ana.id, 3, 5),  # three months ago: Ana 5 and 2 → 50 %, with Luis's 4 → 67 %
            (ana.id, 3, 2),
            (luis.id, 3, 4),
            (ana.id, 1, 4),  # last month: Ana 4 → 100 % for both
            (stranger.id, 1, 1),  # another account's answer counts nowhere here
        ]
        crm_actions.upsert_satisfaction(
            ctx,
            [
                SatisfactionIn(
                    contact_id=who,
                    kind="csat",
                    score=score,
                    responded_at=month_start(ago) + dt.timedelta(days=4),
                )
                for who, ago, score in answers
            ],
        )
        ana_id = ana.id
    browser, _ = browser_for(app, "viewer")

    html = browser.get(f"/customers/{ana_id}").text
    figure = html[html.index('id="trend-title"') :]
    customer = re.search(r'chart__series--1"><polyline points="([^"]+)"', figure)
    account = re.search(r'chart__series--2"><polyline points="([^"]+)"', figure)
    assert customer
    assert account
    assert len(customer[1].split()) == 2
    assert len(account[1].split()) == 2
    # The hidden table carries the same numbers, one row per month.
    rows = re.findall(
        r'<tr><th scope="row">[^<]+</th><td>([^<]+)</td><td>([^<]+)</td></tr>', figure
    )
    assert rows == [("50", "66.7"), ("100", "100")]


def test_a_customer_without_answers_gets_an_empty_chart_not_a_broken_one(app: Rumbo):
    lone = add_person(app, "Sin encuestas")
    browser, _ = browser_for(app, "viewer")
    html = browser.get(f"/customers/{lone}").text
    assert "Sin datos para este periodo." in html


# Health


def test_health_loses_points_for_a_negative_mention_and_a_missed_deadline(app: Rumbo):
    ana = add_customer(app)  # her survey answers are older than the 180 days that count
    browser, _ = browser_for(app, "viewer")

    score, reasons = health_of(browser.get(f"/customers/{ana}").text)
    assert score == 100
    assert "negative_mentions" not in reasons
    assert "late_tickets" not in reasons

    add_mention(app, "fine", "Todo bien", contact_id=ana, sentiment="positive")
    assert health_of(browser.get(f"/customers/{ana}").text)[0] == 100

    add_mention(app, "angry", "Nadie me responde", contact_id=ana, sentiment="negative")
    html = browser.get(f"/customers/{ana}").text
    assert health_of(html) == (92, reasons | {"negative_mentions"})
    assert "1 mención negativa en los últimos 30 días" in html

    # A normal ticket opened 10 hours ago owed a first answer within 8: it is late.
    add_ticket(app, "Sin respuesta", contact_id=ana, created_at=utcnow() - dt.timedelta(hours=10))
    html = browser.get(f"/customers/{ana}").text
    score, reasons = health_of(html)
    assert score == 92 - 3 - 10
    assert {"negative_mentions", "open_tickets", "late_tickets"} <= reasons
    assert "1 ticket con el plazo (SLA) vencido" in html
    assert "Cómo se calcula" in html


def test_low_satisfaction_and_a_close_renewal_are_reasons_and_revenue_is_context(app: Rumbo):
    today = utcnow().date()
    with app.unit_of_work(SYSTEM) as ctx:
        company = crm_actions.create_company(
            ctx,
            CompanyIn(
                name="Café Sur",
                seats=10,
                price_per_user=Decimal("20"),
                renewal_date=today + dt.timedelta(days=20),
            ),
        )
        contact = crm_actions.create_contact(ctx, ContactIn(name="Eva", company_id=company.id))
        crm_actions.upsert_satisfaction(
            ctx,
            [
                SatisfactionIn(
                    contact_id=contact.id,
                    kind="csat",
                    score=1,
                    responded_at=utcnow() - dt.timedelta(days=3),
                )
            ],
        )
        contact_id = contact.id
    browser, _ = browser_for(app, "viewer")

    html = browser.get(f"/customers/{contact_id}").text
    score, reasons = health_of(html)
    assert score == 100 - 20 - 10
    assert reasons == {"csat", "renewal", "arr"}
    assert "dentro de 20 días" in html
    assert "no resta puntos" in html


# Inbox filters


SUBJECT = re.compile(r'class="ticket-link"><span class="ticket-id">#\d+</span> ([^<]+)</a>')


def subjects(html: str) -> set[str]:
    return set(SUBJECT.findall(html))


def test_the_sla_filter_keeps_tickets_whose_next_deadline_is_close_or_past(app: Rumbo):
    now = utcnow()
    add_ticket(
        app, "Urgente reciente", priority="urgent", created_at=now - dt.timedelta(minutes=30)
    )
    add_ticket(app, "Normal nuevo", created_at=now)
    add_ticket(app, "Normal atrasado", created_at=now - dt.timedelta(hours=10))
    answered = add_ticket(app, "Ya respondido", created_at=now - dt.timedelta(hours=10))
    add_ticket(app, "Resuelto", status="solved", created_at=now - dt.timedelta(days=3))
    with app.unit_of_work(SYSTEM) as ctx:
        # Answered: what is due next is the resolution, 38 hours away.
        ticket_actions.reply(ctx, answered, ReplyIn(body="Lo revisamos."))
    browser, _ = browser_for(app, "agent")

    assert subjects(browser.get("/tickets?due=4").text) == {"Urgente reciente", "Normal atrasado"}
    assert subjects(browser.get("/tickets?due=24&status=all").text) == {
        "Urgente reciente",
        "Normal atrasado",
        "Normal nuevo",
    }
    assert "SLA a punto de vencer" in browser.get("/tickets").text


def test_the_inbox_filters_by_group_when_tickets_have_one(app: Rumbo):
    add_ticket(app, "Factura duplicada", group="Facturación")
    add_ticket(app, "No enciende", group="Soporte")
    add_ticket(app, "Sin grupo")
    browser, _ = browser_for(app, "agent")

    html = browser.get("/tickets").text
    assert '<option value="Facturación"' in html
    assert subjects(browser.get("/tickets?group=Facturación").text) == {"Factura duplicada"}
    assert subjects(browser.get("/tickets?group=Soporte").text) == {"No enciende"}
    refused = browser.get("/tickets?group=Inventado")
    assert refused.status_code == 400
    assert "grupo" in refused.text
