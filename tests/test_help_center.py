"""The public help center at /help: browsing, reading, voting, switching language, searching.

Visitors are never asked to sign in, and only published articles are ever shown. The pages are
driven as a browser without JavaScript would drive them: links, GET forms, and a POST form that
carries the CSRF token read from the page.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.audit import queries as audit_queries
from rumbo.knowledge import actions
from rumbo.knowledge.models import ArticleFeedback
from rumbo.knowledge.schemas import ArticleIn
from tests.conftest import SYSTEM

SHIPPING_ES = ArticleIn(
    title="Plazos de envío de pedidos",
    slug="plazos-de-envio",
    category="Envíos y devoluciones",
    status="published",
    translation_group="shipping",
    body_md=(
        "Los pedidos se despachan en **24 horas hábiles**. El envío tarda entre 2 y 5 días "
        "hábiles según la ciudad.\n\n## Seguimiento\n\nRecibirás el número de guía por correo."
    ),
)
SHIPPING_EN = ArticleIn(
    title="Shipping times",
    language="en",
    category="Shipping and returns",
    status="published",
    translation_group="shipping",
    body_md="Orders leave the warehouse within **one business day**.",
)
PASSWORD_ES = ArticleIn(
    title="Cambiar la contraseña <b>ya</b>",
    slug="cambiar-contrasena",
    category="Cuenta y acceso",
    status="published",
    body_md=(
        "Entra en *Cuenta* y elige **Seguridad**.\n\n<script>alert('robo')</script>\n\n"
        "[Ganar premio](javascript:alert(1)) · [Ayuda externa](https://example.com/ayuda)"
    ),
)
DRAFT_ES = ArticleIn(
    title="Borrador sobre reembolsos secretos",
    slug="borrador-secreto",
    category="Temas secretos",
    body_md="Todavía no se publica: reembolsos para envíos perdidos.",
)
ARCHIVED_ES = ArticleIn(
    title="Envíos con la paquetería antigua",
    slug="paqueteria-antigua",
    category="Cuenta y acceso",
    status="archived",
    body_md="Ya no trabajamos con esta paquetería para los envíos.",
)

# Every page a visitor reaches without signing in (and with no session at all).
PUBLIC_PAGES = (
    "/help",
    "/help?lang=en",
    "/help/categories/envios-y-devoluciones",
    "/help/articles/plazos-de-envio",
    "/help/articles/shipping-times?lang=en",
    "/help/suggest?q=en&lang=es",
)


@pytest.fixture
def help_center(app: Rumbo) -> dict[str, int]:
    """The five articles above; their ids by slug."""
    ids = {}
    with app.unit_of_work(SYSTEM) as ctx:
        for data in (SHIPPING_ES, SHIPPING_EN, PASSWORD_ES, DRAFT_ES, ARCHIVED_ES):
            article = actions.create_article(ctx, data)
            ids[article.slug] = article.id
    return ids


@pytest.fixture
def indexed(app: Rumbo, help_center: dict[str, int]) -> dict[str, int]:
    """The same articles, indexed for search as ``rumbo kb reindex`` indexes them."""
    from rumbo.knowledge.indexing import reindex_all

    with app.unit_of_work(SYSTEM) as ctx:
        reindex_all(ctx.session)
    return help_center


@pytest.fixture
def reader(app: Rumbo, help_center: dict[str, int]):  # type: ignore[no-untyped-def]
    with TestClient(app.asgi()) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the page has no CSRF token"
    return found[1]


def raw_get(app: Rumbo, path: str, query: str) -> tuple[int, str]:
    """GET ``path?q=query`` straight through the ASGI interface.

    HTTP clients refuse addresses over 64 kB, so a 100 kB query is handed to the application
    the way a lenient server would hand it over.
    """
    import anyio

    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": urlencode({"q": query, "lang": "es"}).encode(),
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 50000),
    }

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    anyio.run(app.asgi(), scope, receive, send)
    status = next(m["status"] for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return status, body.decode()


def feedback_rows(app: Rumbo) -> list[tuple[int, bool, str | None]]:
    with app.reading() as session:
        rows = session.execute(
            select(ArticleFeedback.article_id, ArticleFeedback.helpful, ArticleFeedback.comment)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


# Browsing


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_help_page_opens_without_signing_in(reader: TestClient, path: str):
    response = reader.get(path, follow_redirects=False)
    assert response.status_code == 200, response.text
    assert "login" not in response.headers.get("location", "")


def test_the_home_page_lists_topics_with_their_published_articles(reader: TestClient):
    page = reader.get("/help").text
    assert '<html lang="es">' in page
    assert 'href="/help/categories/envios-y-devoluciones"' in page
    assert "Plazos de envío de pedidos" in page
    assert "Cambiar la contraseña &lt;b&gt;ya&lt;/b&gt;" in page
    assert "Shipping times" not in page  # English articles are on the English page
    english = reader.get("/help?lang=en").text
    assert '<html lang="en">' in english
    assert "Shipping and returns" in english
    assert "Plazos de envío" not in english


def test_drafts_and_archived_articles_are_never_public(reader: TestClient):
    home = reader.get("/help").text
    for hidden in ("Borrador", "Temas secretos", "paquetería antigua"):
        assert hidden not in home
    for path, title in (
        ("/help/articles/borrador-secreto", "No encontramos esta página"),
        ("/help/articles/paqueteria-antigua", "No encontramos esta página"),
        ("/help/categories/temas-secretos", "No encontramos esta página"),
        # A slug exists only in its own language.
        ("/help/articles/plazos-de-envio?lang=en", "We couldn&#39;t find this page"),
    ):
        response = reader.get(path)
        assert response.status_code == 404, path
        assert title in response.text
    category = reader.get("/help/categories/cuenta-y-acceso").text
    assert "paquetería antigua" not in category


def test_a_category_page_lists_its_articles_with_a_summary(reader: TestClient):
    page = reader.get("/help/categories/envios-y-devoluciones").text
    assert "<h1>Envíos y devoluciones</h1>" in page
    assert "1 artículo" in page
    assert 'href="/help/articles/plazos-de-envio"' in page
    assert "Los pedidos se despachan en 24 horas hábiles." in page  # Markdown stripped
    assert 'href="/help/categories/cuenta-y-acceso"' in page  # other topics


def test_an_article_is_rendered_and_nothing_in_it_runs(reader: TestClient):
    page = reader.get("/help/articles/cambiar-contrasena").text
    assert '<h1 id="article-title">Cambiar la contraseña &lt;b&gt;ya&lt;/b&gt;</h1>' in page
    assert "Entra en <em>Cuenta</em> y elige <strong>Seguridad</strong>." in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(" in page  # shown as text
    assert 'href="javascript:' not in page
    assert '<a href="https://example.com/ayuda" rel="noopener nofollow">' in page
    # The only script is the static file; the policy forbids inline ones.
    assert re.findall(r"<script[^>]*>", page) == [
        re.search(r'<script src="/static/help\.js\?v=\w+" defer>', page)[0]  # type: ignore[index]
    ]
    response = reader.get("/help/articles/cambiar-contrasena")
    assert "script-src" not in response.headers["content-security-policy"]
    assert "default-src 'self'" in response.headers["content-security-policy"]


def test_the_article_page_links_its_topic_and_related_articles(app: Rumbo, reader: TestClient):
    with app.unit_of_work(SYSTEM) as ctx:
        actions.create_article(
            ctx,
            SHIPPING_ES.model_copy(
                update={
                    "title": "Rastrear tu pedido",
                    "slug": "rastrear",
                    "translation_group": None,
                }
            ),
        )
    page = reader.get("/help/articles/plazos-de-envio").text
    assert 'aria-label="Ruta de navegación"' in page
    assert 'href="/help/categories/envios-y-devoluciones"' in page
    assert 'href="/help/articles/rastrear">Rastrear tu pedido</a>' in page


# Was this helpful?


def test_a_helpful_vote_is_stored_audited_and_thanked_once(
    app: Rumbo, reader: TestClient, help_center: dict[str, int]
):
    article_id = help_center["plazos-de-envio"]
    page = reader.get("/help/articles/plazos-de-envio").text
    form = {"csrf_token": csrf_of(page), "helpful": "no", "comment": "Faltan los envíos a islas."}
    voted = reader.post(f"/help/articles/{article_id}/feedback", data=form, follow_redirects=False)

    assert voted.status_code == 303
    assert voted.headers["location"] == "/help/articles/plazos-de-envio#feedback"
    assert feedback_rows(app) == [(article_id, False, "Faltan los envíos a islas.")]
    with app.reading() as session:
        (entry,) = audit_queries.list_entries(session, action="article.feedback")
        assert entry.entity_id == str(article_id)
        assert entry.actor_label == "help-center"
    after = reader.get("/help/articles/plazos-de-envio").text
    assert "¡Gracias!" in after
    assert 'name="helpful"' not in after

    again = reader.post(f"/help/articles/{article_id}/feedback", data=form)
    assert again.status_code == 200
    assert len(feedback_rows(app)) == 1  # the same browser does not count twice


def test_a_vote_without_the_csrf_token_is_refused_and_stores_nothing(
    app: Rumbo, reader: TestClient, help_center: dict[str, int]
):
    article_id = help_center["shipping-times"]
    reader.get("/help/articles/shipping-times?lang=en")  # the session has a token, unsent
    for token in ("", "forged"):
        refused = reader.post(
            f"/help/articles/{article_id}/feedback?lang=en",
            data={"csrf_token": token, "helpful": "yes"},
        )
        assert refused.status_code == 403
        assert "The form expired" in refused.text
        assert '<html lang="en">' in refused.text
    assert feedback_rows(app) == []


def test_votes_on_drafts_or_without_an_answer_are_refused(
    app: Rumbo, reader: TestClient, help_center: dict[str, int]
):
    token = csrf_of(reader.get("/help/articles/plazos-de-envio").text)
    draft = reader.post(
        f"/help/articles/{help_center['borrador-secreto']}/feedback",
        data={"csrf_token": token, "helpful": "yes"},
    )
    assert draft.status_code == 404
    blank = reader.post(
        f"/help/articles/{help_center['plazos-de-envio']}/feedback",
        data={"csrf_token": token, "helpful": "tal vez"},
    )
    assert blank.status_code == 422
    assert "Elige «Sí» o «No»" in blank.text
    assert feedback_rows(app) == []


# Languages


def test_the_language_switch_follows_the_translation_pair(reader: TestClient):
    spanish = reader.get("/help/articles/plazos-de-envio").text
    assert 'href="/help/articles/shipping-times?lang=en" lang="en" hreflang="en"' in spanish
    english = reader.get("/help/articles/shipping-times?lang=en").text
    assert '<html lang="en">' in english
    assert "Was this article helpful?" in english
    assert 'href="/help/articles/plazos-de-envio" lang="es" hreflang="es"' in english
    # Without a translation the switch leads to the other language's home page.
    unpaired = reader.get("/help/articles/cambiar-contrasena").text
    assert 'href="/help?lang=en" lang="en" hreflang="en"' in unpaired


def test_an_unknown_language_is_a_clear_400(reader: TestClient):
    response = reader.get("/help?lang=fr")
    assert response.status_code == 400
    assert "Ese idioma no está disponible" in response.text


# Search


def top_titles(reader: TestClient, query: str, lang: str = "es") -> list[str]:
    page = reader.get("/help/search", params={"q": query, "lang": lang})
    assert page.status_code == 200, page.text
    return re.findall(r'class="help-list__title" href="[^"]+"[^>]*>([^<]+)</a>', page.text)


def test_search_finds_the_same_article_with_or_without_accents(
    reader: TestClient, indexed: dict[str, int]
):
    with_accent = top_titles(reader, "envío")
    without = top_titles(reader, "envio")
    assert with_accent[0] == without[0] == "Plazos de envío de pedidos"


def test_search_shows_only_published_articles_in_the_readers_language(
    reader: TestClient, indexed: dict[str, int]
):
    titles = top_titles(reader, "reembolsos secretos envíos paquetería antigua")
    assert "Borrador sobre reembolsos secretos" not in titles
    assert "Envíos con la paquetería antigua" not in titles
    # An English question finds the pair; the Spanish reader gets the Spanish article, once.
    spanish_reader = top_titles(reader, "shipping times", lang="es")
    assert spanish_reader.count("Plazos de envío de pedidos") == 1
    assert "Shipping times" not in spanish_reader


@pytest.mark.parametrize("query", ["", "   "])
def test_an_empty_search_asks_what_to_look_for(reader: TestClient, query: str):
    response = reader.get("/help/search", params={"q": query, "lang": "es"})
    assert response.status_code == 400
    assert "Escribe qué quieres buscar." in response.text
    assert 'action="/help/search"' in response.text  # the box is there to try again


def test_a_100_kb_search_gets_a_clear_page_without_echoing_it(app: Rumbo, indexed):
    status, page = raw_get(app, "/help/search", "envío " * 17_000)
    assert status == 422
    assert "La búsqueda es demasiado larga o no es válida" in page
    assert len(page) < 20_000
    status, suggestions = raw_get(app, "/help/suggest", "a" * 100_000)
    assert status == 422
    assert json.loads(suggestions)["items"] == []


def test_suggestions_return_up_to_five_published_titles(
    reader: TestClient, indexed: dict[str, int]
):
    found = reader.get("/help/suggest", params={"q": "envío de pedidos", "lang": "es"})
    assert found.status_code == 200
    items = found.json()["items"]
    assert 1 <= len(items) <= 5
    assert items[0] == {
        "title": "Plazos de envío de pedidos",
        "url": "/help/articles/plazos-de-envio",
        "category": "Envíos y devoluciones",
        "language": None,
    }
    assert all("Borrador" not in item["title"] for item in items)
    assert reader.get("/help/suggest", params={"q": "e", "lang": "es"}).json() == {"items": []}
    assert reader.get("/help/suggest", params={"q": "envío", "lang": "xx"}).status_code == 422
