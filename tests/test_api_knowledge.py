"""Help-center articles as records: drafts, publishing rights, language pairs."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rumbo.api.errors import install_error_handlers, unique_columns
from rumbo.app import Rumbo
from rumbo.knowledge.models import Article
from tests.conftest import client_for

ARTICLE = {
    "title": "¿Cómo cambio mi contraseña?",
    "body_md": "1. Entra a **Cuenta**.\n2. Elige *Seguridad*.",
    "category": "Cuenta y acceso",
    "translation_group": "password",
}


def test_slug_is_made_from_the_spanish_title(client):
    article = client.post("/api/v1/articles", json=ARTICLE).json()
    assert article["slug"] == "como-cambio-mi-contrasena"
    assert article["status"] == "draft"
    assert article["published_at"] is None


def test_publishing_sets_the_date_and_pairs_share_a_group(client):
    es = client.post("/api/v1/articles", json=ARTICLE).json()
    en = client.post(
        "/api/v1/articles",
        json={
            **ARTICLE,
            "title": "How do I change my password?",
            "language": "en",
            "body_md": "1. Open **Account**.",
        },
    ).json()
    published = client.patch(f"/api/v1/articles/{es['id']}", json={"status": "published"}).json()
    assert published["published_at"] is not None
    listed = client.get("/api/v1/articles", params={"language": "en"}).json()
    assert [a["id"] for a in listed["items"]] == [en["id"]]
    assert en["translation_group"] == es["translation_group"]


def test_same_slug_twice_in_one_language_is_a_conflict(client):
    client.post("/api/v1/articles", json=ARTICLE)
    response = client.post("/api/v1/articles", json=ARTICLE)
    assert response.status_code == 409
    assert response.json()["error"]["fields"] == {"slug": "taken"}


def test_same_external_id_twice_from_one_source_is_a_conflict(client):
    imported = {**ARTICLE, "source": "zendesk", "external_id": "kb-42"}
    assert client.post("/api/v1/articles", json=imported).status_code == 201
    retitled = {**imported, "title": "Cambiar la contraseña"}
    response = client.post("/api/v1/articles", json=retitled)
    assert response.status_code == 409, response.text
    assert response.json()["error"]["fields"] == {"external_id": "duplicate"}
    assert client.get("/api/v1/articles").json()["total"] == 1


def test_agents_write_drafts_but_only_publishers_publish(app: Rumbo, client):
    with client_for(app, "agent") as agent:
        draft = agent.post("/api/v1/articles", json=ARTICLE)
        assert draft.status_code == 201
        refused = agent.patch(
            f"/api/v1/articles/{draft.json()['id']}", json={"status": "published"}
        )
        assert refused.status_code == 403
    with client_for(app, "communications") as comms:
        ok = comms.patch(f"/api/v1/articles/{draft.json()['id']}", json={"status": "published"})
        assert ok.status_code == 200


def test_a_unique_value_taken_behind_the_checks_is_a_conflict_naming_its_columns(app: Rumbo):
    """The net under the actions' own checks (a race between two requests): the store's unique
    violation, as this backend words it, becomes a 409 naming the columns, never the values."""

    def row() -> Article:
        return Article(slug="secreto", title="T", body_md="B", language="es", category="c")

    with app.engine.connect() as connection, Session(connection) as session:
        session.add(row())
        session.flush()
        session.add(row())
        with pytest.raises(IntegrityError) as caught:
            session.flush()
    assert unique_columns(str(caught.value.orig)) == ["language", "slug"]

    api = FastAPI()
    install_error_handlers(api)

    @api.get("/boom")
    def boom() -> None:
        raise caught.value

    response = TestClient(api).get("/boom")
    assert response.status_code == 409
    body = response.json()["error"]
    assert body["fields"] == {"language": "taken", "slug": "taken"}
    assert "secreto" not in response.text
