"""Help-center articles as records: drafts, publishing rights, language pairs."""

from __future__ import annotations

from rumbo.app import Rumbo
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
