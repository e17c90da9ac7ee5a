"""The chat widget at /widget: what a visitor on a company's own site sees and can do."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.assistant.models import AssistantQuestion
from rumbo.crm.models import Contact
from rumbo.settings import Settings
from rumbo.tickets.models import Ticket
from tests.articles import PASSWORD_ARTICLE, publish
from tests.conftest import SECRET_KEY


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        widget_origins="https://www.tienda.example, http://localhost:3000/",
        rate_limit_assistant=5,
    )


@pytest.fixture
def visitor(app: Rumbo) -> Iterator[TestClient]:
    with TestClient(app.asgi()) as client:
        yield client


def conversation_of(html: str) -> str:
    found = re.search(r'name="conversation" value="([^"]*)"', html)
    assert found
    return found[1]


def test_the_widget_speaks_spanish_and_english(visitor: TestClient):
    spanish = visitor.get("/widget")
    assert spanish.status_code == 200
    assert '<html lang="es">' in spanish.text
    assert "¿En qué podemos ayudarte?" in spanish.text
    assert '<label for="pregunta"' in spanish.text
    english = visitor.get("/widget?lang=en")
    assert '<html lang="en">' in english.text
    assert "How can we help?" in english.text
    assert "¿En qué podemos ayudarte?" not in english.text
    # The page enhances itself with its own file: no inline code for the strict policy.
    assert re.search(r'<script src="/static/widget\.js\?v=\w+" defer></script>', spanish.text)
    refused = visitor.get("/widget?lang=fr")
    assert refused.status_code == 400
    assert "Idioma no disponible" in refused.text


def test_only_the_configured_sites_may_frame_it(app: Rumbo, visitor: TestClient):
    policy = visitor.get("/widget").headers["content-security-policy"]
    assert "frame-ancestors 'self' https://www.tienda.example http://localhost:3000;" in policy
    assert "default-src 'self'" in policy  # the rest of the strict policy stays
    # Staff pages keep refusing every frame.
    assert "frame-ancestors 'none'" in visitor.get("/login").headers["content-security-policy"]


def test_without_origins_only_rumbo_itself_may_frame_it(database_url: str):
    rumbo = Rumbo(Settings(database_url=database_url, secret_key=SECRET_KEY))
    try:
        with TestClient(rumbo.asgi()) as client:
            policy = client.get("/widget").headers["content-security-policy"]
        assert "frame-ancestors 'self';" in policy
    finally:
        rumbo.dispose()


def test_an_origin_must_be_a_plain_origin():
    with pytest.raises(ValueError, match="not an origin"):
        Settings(widget_origins="https://ok.example, https://x.example; script-src *")


def test_a_question_gets_the_article_and_its_link(app: Rumbo, visitor: TestClient):
    publish(app, PASSWORD_ARTICLE)
    answered = visitor.post(
        "/widget", data={"question": "Olvidé mi contraseña, ¿cómo la cambio?", "lang": "es"}
    )
    assert answered.status_code == 200
    assert "Olvidé mi contraseña, ¿cómo la cambio?" in answered.text
    assert re.search(
        r'<a href="/help/articles/[^"]+" target="_blank" rel="noopener noreferrer">'
        r"Cómo restablecer tu contraseña</a>",
        answered.text,
    )
    assert "Una persona te responderá" not in answered.text
    with app.reading() as session:
        asked = session.scalars(select(AssistantQuestion)).one()
    assert (asked.channel, asked.decision, asked.ticket_id) == ("widget", "answer", None)


def test_asking_for_a_person_hands_over_and_the_contact_goes_on_the_ticket(
    app: Rumbo, visitor: TestClient
):
    publish(app, PASSWORD_ARTICLE)
    first = visitor.post("/widget", data={"question": "Olvidé mi contraseña", "lang": "es"})
    handed = visitor.post(
        "/widget",
        data={
            "question": "Quiero hablar con una persona",
            "conversation": conversation_of(first.text),
            "lang": "es",
        },
    )
    assert handed.status_code == 200
    assert "Olvidé mi contraseña" in handed.text  # the whole conversation is shown again
    assert "Una persona te responderá" in handed.text
    assert '<label for="contact-email">' in handed.text

    bad = visitor.post(
        "/widget/contact",
        data={"name": "Lucía", "email": "no-es-un-correo", "lang": "es",
              "conversation": conversation_of(handed.text)},
    )  # fmt: skip
    assert bad.status_code == 422
    assert "Escribe un correo válido" in bad.text
    assert 'value="Lucía"' in bad.text  # what was typed stays

    left = visitor.post(
        "/widget/contact",
        data={"name": "Lucía Pérez", "email": "Lucia@Tienda.example", "lang": "es",
              "conversation": conversation_of(handed.text)},
    )  # fmt: skip
    assert left.status_code == 200
    assert "Una persona del equipo te escribirá por correo." in left.text
    assert "Una persona te responderá" not in left.text
    with app.reading() as session:
        ticket = session.scalars(select(Ticket)).one()
        contact = session.get_one(Contact, ticket.contact_id)
        bodies = [m.body for m in ticket.messages]
        assert contact.name == "Lucía Pérez"
        assert [e.email for e in contact.emails] == ["lucia@tienda.example"]
    assert ticket.channel == "chat"
    assert "Olvidé mi contraseña" in bodies  # the transcript came along
    assert "Quiero hablar con una persona" in bodies


def test_a_conversation_cannot_be_made_up(app: Rumbo, visitor: TestClient):
    forged = visitor.post(
        "/widget", data={"question": "Hola", "conversation": "abc.def", "lang": "en"}
    )
    assert forged.status_code == 400
    assert "This conversation is not valid" in forged.text
    unsigned = visitor.post(
        "/widget/contact",
        data={"name": "Eva", "email": "eva@example.com", "conversation": "", "lang": "es"},
    )
    assert unsigned.status_code == 400
    with app.reading() as session:
        assert session.scalars(select(AssistantQuestion)).all() == []


def test_an_answered_conversation_has_no_ticket_to_leave_a_contact_on(
    app: Rumbo, visitor: TestClient
):
    publish(app, PASSWORD_ARTICLE)
    answered = visitor.post("/widget", data={"question": "Olvidé mi contraseña", "lang": "es"})
    refused = visitor.post(
        "/widget/contact",
        data={"name": "Eva", "email": "eva@example.com", "lang": "es",
              "conversation": conversation_of(answered.text)},
    )  # fmt: skip
    assert refused.status_code == 409
    assert "no pasó a una persona" in refused.text
    with app.reading() as session:
        assert session.scalars(select(Contact)).all() == []


def test_empty_and_huge_questions_are_explained(app: Rumbo, visitor: TestClient):
    empty = visitor.post("/widget", data={"question": "   ", "lang": "es"})
    assert empty.status_code == 422
    assert "Escribe tu pregunta." in empty.text
    huge = visitor.post("/widget", data={"question": "a" * 10_000, "lang": "en"})
    assert huge.status_code == 422
    assert "The question is too long (2000 characters at most)." in huge.text
    assert "a" * 2001 not in huge.text  # not echoed back whole
    with app.reading() as session:
        assert session.scalars(select(AssistantQuestion)).all() == []


def test_the_assistant_limit_applies(visitor: TestClient):
    answers = [
        visitor.post("/widget", data={"question": f"Pregunta número {n}", "lang": "es"})
        for n in range(6)
    ]
    assert [a.status_code for a in answers[:5]] == [200] * 5
    assert answers[5].status_code == 429
    assert int(answers[5].headers["retry-after"]) >= 1
    assert "Demasiadas preguntas seguidas" in answers[5].text


def test_the_embed_script_is_served_for_other_sites(visitor: TestClient):
    script = visitor.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("text/javascript")
    assert "/widget?lang=" in script.text
    assert "data-lang" in script.text
