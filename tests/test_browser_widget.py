"""Stories of a visitor using the chat widget, told in a real Chromium against a real server."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from rumbo.assistant.models import AssistantQuestion
from rumbo.crm.models import Contact
from rumbo.tickets.models import Ticket
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story

chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story

# A company's page with the embed snippet. It is answered by the browser itself, at Rumbo's own
# address: with no origins configured, only Rumbo's pages may frame the widget.
SHOP_PAGE = """<!doctype html>
<html lang="es"><head><meta charset="utf-8"><title>Tienda</title></head>
<body><h1>Nuestra tienda</h1>
<script src="/widget.js" data-lang="es" async></script>
</body></html>"""


def test_a_visitor_opens_the_widget_from_a_site_and_gets_an_article(
    page: Any, live_server: LiveServer
):
    page.route(
        f"{live_server.url}/tienda-de-prueba",
        lambda route: route.fulfill(body=SHOP_PAGE, content_type="text/html"),
    )
    page.goto("/tienda-de-prueba")
    page.get_by_role("button", name="¿Necesitas ayuda?").click()
    closer = page.get_by_role("button", name="Cerrar la ayuda")
    assert closer.get_attribute("aria-expanded") == "true"
    chat = page.frame_locator("#rumbo-widget-frame")
    chat.get_by_role("heading", name="¿En qué podemos ayudarte?").wait_for()

    chat.get_by_role("textbox", name="Tu pregunta").fill(
        "Olvidé mi contraseña, ¿cómo la restablezco?"
    )
    chat.get_by_role("button", name="Preguntar").click()
    link = chat.locator(".widget-msg__sources a").first
    link.wait_for()
    assert (link.get_attribute("href") or "").startswith("/help/articles/")
    assert link.get_attribute("target") == "_blank"
    assert "contraseña" in link.inner_text().lower()
    assert page.url.endswith("/tienda-de-prueba")  # the company's page never left


def test_a_visitor_asks_for_a_person_and_leaves_an_email(page: Any, live_server: LiveServer):
    page.goto("/widget")
    page.evaluate("window.sameDocument = true")
    page.get_by_role("textbox", name="Tu pregunta").fill(
        "Quiero hablar con una persona sobre mi factura"
    )
    page.get_by_role("button", name="Preguntar").click()
    page.get_by_role("heading", name="Una persona te responderá").wait_for()
    # Asked with fetch: the same document, the answer drawn in place.
    assert page.evaluate("window.sameDocument") is True

    page.get_by_label("Nombre").fill("Visitante de prueba")
    page.get_by_label("Correo electrónico").fill("visitante.widget@tienda.example")
    page.get_by_role("button", name="Enviar").click()
    page.get_by_text("Una persona del equipo te escribirá por correo.").wait_for()
    assert page.evaluate("window.sameDocument") is True

    with live_server.app.reading() as session:
        asked = session.scalars(
            select(AssistantQuestion)
            .where(AssistantQuestion.channel == "widget", AssistantQuestion.ticket_id.is_not(None))
            .order_by(AssistantQuestion.id.desc())
        ).first()
        assert asked is not None
        ticket = session.get_one(Ticket, asked.ticket_id)
        contact = session.get_one(Contact, ticket.contact_id)
        assert [e.email for e in contact.emails] == ["visitante.widget@tienda.example"]
        assert "Quiero hablar con una persona sobre mi factura" in [m.body for m in ticket.messages]
