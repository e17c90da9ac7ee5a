"""Macros: saved reply snippets agents insert into the reply box, and the incident they carry.

While an incident is active and has published a status update, the ticket page shows that update,
offers an automatic "Estado del incidente" macro first, and ``{incidente}`` in any macro becomes
the update's text. The customer portal shows the same update above its pages.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from fastapi.testclient import TestClient

from rumbo.app import Rumbo
from rumbo.crisis import actions as crisis_actions
from rumbo.crisis import status_actions
from rumbo.crisis.schemas import IncidentIn, StatusUpdateIn
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import ContactIn
from rumbo.macros import actions as macro_actions
from rumbo.macros.fields import fill
from rumbo.macros.schemas import MacroIn
from rumbo.portal import actions as portal_actions
from rumbo.portal.schemas import LoginRequestIn
from tests.conftest import SYSTEM
from tests.test_incidents import role_client
from tests.test_web import add_customer, add_ticket, browser_for, csrf_of, message_count
from tests.test_web_i18n import spanish_giveaways

# The API


def test_admins_manage_macros_and_agents_read_them(app: Rumbo, client):
    created = client.post(
        "/api/v1/macros",
        json={"title": "Saludo", "body": "Hola, {nombre}. {incidente} Gracias por escribirnos."},
    )
    assert created.status_code == 201, created.text
    macro = created.json()
    assert macro["created_by"] == "admin@example.com"
    with (
        role_client(app, "agent") as agent,
        role_client(app, "viewer") as viewer,
    ):
        # Agents read them to answer tickets; only administrators add or remove them.
        assert [m["title"] for m in agent.get("/api/v1/macros").json()] == ["Saludo"]
        assert viewer.get("/api/v1/macros").status_code == 403
        refused = agent.post("/api/v1/macros", json={"title": "Otra", "body": "Texto"})
        assert refused.status_code == 403
        assert agent.delete(f"/api/v1/macros/{macro['id']}").status_code == 403
    assert client.get("/api/v1/macros").json()[0]["body"].startswith("Hola, {nombre}.")

    assert (
        client.post("/api/v1/macros", json={"title": "Saludo", "body": "Otro"}).status_code == 409
    )
    assert client.delete(f"/api/v1/macros/{macro['id']}").status_code == 204
    assert client.get("/api/v1/macros").json() == []
    assert client.delete(f"/api/v1/macros/{macro['id']}").status_code == 404


def test_a_macro_with_a_misspelt_field_or_missing_text_is_refused(client):
    misspelt = client.post("/api/v1/macros", json={"title": "Saludo", "body": "Hola, {nombr}."})
    assert misspelt.status_code == 422
    assert "{nombr}" in misspelt.text
    assert client.post("/api/v1/macros", json={"title": "", "body": "Hola"}).status_code == 422
    assert client.post("/api/v1/macros", json={"title": "Saludo"}).status_code == 422
    unknown_key = {"title": "Saludo", "body": "Hola", "language": "es"}
    assert client.post("/api/v1/macros", json=unknown_key).status_code == 422
    assert client.get("/api/v1/macros").json() == []


# Filling the fields


def test_without_an_incident_the_sentence_that_names_it_is_removed_whole():
    text = "Hola, {nombre}. {incidente} Gracias por tu paciencia.\n\n{incidente}\n\nUn saludo."
    with_incident = fill(text, first_name="Ana", incident="Los pagos fallan.")
    assert with_incident.text == (
        "Hola, Ana. Los pagos fallan. Gracias por tu paciencia.\n\nLos pagos fallan.\n\nUn saludo."
    )
    assert not with_incident.dropped_incident
    without = fill(text, first_name="", incident=None)
    assert without.text == "Hola. Gracias por tu paciencia.\n\nUn saludo."
    assert without.dropped_incident


# The ticket page


def _declared(app: Rumbo, title: str, ticket_ids: tuple[int, ...] = ()) -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        incident = crisis_actions.open_incident(
            ctx,
            IncidentIn(title=title, type="outage", keywords=["pagos"], ticket_ids=list(ticket_ids)),
        )
        crisis_actions.declare(ctx, incident.id)
        return incident.id


def _publish(app: Rumbo, incident_id: int, title: str, body: str, language: str = "es") -> None:
    with app.unit_of_work(SYSTEM) as ctx:
        update = status_actions.draft_update(
            ctx, StatusUpdateIn(incident_id=incident_id, title=title, body=body, language=language)
        )
        status_actions.approve_update(ctx, update.id)
        status_actions.publish_update(ctx, update.id)


def _options(page: str) -> list[str]:
    select = re.search(r'<select id="macro" name="macro">(.*?)</select>', page, re.S)
    assert select, "the page offers no macros"
    return [
        html.unescape(t).strip() for t in re.findall(r"<option [^>]*>([^<]*)</option>", select[1])
    ]


def _reply_box(page: str) -> str:
    found = re.search(r'<textarea id="body"[^>]*>(.*?)</textarea>', page, re.S)
    assert found
    return html.unescape(found[1])


def test_the_incident_macro_is_offered_only_while_an_incident_has_a_published_update(app: Rumbo):
    with app.unit_of_work(SYSTEM) as ctx:
        macro_actions.create_macro(ctx, MacroIn(title="Saludo", body="Hola, {nombre}."))
    ticket_id = add_ticket(app, "No puedo cobrar", contact_id=add_customer(app))
    agent, _ = browser_for(app, "agent")
    page = agent.get(f"/tickets/{ticket_id}").text
    assert _options(page) == ["Saludo"]
    assert "Incidente en curso" not in page

    incident_id = _declared(app, "Caída de pagos", ticket_ids=(ticket_id,))
    with app.unit_of_work(SYSTEM) as ctx:
        status_actions.draft_update(
            ctx, StatusUpdateIn(incident_id=incident_id, title="Borrador", body="Aún no se ve.")
        )
    # Declared, with an update still in draft: customers have been told nothing yet.
    page = agent.get(f"/tickets/{ticket_id}").text
    assert _options(page) == ["Saludo"]
    assert "Aún no se ve" not in page

    _publish(app, incident_id, "Pagos con errores", "Los pagos con tarjeta fallan desde las 10:00.")
    page = agent.get(f"/tickets/{ticket_id}").text
    assert _options(page) == ["Estado del incidente", "Saludo"]
    assert "Incidente en curso: Caída de pagos" in page
    assert "Los pagos con tarjeta fallan desde las 10:00." in page
    assert "Este ticket está vinculado" in page

    # Another ticket sees the banner too, without the link mark.
    other = agent.get(f"/tickets/{add_ticket(app, 'Otra consulta')}").text
    assert "Incidente en curso: Caída de pagos" in other
    assert "Este ticket está vinculado" not in other

    with app.unit_of_work(SYSTEM) as ctx:
        crisis_actions.change_status(ctx, incident_id, "mitigating")
        crisis_actions.change_status(ctx, incident_id, "resolved")
    page = agent.get(f"/tickets/{ticket_id}").text
    assert _options(page) == ["Saludo"]
    assert "Incidente en curso" not in page


def test_inserting_a_macro_fills_the_reply_box_with_its_fields(app: Rumbo):
    with app.unit_of_work(SYSTEM) as ctx:
        macro_id = macro_actions.create_macro(
            ctx,
            MacroIn(title="Disculpa", body="Hola, {nombre}. {incidente} Gracias por tu paciencia."),
        ).id
    ticket_id = add_ticket(app, "No puedo cobrar", contact_id=add_customer(app))
    agent, _ = browser_for(app, "agent")
    token = csrf_of(agent.get(f"/tickets/{ticket_id}").text)
    form = {"csrf_token": token, "body": "Te respondo enseguida.", "macro": str(macro_id)}

    # No incident: the sentence about it goes away, and the agent is told why.
    page = agent.post(f"/tickets/{ticket_id}/macro", data=form)
    assert page.status_code == 200
    assert _reply_box(page.text) == "Te respondo enseguida.\n\nHola, Ana. Gracias por tu paciencia."
    assert "se quitó la frase que lo mencionaba" in page.text

    _publish(app, _declared(app, "Caída de pagos"), "Pagos con errores", "Los pagos fallan.")
    page = agent.post(f"/tickets/{ticket_id}/macro", data={**form, "body": ""})
    assert _reply_box(page.text) == "Hola, Ana. Los pagos fallan. Gracias por tu paciencia."
    assert "se quitó la frase" not in page.text

    automatic = agent.post(
        f"/tickets/{ticket_id}/macro", data={**form, "body": "", "macro": "incidente"}
    )
    box = _reply_box(automatic.text)
    assert box.startswith("Hola, Ana:\n\nTe escribimos sobre «Pagos con errores».")
    assert "Los pagos fallan." in box

    gone = agent.post(f"/tickets/{ticket_id}/macro", data={**form, "macro": "999"})
    assert "Esa macro ya no existe" in gone.text
    assert _reply_box(gone.text) == "Te respondo enseguida."
    # Inserting only fills the box: nothing was sent.
    assert message_count(app, ticket_id) == 1

    viewer, _ = browser_for(app, "viewer")
    token = csrf_of(viewer.get(f"/tickets/{ticket_id}").text)
    refused = viewer.post(f"/tickets/{ticket_id}/macro", data={**form, "csrf_token": token})
    assert refused.status_code == 403


def test_the_incident_macro_speaks_the_tickets_language(app: Rumbo):
    ticket_id = add_ticket(app, "Payments fail", language="en")
    incident_id = _declared(app, "Caída de pagos")
    _publish(app, incident_id, "Payment errors", "Card payments fail since 10:00.", "en")
    _publish(app, incident_id, "Pagos con errores", "Los pagos con tarjeta fallan.", "es")
    agent, _ = browser_for(app, "agent")
    token = csrf_of(agent.get(f"/tickets/{ticket_id}").text)
    page = agent.post(
        f"/tickets/{ticket_id}/macro", data={"csrf_token": token, "macro": "incidente"}
    )
    box = _reply_box(page.text)
    # The agent reads Spanish, the customer wrote in English: the reply is in English.
    assert "Card payments fail since 10:00." in box
    assert "Te escribimos" not in box
    assert "Payment errors" in box


# The portal


def _portal_for(app: Rumbo, name: str, email: str, language: str) -> TestClient:
    with app.unit_of_work(SYSTEM) as ctx:
        crm_actions.create_contact(
            ctx, ContactIn(source="rumbo", name=name, emails=[email], language=language)
        )
        issued = portal_actions.request_login_link(ctx, LoginRequestIn(email=email))
    assert issued is not None
    browser = TestClient(app.asgi())
    assert browser.get(f"/portal/auth?token={quote(issued.token)}").status_code == 200
    return browser


def test_the_portal_shows_the_active_incident_in_the_customers_language(app: Rumbo):
    ana = _portal_for(app, "Ana Ruiz", "ana@ruiz.mx", "es")
    john = _portal_for(app, "John Smith", "john@smith.example", "en")
    assert "Incidencia en curso" not in ana.get("/portal").text

    incident_id = _declared(app, "Caída de pagos")
    _publish(app, incident_id, "Pagos con errores", "Los pagos con tarjeta fallan.", "es")
    _publish(app, incident_id, "Payment errors", "Card payments fail.", "en")
    for path in ("/portal", "/portal/tickets/new", "/portal/assistant"):
        page = ana.get(path).text
        assert "Incidencia en curso: Pagos con errores" in page, path
        assert "Los pagos con tarjeta fallan." in page
    english = john.get("/portal").text
    assert "Ongoing incident: Payment errors" in english
    assert "Card payments fail." in english

    with app.unit_of_work(SYSTEM) as ctx:
        crisis_actions.change_status(ctx, incident_id, "mitigating")
        crisis_actions.change_status(ctx, incident_id, "resolved")
    assert "Incidencia en curso" not in ana.get("/portal").text


def test_an_english_speaking_agent_reads_the_banner_and_picker_in_english(app: Rumbo):
    ticket_id = add_ticket(app, "Payments fail", language="en")
    incident_id = _declared(app, "Payments outage", ticket_ids=(ticket_id,))
    _publish(app, incident_id, "Payment errors", "Card payments fail since 10:00.", "en")
    agent, _ = browser_for(app, "agent")
    page = agent.get(f"/tickets/{ticket_id}?lang=en").text
    assert "Ongoing incident: Payments outage" in page
    assert "This ticket is linked" in page
    assert _options(page) == ["Incident status"]
    assert '<label for="macro">Macro</label>' in page
    left = [g for g in spanish_giveaways() if g in page]
    assert left == [], left
