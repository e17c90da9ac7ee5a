"""Stories of the people who answer tickets, told in a real Chromium against a real server."""

from __future__ import annotations

import re
from typing import Any

from rumbo.demo.staff import ADMIN_EMAIL, DEMO_DOMAIN, DEMO_PASSWORD
from rumbo.tickets import queries as ticket_queries
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in

# The stories' fixtures, shared by every browser module (one server per process).
chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story
AGENT = f"diego.salas@{DEMO_DOMAIN}"


def test_signing_in_shows_the_error_then_the_inbox(page: Any):
    sign_in(page, ADMIN_EMAIL, "not-the-password")
    alert = page.get_by_role("alert")
    assert "no son correctos" in alert.inner_text()
    assert page.get_by_label("Correo electrónico").input_value() == ADMIN_EMAIL

    page.get_by_label("Contraseña").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    page.wait_for_url("**/tickets")
    assert page.get_by_role("heading", level=1).inner_text() == "Tickets"
    assert page.locator("[data-ticket-row]").count() > 0
    assert "Valeria Ortiz" in page.locator(".account").inner_text()

    # English from the footer switch, remembered on the next page.
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/tickets?lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Customers").click()
    page.wait_for_url("**/customers")
    assert page.get_by_role("heading", level=1).inner_text() == "Customers"


def _open_ticket_with_customer(server: LiveServer) -> Any:
    with server.app.reading() as session:
        tickets, _total = ticket_queries.list_tickets(session, status="open", limit=50)
        return next(t for t in tickets if t.contact_id is not None and t.messages)


def test_an_agent_works_a_ticket_from_the_inbox_to_a_sent_reply(page: Any, live_server: LiveServer):
    ticket = _open_ticket_with_customer(live_server)
    sign_in(page, AGENT, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")

    # Filter the inbox: open tickets, found by their subject.
    page.get_by_role("link", name=re.compile(r"^Abiertos")).click()
    page.get_by_label("Buscar").fill(ticket.subject)
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url(re.compile(r"status=open"))
    row = page.locator("[data-ticket-row]", has_text=ticket.subject).first
    assert "Abierto" in row.inner_text()
    row.locator("a.ticket-link").click()
    page.wait_for_url(f"**/tickets/{ticket.id}")

    # The customer's record and the articles that may help sit beside the conversation.
    panel = page.get_by_role("complementary", name="Ficha del cliente")
    assert panel.get_by_role("heading", name="Artículos sugeridos").is_visible()
    assert panel.locator(".assist-item a").count() >= 1
    assert "Solo visible para el equipo" in panel.inner_text()
    before = page.locator("article.message").count()

    reply = "Hola, ya revisamos tu caso y te escribimos en cuanto tengamos novedades."
    page.get_by_label("Mensaje", exact=True).fill(reply)
    page.get_by_label("Estado después de enviar").select_option("pending")
    page.get_by_role("button", name="Enviar").click()

    page.wait_for_url(re.compile(rf"/tickets/{ticket.id}#m\d+"))
    assert page.get_by_role("status").inner_text() == "Respuesta enviada."
    assert page.locator(".ticket-meta .badge").first.inner_text() == "Pendiente"
    assert page.locator("article.message").count() == before + 1
    assert reply in page.locator("article.message").last.inner_text()
    with live_server.app.reading() as session:
        stored = ticket_queries.get_ticket(session, ticket.id)
        assert stored is not None
        assert stored.status == "pending"


def test_the_inbox_answers_the_keyboard(page: Any):
    sign_in(page, AGENT, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    rows = page.locator("[data-ticket-row]")
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert rows.nth(1).get_attribute("aria-current") == "true"
    page.keyboard.press("k")
    assert rows.nth(0).get_attribute("aria-current") == "true"
    assert rows.nth(1).get_attribute("aria-current") is None
    href = rows.nth(0).locator("a.ticket-link").get_attribute("href")

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("j")  # typed into the box, not taken as a shortcut
    assert page.get_by_label("Buscar").input_value() == "j"
    page.keyboard.press("Escape")

    page.keyboard.press("Enter")
    page.wait_for_url(f"**{href}")
    page.keyboard.press("r")
    assert page.evaluate("document.activeElement.id") == "body"


def test_a_form_posted_without_its_token_is_refused(page: Any, live_server: LiveServer):
    ticket = _open_ticket_with_customer(live_server)
    sign_in(page, AGENT, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto(f"/tickets/{ticket.id}")
    before = page.locator("article.message").count()

    # A forged form: the same fields, without the token a page of this site would carry.
    page.locator('form[action$="/reply"] input[name="csrf_token"]').evaluate("e => e.remove()")
    page.get_by_label("Mensaje", exact=True).fill("Mensaje que no debe guardarse")
    with page.expect_response(f"**/tickets/{ticket.id}/reply") as answer:
        page.get_by_role("button", name="Enviar").click()
    assert answer.value.status == 403
    assert "caducó" in page.get_by_role("heading", level=1).inner_text()

    page.goto(f"/tickets/{ticket.id}")
    assert page.locator("article.message").count() == before
