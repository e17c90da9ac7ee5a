"""A reply draft's life in a real Chromium: written, fixed, approved by someone else, sent."""

from __future__ import annotations

import re
from typing import Any

from rumbo.demo.staff import ADMIN_EMAIL, DEMO_DOMAIN, DEMO_PASSWORD
from rumbo.drafting.actions import RISKY_SITUATIONS
from rumbo.drafting.replies import ticket_request
from rumbo.drafting.understanding import understand
from rumbo.tickets import queries as ticket_queries
from rumbo.tickets.models import Ticket
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in

chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story
AGENT = f"camila.reyes@{DEMO_DOMAIN}"


def _plain_ticket(server: LiveServer) -> Ticket:
    """An open Spanish ticket with a customer, whose reply needs no legal sign-off.

    Taken from the end of the inbox page: the staff stories work on its first tickets.
    """
    with server.app.reading() as session:
        tickets, _total = ticket_queries.list_tickets(session, status="open", limit=50)
        return next(
            t
            for t in reversed(tickets)
            if t.contact_id is not None
            and t.language == "es"
            and t.messages
            and understand(ticket_request(t)).situation not in RISKY_SITUATIONS
        )


def test_a_reply_draft_is_written_fixed_approved_and_sent(page: Any, live_server: LiveServer):
    from playwright.sync_api import expect

    ticket = _plain_ticket(live_server)
    sign_in(page, AGENT, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto(f"/tickets/{ticket.id}")
    panel = page.locator("#borrador")
    assert panel.get_by_role("heading", name="Borrador de respuesta").is_visible()

    # Rumbo writes the draft; the agent edits it and the critic catches the gap left.
    panel.get_by_role("button", name="Generar borrador").click()
    status = page.get_by_role("status")
    expect(status).to_have_text(re.compile("^Borrador generado"))
    words = panel.get_by_label("Texto del borrador")
    edited = re.sub(r"^[^\n]*", "Hola, [nombre del cliente]:", words.input_value(), count=1)
    words.fill(edited)
    panel.get_by_role("button", name="Revisar de nuevo").click()
    expect(status).to_have_text("Texto guardado y revisado de nuevo.")
    assert "[nombre del cliente]" in panel.locator("mark.finding-mark--error").first.inner_text()

    # One click fixes it; then the agent asks for approval.
    gap = panel.locator('[data-finding="unfilled_placeholder"]')
    gap.get_by_role("button", name="Corregir").click()
    expect(status).to_have_text("Corrección aplicada.")
    assert gap.count() == 0
    fixed = panel.get_by_label("Texto del borrador").input_value()
    assert "[nombre" not in fixed
    panel.get_by_role("button", name="Pedir aprobación").click()
    expect(status).to_have_text("Borrador enviado a revisión.")
    assert panel.get_by_role("button", name="Aprobar").count() == 0  # an agent does not approve
    page.get_by_role("button", name="Cerrar sesión").click()

    # Someone else approves it and sends it as the ticket's reply.
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto(f"/tickets/{ticket.id}")
    before = page.locator("article.message").count()
    panel.get_by_role("button", name="Aprobar").click()
    expect(status).to_have_text("Aprobación registrada.")
    panel.get_by_label("Estado del ticket al enviarlo").select_option("pending")
    panel.get_by_role("button", name="Enviar como respuesta").click()
    page.wait_for_url(re.compile(rf"/tickets/{ticket.id}#m\d+"))
    expect(status).to_have_text("Respuesta enviada.")
    assert page.locator("article.message").count() == before + 1
    reply = page.locator("article.message").last.inner_text()
    assert fixed.splitlines()[0] in reply
    assert "El último borrador ya se envió como respuesta." in panel.inner_text()
