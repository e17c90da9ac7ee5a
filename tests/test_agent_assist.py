"""Agent assist: the ticket page suggests published articles that may answer the customer."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text

from rumbo.app import Rumbo
from rumbo.knowledge.schemas import ArticleIn
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.schemas import MessageIn, TicketIn
from rumbo.web.portal_suggest import query_text
from tests.articles import PASSWORD_ARTICLE, publish
from tests.conftest import SYSTEM, make_user
from tests.test_web import PASSWORD, sign_in

ARTICLES = [
    PASSWORD_ARTICLE,
    ArticleIn(
        title="Plazos de envío de pedidos",
        category="Envíos y devoluciones",
        status="published",
        body_md=(
            "Los pedidos se despachan en 24 horas hábiles. El envío tarda entre 2 y 5 días "
            "hábiles según la ciudad. Recibirás el número de guía por correo."
        ),
    ),
    ArticleIn(
        title="Borrador: contraseña olvidada en la app móvil",
        category="Cuenta y acceso",
        status="draft",
        body_md="Texto sin revisar sobre la contraseña olvidada y el enlace de restablecimiento.",
    ),
]


@pytest.fixture
def agent(app: Rumbo) -> TestClient:
    make_user(app, "agente@example.com", "agent", PASSWORD)
    client = TestClient(app.asgi())
    assert sign_in(client, "agente@example.com", PASSWORD).status_code == 303
    return client


def open_ticket(app: Rumbo, subject: str, body: str) -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        return ticket_actions.open_ticket(
            ctx, TicketIn(subject=subject, messages=[MessageIn(body=body)])
        ).id


def assist_panel(html: str) -> str:
    found = re.search(r'<section class="card assist-card".*?</section>', html, re.S)
    assert found, "the ticket page has no suggested-articles panel"
    return found.group(0)


def test_the_ticket_page_suggests_published_articles(app: Rumbo, agent: TestClient):
    publish(app, *ARTICLES)
    ticket_id = open_ticket(
        app, "No puedo entrar", "Olvidé mi contraseña y no sé cómo crear una nueva."
    )

    page = agent.get(f"/tickets/{ticket_id}")
    assert page.status_code == 200
    panel = assist_panel(page.text)
    assert "Artículos sugeridos" in panel
    titles = re.findall(r'class="assist-item__title" href="([^"]+)"[^>]*>([^<]+)</a>', panel)
    assert 1 <= len(titles) <= 3
    url, title = titles[0]
    assert title == "Cómo restablecer tu contraseña"
    assert url.startswith("/help/")
    assert "Cuenta y acceso" in panel
    assert "enlace por correo" in panel  # the best passage, as a snippet
    assert "Borrador" not in panel  # drafts are never suggested


def test_a_ticket_with_nothing_relevant_says_so(app: Rumbo, agent: TestClient):
    ticket_id = open_ticket(app, "Consulta", "Hola")
    panel = assist_panel(agent.get(f"/tickets/{ticket_id}").text)
    assert "Ningún artículo publicado" in panel


def test_when_search_fails_the_page_still_renders(app: Rumbo, agent: TestClient):
    publish(app, *ARTICLES)
    ticket_id = open_ticket(app, "No puedo entrar", "Olvidé mi contraseña.")
    # The search index is gone (a broken upgrade, a restore without it): search raises.
    with app.engine.begin() as conn:
        conn.execute(text("DROP TABLE article_chunks"))

    page = agent.get(f"/tickets/{ticket_id}")
    assert page.status_code == 200
    assert "Olvidé mi contraseña." in page.text
    assert "No se pudieron buscar artículos ahora" in assist_panel(page.text)


def test_long_tickets_are_cut_to_a_search_sized_query():
    words = "contraseña " * 500
    query = query_text("Asunto", words)
    assert query.startswith("Asunto contraseña")
    assert len(query) <= 400
    assert not query.endswith(" ")
    assert query_text("  Hola\n\n", None, "mundo ") == "Hola mundo"
