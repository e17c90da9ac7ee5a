"""The customer portal: sign-in links sent through a real SMTP server, and a customer's tickets.

An ``aiosmtpd`` server on a free local port stands in for the mail server; the application's
settings point at it, so every email in these tests really travels over SMTP.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from rumbo.app import Rumbo
from rumbo.assistant.models import AssistantQuestion
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import ContactIn
from rumbo.db import utcnow
from rumbo.mail import EmailNotifier, send_mail
from rumbo.portal.models import PortalLoginToken
from rumbo.settings import Settings
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.models import Message, Ticket
from rumbo.tickets.schemas import MessageIn, ReplyIn, TicketIn
from tests.articles import PASSWORD_ARTICLE, publish
from tests.conftest import SYSTEM, mail_settings
from tests.servers import Inbox

BASE_URL = "https://soporte.example.com"


@pytest.fixture
def settings(database_url: str, inbox: Inbox) -> Settings:
    return mail_settings(
        database_url, inbox, "Soporte Rumbo <soporte@example.com>", base_url=BASE_URL + "/"
    )


def add_contact(app: Rumbo, name: str, email: str, language: str = "es") -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        return crm_actions.create_contact(
            ctx, ContactIn(name=name, emails=[email], language=language)
        ).id


def add_ticket(app: Rumbo, subject: str, contact_id: int, *, note: str | None = None) -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        ticket = ticket_actions.open_ticket(
            ctx,
            TicketIn(
                subject=subject,
                contact_id=contact_id,
                messages=[MessageIn(body=f"Mensaje de cliente: {subject}")],
            ),
        )
        if note:
            ticket_actions.reply(ctx, ticket.id, ReplyIn(body=note, internal=True))
        return ticket.id


@pytest.fixture
def browser(app: Rumbo) -> Iterator[TestClient]:
    with TestClient(app.asgi(), follow_redirects=False) as tc:
        yield tc


def csrf_of(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, f"no form on {path}"
    return found.group(1)


def ask_for_link(client: TestClient, email: str) -> Any:
    return client.post(
        "/portal/login", data={"email": email, "csrf_token": csrf_of(client, "/portal/login")}
    )


def link_in(message: EmailMessage) -> str:
    body = message.get_content()
    found = re.search(r"https?://\S+/portal/auth\?token=[\w\-]+", body)
    assert found, body
    return found.group(0)


def follow(client: TestClient, link: str) -> Any:
    parts = urlsplit(link)
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client: TestClient, inbox: Inbox, email: str) -> None:
    assert ask_for_link(client, email).status_code == 200
    response = follow(client, link_in(inbox.to(email)[-1]))
    assert response.status_code == 303
    assert response.headers["location"] == "/portal"


def test_an_emailed_link_signs_the_customer_in_to_their_own_tickets(
    app: Rumbo, browser: TestClient, inbox: Inbox
):
    ana = add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    beto = add_contact(app, "Beto Gómez", "beto@gomez.mx")
    mine = add_ticket(app, "Mi factura de enero", ana, note="Revisar con finanzas antes")
    theirs = add_ticket(app, "Pedido de Beto sin llegar", beto)

    page = ask_for_link(browser, "  ANA@ruiz.mx ")
    assert page.status_code == 200
    assert "Revisa tu correo" in page.text

    [email] = inbox.messages
    assert inbox.recipients == [["ana@ruiz.mx"]]
    assert email["From"] == "Soporte Rumbo <soporte@example.com>"
    assert "portal de clientes" in email["Subject"]
    link = link_in(email)
    assert link.startswith(f"{BASE_URL}/portal/auth?token=")
    assert "Hola, Ana Ruiz" in email.get_content()
    # Only a hash of the token is kept.
    token = link.rsplit("=", 1)[1]
    with app.reading() as session:
        stored = session.scalars(select(PortalLoginToken.token_hash)).all()
    assert len(stored) == 1
    assert token not in stored[0]

    assert browser.get("/portal").status_code == 303  # not signed in yet
    signed_in = follow(browser, link)
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/portal"

    tickets = browser.get("/portal")
    assert tickets.status_code == 200
    assert "Mi factura de enero" in tickets.text
    assert "Pedido de Beto" not in tickets.text
    assert "Ana Ruiz" in tickets.text

    conversation = browser.get(f"/portal/tickets/{mine}")
    assert conversation.status_code == 200
    assert "Mensaje de cliente: Mi factura de enero" in conversation.text
    assert "Revisar con finanzas" not in conversation.text  # internal notes stay internal

    other = browser.get(f"/portal/tickets/{theirs}")
    assert other.status_code == 404
    assert "Pedido de Beto" not in other.text
    assert browser.get("/portal/tickets/999999").status_code == 404

    # A customer's sign-in is not a staff sign-in.
    staff = browser.get("/tickets")
    assert staff.status_code == 303
    assert staff.headers["location"].startswith("/login")


def test_a_link_works_only_once(app: Rumbo, browser: TestClient, inbox: Inbox):
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    ask_for_link(browser, "ana@ruiz.mx")
    link = link_in(inbox.messages[0])
    assert follow(browser, link).status_code == 303

    with TestClient(app.asgi(), follow_redirects=False) as stranger:
        again = follow(stranger, link)
        assert again.status_code == 400
        assert "ya se usó" in again.text
        assert stranger.get("/portal").status_code == 303  # still nobody signed in


def test_an_expired_link_is_refused(app: Rumbo, browser: TestClient, inbox: Inbox):
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    ask_for_link(browser, "ana@ruiz.mx")
    link = link_in(inbox.messages[0])
    # The link was issued 21 minutes ago: one minute past its 20-minute life.
    issued = utcnow() - dt.timedelta(minutes=21)
    with app.sessionmaker.begin() as session:
        session.execute(
            update(PortalLoginToken).values(
                created_at=issued, expires_at=issued + dt.timedelta(minutes=20)
            )
        )

    refused = follow(browser, link)
    assert refused.status_code == 400
    assert "caducó" in refused.text
    assert browser.get("/portal").status_code == 303
    with app.reading() as session:
        assert session.scalar(select(PortalLoginToken.used_at)) is None


def test_an_unknown_or_made_up_link_signs_nobody_in(browser: TestClient):
    for path in ("/portal/auth?token=not-a-real-token", "/portal/auth", "/portal/auth?token="):
        refused = browser.get(path)
        assert refused.status_code == 400
        assert "no es válido" in refused.text
    assert browser.get("/portal").status_code == 303


def test_an_unknown_email_gets_the_same_page_and_no_email(
    app: Rumbo, browser: TestClient, inbox: Inbox
):
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    known = ask_for_link(browser, "ana@ruiz.mx")
    unknown = ask_for_link(browser, "nadie@ejemplo.com")

    assert known.status_code == unknown.status_code == 200
    assert known.text.replace("ana@ruiz.mx", "X") == unknown.text.replace("nadie@ejemplo.com", "X")
    assert inbox.recipients == [["ana@ruiz.mx"]]
    with app.reading() as session:
        assert session.scalar(select(func.count(PortalLoginToken.id))) == 1


def test_a_malformed_email_is_explained_and_sends_nothing(browser: TestClient, inbox: Inbox):
    page = ask_for_link(browser, "esto no es un correo")
    assert page.status_code == 422
    assert "correo electrónico válido" in page.text
    assert 'aria-invalid="true"' in page.text
    assert inbox.messages == []


def test_links_per_hour_are_limited(app: Rumbo, browser: TestClient, inbox: Inbox):
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    for _ in range(7):
        assert "Revisa tu correo" in ask_for_link(browser, "ana@ruiz.mx").text
    assert len(inbox.messages) == 5


def test_forms_without_the_csrf_token_are_refused(app: Rumbo, browser: TestClient, inbox: Inbox):
    ana = add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    mine = add_ticket(app, "Mi factura de enero", ana)

    refused = browser.post("/portal/login", data={"email": "ana@ruiz.mx"})
    assert refused.status_code == 403
    assert "El formulario caducó" in refused.text
    assert inbox.messages == []

    sign_in(browser, inbox, "ana@ruiz.mx")
    forged = browser.post(
        f"/portal/tickets/{mine}/reply", data={"body": "hola", "csrf_token": "forged"}
    )
    assert forged.status_code == 403
    forged = browser.post("/portal/tickets/new", data={"subject": "x", "body": "y"})
    assert forged.status_code == 403
    with app.reading() as session:
        assert session.scalar(select(func.count(Message.id))) == 1
        assert session.scalar(select(func.count(Ticket.id))) == 1


def test_opening_a_ticket_from_the_portal(app: Rumbo, browser: TestClient, inbox: Inbox):
    ana = add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    sign_in(browser, inbox, "ana@ruiz.mx")
    token = csrf_of(browser, "/portal/tickets/new")

    empty = browser.post(
        "/portal/tickets/new", data={"subject": " ", "body": "", "csrf_token": token}
    )
    assert empty.status_code == 422
    assert "Escribe el asunto." in empty.text
    assert "Describe tu consulta." in empty.text

    # "confirmed" skips the articles step: the customer already saw the suggestions.
    created = browser.post(
        "/portal/tickets/new",
        data={
            "subject": "No puedo descargar mi factura",
            "body": "El botón de descarga no hace nada.",
            "confirmed": "1",
            "csrf_token": token,
        },
    )
    assert created.status_code == 303
    ticket_id = int(created.headers["location"].rsplit("/", 1)[1])
    with app.reading() as session:
        ticket = session.get_one(Ticket, ticket_id)
        assert ticket.channel == "portal"
        assert ticket.source == "portal"
        assert ticket.contact_id == ana
        [first] = ticket.messages
        assert first.author_kind == "customer"
        assert first.author_contact_id == ana
        assert first.body == "El botón de descarga no hace nada."

    shown = browser.get(created.headers["location"])
    assert "Recibimos tu consulta: ticket #" in shown.text
    assert "No puedo descargar mi factura" in browser.get("/portal").text


def test_replying_from_the_portal(app: Rumbo, browser: TestClient, inbox: Inbox):
    ana = add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    beto = add_contact(app, "Beto Gómez", "beto@gomez.mx")
    mine = add_ticket(app, "Mi factura de enero", ana)
    theirs = add_ticket(app, "Pedido de Beto", beto)
    sign_in(browser, inbox, "ana@ruiz.mx")
    token = csrf_of(browser, f"/portal/tickets/{mine}")

    sent = browser.post(
        f"/portal/tickets/{mine}/reply", data={"body": "Ya la encontré", "csrf_token": token}
    )
    assert sent.status_code == 303
    assert "Ya la encontré" in browser.get(f"/portal/tickets/{mine}").text

    blocked = browser.post(
        f"/portal/tickets/{theirs}/reply", data={"body": "Intruso", "csrf_token": token}
    )
    assert blocked.status_code == 404
    empty = browser.post(f"/portal/tickets/{mine}/reply", data={"body": "", "csrf_token": token})
    assert empty.status_code == 422
    with app.reading() as session:
        bodies = session.scalars(select(Message.body).order_by(Message.id)).all()
    assert "Intruso" not in bodies
    assert bodies[-1] == "Ya la encontré"


def test_an_english_speaking_customer_gets_english(app: Rumbo, browser: TestClient, inbox: Inbox):
    add_contact(app, "Jane Doe", "jane@example.com", language="en")
    ask_for_link(browser, "jane@example.com")
    [email] = inbox.messages
    assert email["Subject"] == "Your link to sign in to the customer portal"
    assert "Hello Jane Doe" in email.get_content()
    follow(browser, link_in(email))
    page = browser.get("/portal")
    assert '<html lang="en">' in page.text
    assert "My tickets" in page.text


def test_signing_out(app: Rumbo, browser: TestClient, inbox: Inbox):
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    sign_in(browser, inbox, "ana@ruiz.mx")
    token = csrf_of(browser, "/portal")
    out = browser.post("/portal/logout", data={"csrf_token": token})
    assert out.status_code == 303
    assert "Cerraste la sesión" in browser.get("/portal/login").text
    assert browser.get("/portal").status_code == 303


def test_the_email_notifier_sends_through_smtp(app: Rumbo, inbox: Inbox):
    notifier = app.plugins.notifiers.create("email", settings=app.settings)
    assert isinstance(notifier, EmailNotifier)
    notifier.notify("Incidente abierto", "Hay una caída en pagos.", ["guardia@example.com"])
    [email] = inbox.messages
    assert email["Subject"] == "Incidente abierto"
    assert email.get_content().strip() == "Hay una caída en pagos."


def test_mail_headers_cannot_be_injected(app: Rumbo, inbox: Inbox):
    send_mail(app.settings, "ana@ruiz.mx", "Hola\r\nBcc: todos@example.com", "texto")
    [email] = inbox.messages
    assert email["Bcc"] is None
    assert inbox.recipients == [["ana@ruiz.mx"]]


def test_a_first_submit_offers_articles_before_opening_a_ticket(
    app: Rumbo, browser: TestClient, inbox: Inbox
):
    publish(app, PASSWORD_ARTICLE)
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    sign_in(browser, inbox, "ana@ruiz.mx")
    form = {
        "subject": "Olvidé mi contraseña",
        "body": "No recuerdo mi contraseña y no puedo entrar. ¿Cómo creo una nueva?",
        "csrf_token": csrf_of(browser, "/portal/tickets/new"),
    }

    offered = browser.post("/portal/tickets/new", data=form)
    assert offered.status_code == 200
    assert "¿Alguno de estos artículos responde tu pregunta?" in offered.text
    assert "Cómo restablecer tu contraseña" in offered.text
    assert 'name="confirmed" value="1"' in offered.text
    assert "No, enviar mi consulta" in offered.text
    with app.reading() as session:
        assert session.scalar(select(func.count(Ticket.id))) == 0

    sent = browser.post("/portal/tickets/new", data={**form, "confirmed": "1"})
    assert sent.status_code == 303
    with app.reading() as session:
        assert session.scalar(select(func.count(Ticket.id))) == 1


def test_suggestions_while_typing(app: Rumbo, browser: TestClient, inbox: Inbox):
    publish(app, PASSWORD_ARTICLE)
    add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    assert browser.get("/portal/suggest", params={"q": "contraseña"}).status_code == 303
    sign_in(browser, inbox, "ana@ruiz.mx")
    fragment = browser.get("/portal/suggest", params={"q": "olvidé mi contraseña"})
    assert fragment.status_code == 200
    assert "Cómo restablecer tu contraseña" in fragment.text
    assert "<html" not in fragment.text
    assert browser.get("/portal/suggest", params={"q": ""}).text.strip() == ""


def test_the_assistant_answers_and_hands_over_with_a_ticket_link(
    app: Rumbo, browser: TestClient, inbox: Inbox
):
    publish(app, PASSWORD_ARTICLE)
    ana = add_contact(app, "Ana Ruiz", "ana@ruiz.mx")
    sign_in(browser, inbox, "ana@ruiz.mx")
    token = csrf_of(browser, "/portal/assistant")

    answered = browser.post(
        "/portal/assistant",
        data={"question": "Olvidé mi contraseña, ¿cómo la cambio?", "csrf_token": token},
    )
    assert answered.status_code == 303
    page = browser.get("/portal/assistant").text
    assert "Olvidé mi contraseña, ¿cómo la cambio?" in page
    assert re.search(r'<a href="/help/[^"]+">Cómo restablecer tu contraseña</a>', page)

    handed = browser.post(
        "/portal/assistant",
        data={"question": "Quiero hablar con una persona", "csrf_token": token},
    )
    assert handed.status_code == 303
    page = browser.get("/portal/assistant").text
    link = re.search(r'Abrimos el ticket #(\d+) para ti\. <a href="/portal/tickets/(\d+)"', page)
    assert link
    assert link[1] == link[2]
    ticket_id = int(link[1])
    with app.reading() as session:
        ticket = session.get_one(Ticket, ticket_id)
        assert ticket.contact_id == ana
        assert ticket.channel == "portal"
        bodies = [m.body for m in ticket.messages]
        rows = session.scalars(select(AssistantQuestion).order_by(AssistantQuestion.id)).all()
    # One conversation: the hand-over carries the earlier question along.
    assert "Olvidé mi contraseña, ¿cómo la cambio?" in bodies
    assert {r.conversation_id for r in rows} == {rows[0].conversation_id}
    assert {r.channel for r in rows} == {"portal"}
    assert {r.contact_id for r in rows} == {ana}
    assert browser.get(f"/portal/tickets/{ticket_id}").status_code == 200

    empty = browser.post("/portal/assistant", data={"question": "  ", "csrf_token": token})
    assert empty.status_code == 422
    assert "Escribe tu pregunta." in empty.text

    fresh = browser.post("/portal/assistant/new", data={"csrf_token": token})
    assert fresh.status_code == 303
    assert "Todavía no has preguntado nada" in browser.get("/portal/assistant").text
