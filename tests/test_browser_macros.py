"""An agent inserts a saved macro into the reply box, in a real Chromium against a real server."""

from __future__ import annotations

from typing import Any

from rumbo.context import Actor
from rumbo.crm import queries as crm_queries
from rumbo.demo.staff import DEMO_DOMAIN, DEMO_PASSWORD
from rumbo.macros import actions as macro_actions
from rumbo.macros.schemas import MacroIn
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in
from tests.test_browser_staff import _open_ticket_with_customer

chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story
AGENT = f"diego.salas@{DEMO_DOMAIN}"


def test_insertar_adds_the_macro_with_the_customers_name_without_leaving_the_page(
    page: Any, live_server: LiveServer
):
    ticket = _open_ticket_with_customer(live_server)
    with live_server.app.reading() as session:
        contact = crm_queries.get_contact(session, ticket.contact_id)
        assert contact is not None
        first_name = contact.name.split()[0]
    with live_server.app.unit_of_work(Actor.system("tests")) as ctx:
        macro_actions.create_macro(
            ctx, MacroIn(title="Seguimiento", body="Hola, {nombre}. Seguimos con tu caso.")
        )
    sign_in(page, AGENT, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto(f"/tickets/{ticket.id}")

    box = page.get_by_label("Mensaje", exact=True)
    box.fill("Gracias por la espera.")
    page.get_by_label("Macro").select_option(label="Seguimiento")
    page.get_by_role("button", name="Insertar").click()

    # The script adds it in place: same page, what was typed is kept, the field is filled in.
    assert box.input_value() == (
        f"Gracias por la espera.\n\nHola, {first_name}. Seguimos con tu caso."
    )
    assert page.url.endswith(f"/tickets/{ticket.id}")
    assert box.evaluate("el => el === document.activeElement")
