"""The web pages: signing in, the inbox, a ticket with its customer, replying, customers.

Data is created through the domain actions; the pages are driven like a browser would, with a
session cookie and the CSRF token read from the forms.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from rumbo.app import Rumbo
from rumbo.audit import queries as audit_queries
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn, ContactIn, OrderIn, SatisfactionIn
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets import queries as ticket_queries
from rumbo.tickets.schemas import MessageIn, TicketIn
from tests.conftest import SYSTEM, make_user

PASSWORD = "contraseña-segura"


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found[1]


def sign_in(client: TestClient, email: str, password: str = PASSWORD, next_path: str = ""):
    token = csrf_of(client.get("/login").text)
    form = {"email": email, "password": password, "csrf_token": token, "next": next_path}
    return client.post("/login", data=form, follow_redirects=False)


def browser_for(app: Rumbo, role: str) -> tuple[TestClient, int]:
    """A signed-in browser for a new user with ``role``, and that user's id."""
    email = f"{role}@example.com"
    user_id = make_user(app, email, role, PASSWORD)
    client = TestClient(app.asgi())
    assert sign_in(client, email).status_code == 303
    return client, user_id


def add_customer(app: Rumbo, *, source: str = "rumbo") -> int:
    """Ana at Ferretería Ruiz, with an order and two survey answers; returns her contact id."""
    with app.unit_of_work(SYSTEM) as ctx:
        company = crm_actions.create_company(
            ctx,
            CompanyIn(
                source=source,
                name="Ferretería Ruiz",
                plan="Pro",
                seats=40,
                price_per_user=Decimal("12.50"),
                renewal_date=dt.date(2026, 3, 31),
                health="watch",
            ),
        )
        contact = crm_actions.create_contact(
            ctx,
            ContactIn(
                source=source,
                name="Ana Ruiz",
                company_id=company.id,
                emails=["ana@ruiz.mx"],
                address_form="tu",
                audience_size=12300,
            ),
        )
        crm_actions.upsert_orders(
            ctx,
            [
                OrderIn(
                    number="PED-1001",
                    contact_id=contact.id,
                    total=Decimal("349.00"),
                    currency="MXN",
                    placed_at=dt.datetime(2026, 1, 10, 17, 0, tzinfo=dt.UTC),
                )
            ],
        )
        crm_actions.upsert_satisfaction(
            ctx,
            [
                SatisfactionIn(
                    contact_id=contact.id,
                    kind="csat",
                    score=5,
                    responded_at=dt.datetime(2026, 1, 12, tzinfo=dt.UTC),
                ),
                SatisfactionIn(
                    contact_id=contact.id,
                    kind="csat",
                    score=2,
                    responded_at=dt.datetime(2026, 1, 13, tzinfo=dt.UTC),
                ),
            ],
        )
        return contact.id


def add_ticket(app: Rumbo, subject: str, *, contact_id: int | None = None, **fields) -> int:
    data = TicketIn(
        subject=subject,
        contact_id=contact_id,
        messages=[MessageIn(body="Hola, el pedido PED-1001 llegó incompleto.")],
        **fields,
    )
    with app.unit_of_work(SYSTEM) as ctx:
        return ticket_actions.open_ticket(ctx, data).id


def message_count(app: Rumbo, ticket_id: int) -> int:
    with app.reading() as session:
        ticket = ticket_queries.get_ticket(session, ticket_id)
        assert ticket is not None
        return len(ticket.messages)


# Signing in and out


def test_anonymous_visitors_are_sent_to_sign_in_and_back(app: Rumbo, anon):
    assert anon.get("/", follow_redirects=False).headers["location"] == "/tickets"
    response = anon.get("/tickets?status=open", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Ftickets%3Fstatus%3Dopen"
    for path in ("/tickets/1", "/customers", "/customers/1"):
        assert anon.get(path, follow_redirects=False).status_code == 303

    make_user(app, "agente@example.com", "agent", PASSWORD)
    signed = sign_in(anon, "agente@example.com", next_path="/tickets?status=open")
    assert signed.headers["location"] == "/tickets?status=open"


def test_a_wrong_password_shows_the_form_again_with_401(app: Rumbo, anon):
    make_user(app, "agente@example.com", "agent", PASSWORD)
    response = sign_in(anon, "agente@example.com", password="no-es-esta")
    assert response.status_code == 401
    assert "El correo o la contraseña no son correctos." in response.text
    assert "no-es-esta" not in response.text
    # An unknown email gets exactly the same answer, so the form does not reveal who has an account.
    unknown = sign_in(anon, "nadie@example.com", password="no-es-esta")
    assert unknown.status_code == 401
    assert unknown.text.replace("nadie@", "agente@") == response.text
    assert anon.get("/tickets", follow_redirects=False).status_code == 303


def test_signing_in_opens_the_inbox_with_tickets_and_their_customers(app: Rumbo, anon):
    contact_id = add_customer(app)
    add_ticket(
        app,
        "Pedido incompleto",
        contact_id=contact_id,
        channel="chat",
        priority="high",
        tags=["envios"],
        created_at=dt.datetime(2026, 1, 15, 18, 30, tzinfo=dt.UTC),
    )
    make_user(app, "agente@example.com", "agent", PASSWORD)

    response = sign_in(anon, "agente@example.com")
    assert (response.status_code, response.headers["location"]) == (303, "/tickets")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie

    page = anon.get("/tickets")
    assert page.status_code == 200
    html = page.text
    for shown in (
        "Pedido incompleto",
        "Ana Ruiz",
        "Ferretería Ruiz",
        "Chat",
        "Alta",
        "Nuevo",
        "envios",
    ):
        assert shown in html
    # Stored in UTC, shown in America/Mexico_City (UTC-6).
    assert "15 ene 2026, 12:30" in html
    # The one-hour first-response deadline of a high-priority ticket has long passed.
    assert "vencido" in html
    with app.reading() as session:
        signed_in = audit_queries.list_entries(session, action="user.signed_in")
    assert [e.actor_label for e in signed_in] == ["web"]


def test_the_inbox_filters_by_status_priority_channel_and_text(app: Rumbo):
    add_ticket(app, "Factura duplicada", priority="urgent", channel="email")
    add_ticket(app, "No puedo entrar", channel="chat")
    add_ticket(app, "Gracias por todo", status="solved")
    browser, _ = browser_for(app, "viewer")

    def subjects(query: str) -> set[str]:
        html = browser.get("/tickets" + query).text
        return set(re.findall(r'class="ticket-link">.*?</span> (.*?)</a>', html))

    assert subjects("") == {"Factura duplicada", "No puedo entrar"}
    assert subjects("?status=all") == {"Factura duplicada", "No puedo entrar", "Gracias por todo"}
    assert subjects("?status=solved") == {"Gracias por todo"}
    assert subjects("?priority=urgent") == {"Factura duplicada"}
    assert subjects("?channel=chat") == {"No puedo entrar"}
    assert subjects("?q=factura") == {"Factura duplicada"}
    assert subjects("?q=PED-1001&status=all") == {
        "Factura duplicada",
        "No puedo entrar",
        "Gracias por todo",
    }
    counts = browser.get("/tickets").text
    assert re.search(r"Activos <span class=\"tabs__count\">2</span>", counts)
    assert re.search(r"Resueltos <span class=\"tabs__count\">1</span>", counts)

    bad = browser.get("/tickets?priority=altisima")
    assert bad.status_code == 400
    assert "prioridad" in bad.text


def test_the_inbox_needs_the_same_number_of_queries_however_many_rows_it_shows(app: Rumbo):
    browser, _ = browser_for(app, "viewer")

    def add_customers_with_tickets(first: int, count: int) -> None:
        with app.unit_of_work(SYSTEM) as ctx:
            for n in range(first, first + count):
                company = crm_actions.create_company(ctx, CompanyIn(name=f"Empresa {n}"))
                contact = crm_actions.create_contact(
                    ctx, ContactIn(name=f"Cliente {n}", company_id=company.id)
                )
                ticket_actions.open_ticket(
                    ctx, TicketIn(subject=f"Consulta {n}", contact_id=contact.id, tags=["a", "b"])
                )

    def queries_to_show_inbox() -> int:
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
            statements.append(statement)

        event.listen(app.engine, "before_cursor_execute", count)
        try:
            assert browser.get("/tickets").status_code == 200
        finally:
            event.remove(app.engine, "before_cursor_execute", count)
        return len(statements)

    add_customers_with_tickets(0, 2)
    few = queries_to_show_inbox()
    add_customers_with_tickets(2, 10)
    assert queries_to_show_inbox() == few


def test_signing_out_ends_the_session(app: Rumbo):
    browser, _ = browser_for(app, "agent")
    token = csrf_of(browser.get("/tickets").text)
    response = browser.post("/logout", data={"csrf_token": token}, follow_redirects=False)
    assert response.headers["location"] == "/login"
    assert browser.get("/tickets", follow_redirects=False).status_code == 303


@pytest.mark.parametrize(
    "target", ["https://evil.example", "//evil.example/tickets", "/\\evil.example", "/logout"]
)
def test_next_never_leads_to_another_site(app: Rumbo, anon, target: str):
    make_user(app, "agente@example.com", "agent", PASSWORD)
    response = sign_in(anon, "agente@example.com", next_path=target)
    assert response.status_code == 303
    assert response.headers["location"] == "/tickets"


# Forms are protected


def test_forms_without_the_csrf_token_are_refused_and_change_nothing(app: Rumbo, anon):
    make_user(app, "agente@example.com", "agent", PASSWORD)
    anon.get("/login")
    refused = anon.post("/login", data={"email": "agente@example.com", "password": PASSWORD})
    assert refused.status_code == 403
    assert "No pudimos verificar el formulario" in refused.text
    with app.reading() as session:
        assert audit_queries.list_entries(session, action="user.signed_in") == []
    assert anon.get("/tickets", follow_redirects=False).status_code == 303

    ticket_id = add_ticket(app, "Pedido incompleto")
    browser, _ = browser_for(app, "agent")
    for form in ({"body": "Ya lo revisamos."}, {"body": "Ya lo revisamos.", "csrf_token": "x"}):
        response = browser.post(f"/tickets/{ticket_id}/reply", data=form)
        assert response.status_code == 403
    assert message_count(app, ticket_id) == 1


# Tickets


def test_an_agent_reply_appears_on_the_ticket_and_in_the_audit_log(app: Rumbo):
    ticket_id = add_ticket(app, "Pedido incompleto")
    browser, agent_id = browser_for(app, "agent")
    token = csrf_of(browser.get(f"/tickets/{ticket_id}").text)

    response = browser.post(
        f"/tickets/{ticket_id}/reply",
        data={"csrf_token": token, "body": "Te enviamos la pieza que falta hoy.", "status": ""},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/tickets/{ticket_id}#m")

    page = browser.get(f"/tickets/{ticket_id}").text
    assert "Respuesta enviada." in page
    assert "Te enviamos la pieza que falta hoy." in page
    assert 'class="message message--agent"' in page
    assert 'class="message message--customer"' in page
    with app.reading() as session:
        [entry] = audit_queries.list_entries(
            session, entity_type="ticket", entity_id=str(ticket_id), action="ticket.replied"
        )
        assert (entry.actor_id, entry.actor_label) == (agent_id, "agent@example.com")
        assert entry.after is not None
        assert entry.after["status"] == "open"


def test_an_internal_note_is_marked_as_such(app: Rumbo):
    ticket_id = add_ticket(app, "Pedido incompleto")
    browser, _ = browser_for(app, "agent")
    token = csrf_of(browser.get(f"/tickets/{ticket_id}").text)
    # The browser follows the redirect back to the ticket.
    page = browser.post(
        f"/tickets/{ticket_id}/reply",
        data={
            "csrf_token": token,
            "body": "Cliente importante.",
            "internal": "1",
            "status": "pending",
        },
    ).text
    assert "Nota interna guardada." in page
    assert 'class="message message--note"' in page
    assert "Nota interna · el cliente no la ve" in page
    assert 'badge--status-pending">Pendiente' in page


def test_an_empty_reply_is_refused_with_the_reason_and_nothing_is_written(app: Rumbo):
    ticket_id = add_ticket(app, "Pedido incompleto")
    browser, _ = browser_for(app, "agent")
    token = csrf_of(browser.get(f"/tickets/{ticket_id}").text)
    response = browser.post(
        f"/tickets/{ticket_id}/reply", data={"csrf_token": token, "body": "   "}
    )
    assert response.status_code == 422
    assert "Escribe el mensaje antes de enviarlo." in response.text
    assert message_count(app, ticket_id) == 1


def test_a_viewer_reads_tickets_but_cannot_reply(app: Rumbo):
    ticket_id = add_ticket(app, "Pedido incompleto")
    browser, _ = browser_for(app, "viewer")
    page = browser.get(f"/tickets/{ticket_id}")
    assert page.status_code == 200
    assert 'name="body"' not in page.text
    assert "permite leer los tickets, pero no responderlos" in page.text

    response = browser.post(
        f"/tickets/{ticket_id}/reply",
        data={"csrf_token": csrf_of(page.text), "body": "Intento colarme."},
    )
    assert response.status_code == 403
    assert "Tu rol (Solo lectura) no permite responder tickets" in response.text
    assert message_count(app, ticket_id) == 1
    with app.reading() as session:
        assert audit_queries.list_entries(session, action="ticket.replied") == []


def test_the_ticket_page_shows_the_customer_record_beside_the_conversation(app: Rumbo):
    contact_id = add_customer(app)
    ticket_id = add_ticket(app, "Pedido incompleto", contact_id=contact_id)
    browser, _ = browser_for(app, "agent")
    html = browser.get(f"/tickets/{ticket_id}").text
    for shown in (
        "Ana Ruiz",
        "ana@ruiz.mx",
        "Español",
        "Tú",
        "Ferretería Ruiz",
        "Pro",
        "12.50 USD",
        "6,000.00 USD",
        "31 mar 2026",
        "En observación",
        "PED-1001",
        "349.00 MXN",
        "CSAT",
        "50 %",
        "Solo visible para el equipo",
        "12,300",
    ):
        assert shown in html, shown


def test_an_unknown_ticket_is_a_404_page(app: Rumbo):
    browser, _ = browser_for(app, "agent")
    for path in ("/tickets/999999", "/tickets/abc", "/customers/424242"):
        response = browser.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "No existe" in response.text


def test_everything_people_wrote_is_shown_as_text(app: Rumbo):
    attack = "<script>alert(1)</script>"
    ticket_id = add_ticket(app, attack)
    with app.unit_of_work(SYSTEM) as ctx:
        ticket_actions.add_customer_message(ctx, ticket_id, MessageIn(body=f"<b>{attack}</b>"))
    browser, _ = browser_for(app, "agent")
    for path in ("/tickets", f"/tickets/{ticket_id}"):
        html = browser.get(path).text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert attack not in html
        assert "<b>" not in html


# Customers


def test_the_customer_page_shows_company_tickets_and_internal_audience(app: Rumbo):
    contact_id = add_customer(app)
    add_ticket(app, "Pedido incompleto", contact_id=contact_id)
    browser, _ = browser_for(app, "viewer")

    listed = browser.get("/customers?q=ruiz.mx").text
    assert f'href="/customers/{contact_id}"' in listed
    assert "Ferretería Ruiz" in listed
    assert "Ana Ruiz" not in browser.get("/customers?q=zzz").text

    html = browser.get(f"/customers/{contact_id}").text
    for shown in (
        "Ana Ruiz",
        "Ferretería Ruiz",
        "Pro",
        "Pedido incompleto",
        "PED-1001",
        "CSAT",
        "50 %",
        "2 respuestas",
    ):
        assert shown in html, shown
    audience = re.search(r"Audiencia</dt><dd>(.*?)</dd>", html, re.S)
    assert audience
    assert "12,300" in audience[1]
    assert "Solo visible para el equipo" in audience[1]


def test_sample_data_is_announced(app: Rumbo):
    browser, _ = browser_for(app, "agent")
    assert "Datos de ejemplo" not in browser.get("/tickets").text
    add_customer(app, source="demo")
    assert "Datos de ejemplo" in browser.get("/tickets").text


# Static files


def test_the_stylesheet_is_served_with_long_cache_headers(app: Rumbo, anon):
    link = re.search(r'href="(/static/rumbo\.css\?v=\w+)"', anon.get("/login").text)
    assert link
    response = anon.get(link[1])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "max-age=31536000" in response.headers["cache-control"]
    assert ":focus-visible" in response.text


def test_unknown_addresses_get_a_page_and_unknown_api_paths_get_json(anon):
    page = anon.get("/no-existe")
    assert page.status_code == 404
    assert "text/html" in page.headers["content-type"]
    assert "ninguna página" in page.text
    api = anon.get("/api/v1/no-existe")
    assert api.status_code == 404
    assert api.json()["error"]["code"] == "not_found"
