"""Stories of customers on the public pages, told in a real Chromium against a real server."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from rumbo.context import Actor
from rumbo.crm import queries as crm_queries
from rumbo.demo.staff import ADMIN_EMAIL, DEMO_PASSWORD
from rumbo.portal import actions as portal_actions
from rumbo.portal.schemas import LoginRequestIn
from rumbo.tickets import queries as ticket_queries
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in

# The stories' fixtures, shared by every browser module (one server per process).
chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story


def _results(page: Any, query: str) -> list[str]:
    page.goto("/help")
    box = page.get_by_role("combobox", name="Buscar en el centro de ayuda")
    box.fill(query)
    box.press("Enter")
    page.wait_for_url("**/help/search?*")
    links = page.locator(".help-results .help-list__title")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())]


def test_help_center_search_ignores_accents_and_case(page: Any):
    found = {q: _results(page, q) for q in ("envío", "envio", "ENVÍO")}
    assert found["envío"], "the demo's shipping articles should be found"
    assert found["envio"][:3] == found["envío"][:3]
    assert found["ENVÍO"][:3] == found["envío"][:3]
    assert "envío" in page.get_by_role("heading", level=1).inner_text().lower()


def _customer_link(server: LiveServer) -> str:
    """A one-time sign-in link, as the portal would email it to a demo customer."""
    with server.app.reading() as session:
        contacts, _ = crm_queries.list_contacts(session, limit=50)
        email = next(c.emails[0].email for c in contacts if c.emails and c.language == "es")
    with server.app.unit_of_work(Actor.system("tests")) as ctx:
        issued = portal_actions.request_login_link(ctx, LoginRequestIn(email=email))
    assert issued is not None
    return f"/portal/auth?token={quote(issued.token)}"


def test_the_assistant_hands_the_customer_over_to_a_person(
    page: Any, chromium: Any, live_server: LiveServer
):
    # From the help center to the assistant, which asks the customer to sign in first.
    page.goto("/help")
    page.get_by_role("link", name="Pregunta al asistente").click()
    page.wait_for_url("**/portal/login")
    page.goto(_customer_link(live_server))  # the link the portal emails
    page.wait_for_url("**/portal")
    page.get_by_role("navigation").get_by_role("link", name="Asistente").click()
    page.wait_for_url("**/portal/assistant")
    question = "Quiero hablar con una persona de verdad sobre mi factura, por favor"
    page.get_by_role("textbox", name="Tu pregunta").fill(question)
    page.get_by_role("button", name="Preguntar").click()
    page.wait_for_url(re.compile(r"/portal/assistant#q\d+"))

    answer = page.locator(".chat__answer").last
    assert "persona" in answer.inner_text()
    ticket_link = answer.get_by_role("link", name=re.compile("ticket", re.IGNORECASE))
    ticket_id = int((ticket_link.get_attribute("href") or "").rsplit("/", 1)[1])
    ticket_link.click()
    page.wait_for_url(f"**/portal/tickets/{ticket_id}")
    assert question in page.locator("main").inner_text()

    # The team sees the handed-over conversation as a ticket in its inbox.
    staff = chromium.new_context(base_url=live_server.url, locale="es-ES")
    try:
        agent = staff.new_page()
        sign_in(agent, ADMIN_EMAIL, DEMO_PASSWORD)
        agent.wait_for_url("**/tickets")
        agent.goto(f"/tickets/{ticket_id}")
        assert question in agent.locator(".conversation").inner_text()
    finally:
        staff.close()
    with live_server.app.reading() as session:
        ticket = ticket_queries.get_ticket(session, ticket_id)
        assert ticket is not None
        assert ticket.channel in {"portal", "chat"}
