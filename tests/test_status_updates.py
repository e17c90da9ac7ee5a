"""Status updates: drafted, approved by someone else with the right role, then published.

Publishing changes the public page and puts the incident into incident mode: the assistant
shows the update first to questions about it, until the resolution update ends the notice.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.assistant.models import ActiveNotice
from tests.test_incidents import role_client


def _declared(client, title: str = "Caída del punto de venta") -> int:
    incident = client.post(
        "/api/v1/incidents",
        json={"title": title, "type": "outage", "keywords": ["punto de venta", "pos"]},
    ).json()
    assert client.post(f"/api/v1/incidents/{incident['id']}/declare", json={}).status_code == 200
    return int(incident["id"])


def _update(incident_id: int, title: str, phase: str = "investigating", **extra) -> dict:
    return {
        "incident_id": incident_id,
        "title": title,
        "body": f"{title}. Próxima actualización en 30 minutos.",
        "phase": phase,
        **extra,
    }


def test_only_the_right_roles_draft_approve_and_publish(app: Rumbo, client, anon):
    incident_id = _declared(client)
    component = {"key": "pos", "name": "Punto de venta"}
    assert client.put("/api/v1/status/components", json=component).status_code == 200
    with (
        role_client(app, "agent") as agent,
        role_client(app, "viewer") as viewer,
        role_client(app, "communications") as comms,
        role_client(app, "legal") as legal,
    ):
        body = _update(
            incident_id, "Investigamos fallos", component_statuses={"pos": "major_outage"}
        )
        assert agent.post("/api/v1/status/updates", json=body).status_code == 403
        drafted = comms.post("/api/v1/status/updates", json=body)
        assert drafted.status_code == 201
        update = drafted.json()
        assert update["state"] == "draft"
        base = f"/api/v1/status/updates/{update['id']}"
        # Drafts never reach the public page.
        assert "Investigamos fallos" not in anon.get("/status").text
        assert comms.post(f"{base}/publish").status_code == 409  # not approved yet
        assert viewer.post(f"{base}/approve").status_code == 403
        assert agent.post(f"{base}/approve").status_code == 403
        own = comms.post(f"{base}/approve")
        assert own.status_code == 403
        assert "other than its author" in own.json()["error"]["message"]
        approved = legal.post(f"{base}/approve")
        assert approved.status_code == 200
        assert approved.json()["approved_by"].startswith("legal-")
        assert legal.post(f"{base}/approve").status_code == 409
        assert agent.post(f"{base}/publish").status_code == 403
        published = legal.post(f"{base}/publish")
        assert published.status_code == 200
        assert published.json()["state"] == "published"
    page = anon.get("/status")
    assert page.status_code == 200
    assert "Investigamos fallos" in page.text
    assert "Interrupción grave" in page.text
    assert "Hay incidencias en curso" in page.text
    assert 'href="#contenido">Saltar al contenido' in page.text
    english = anon.get("/status?lang=en")
    assert "Major outage" in english.text
    assert '<html lang="en">' in english.text
    assert 'href="/status?lang=es"' in english.text
    components = client.get("/api/v1/status/components").json()
    assert components[0]["status"] == "major_outage"


def test_publishing_puts_the_assistant_into_incident_mode_until_resolved(app: Rumbo, client):
    incident_id = _declared(client)
    client.put("/api/v1/status/components", json={"key": "pos", "name": "Punto de venta"})
    with role_client(app, "communications") as comms:
        down = _update(incident_id, "Investigamos", component_statuses={"pos": "major_outage"})
        first = comms.post("/api/v1/status/updates", json=down)
        second = comms.post(
            "/api/v1/status/updates", json=_update(incident_id, "Causa identificada", "identified")
        )
    for update in (first.json(), second.json()):
        client.post(f"/api/v1/status/updates/{update['id']}/approve")
        assert client.post(f"/api/v1/status/updates/{update['id']}/publish").status_code == 200
    with app.reading() as session:
        notices = list(session.scalars(select(ActiveNotice).order_by(ActiveNotice.id)))
    # One notice at a time: the newer update replaced the older one.
    assert [n.active for n in notices] == [False, True]
    assert notices[1].title == "Causa identificada"
    assert "pos" in notices[1].keywords
    asked = client.post(
        "/api/v1/assistant/ask", json={"question": "¿Por qué no funciona el POS?", "language": "es"}
    )
    assert asked.status_code == 200
    assert asked.json()["notice"]["title"] == "Causa identificada"
    detail = client.get(f"/api/v1/incidents/{incident_id}").json()
    assert detail["notice_id"] == notices[1].id
    resolved = client.post(
        "/api/v1/status/updates", json=_update(incident_id, "Servicio restablecido", "resolved")
    ).json()
    with role_client(app, "legal") as legal:
        legal.post(f"/api/v1/status/updates/{resolved['id']}/approve")
        legal.post(f"/api/v1/status/updates/{resolved['id']}/publish")
    with app.reading() as session:
        assert not session.scalars(select(ActiveNotice).where(ActiveNotice.active)).all()
    # The resolution gave back the component the first update had marked.
    assert [c["status"] for c in client.get("/api/v1/status/components").json()] == ["operational"]
    page = client.get("/status").text
    assert "Todos los sistemas funcionan con normalidad" in page
    assert "Servicio restablecido" in page  # now in the history


def test_updates_need_a_declared_incident_and_known_components(client):
    detected = client.post("/api/v1/incidents", json={"title": "Rumor", "type": "custom"}).json()
    early = client.post("/api/v1/status/updates", json=_update(detected["id"], "Aviso"))
    assert early.status_code == 409
    incident_id = _declared(client)
    unknown = client.post(
        "/api/v1/status/updates",
        json=_update(incident_id, "Aviso", component_statuses={"marte": "major_outage"}),
    )
    assert unknown.status_code == 422
    assert "marte" in unknown.json()["error"]["message"]
    bad_phase = client.post("/api/v1/status/updates", json=_update(incident_id, "Aviso", "done"))
    assert bad_phase.status_code == 422
    assert "phase" in bad_phase.json()["error"]["fields"]
    assert client.get("/api/v1/status/updates").json() == []


def test_the_review_is_exported_as_markdown_and_printable_html(app: Rumbo, client):
    incident_id = _declared(client)
    update = client.post("/api/v1/status/updates", json=_update(incident_id, "Investigamos"))
    with role_client(app, "legal") as legal:
        legal.post(f"/api/v1/status/updates/{update.json()['id']}/approve")
        legal.post(f"/api/v1/status/updates/{update.json()['id']}/publish")
    comms = client.get(f"/api/v1/incidents/{incident_id}").json()["communications"]
    with role_client(app, "communications") as reviewer:
        reviewer.post(f"/api/v1/drafts/{comms[0]['draft_id']}/approve", json={})
    for status in ("mitigating", "resolved", "review"):
        client.post(f"/api/v1/incidents/{incident_id}/status", json={"status": status})
    markdown = client.get(f"/api/v1/incidents/{incident_id}/review")
    assert markdown.status_code == 200
    assert markdown.headers["content-type"].startswith("text/markdown")
    text = markdown.text
    for heading in (
        "## Tiempos de respuesta",
        "## Mensajes y aprobaciones",
        "## Clientes e ingresos afectados",
        "## Tareas con retraso",
        "## Línea de tiempo",
        "## Lecciones aprendidas",
    ):
        assert heading in text
    assert re.search(r"\| Investigamos \| published \| admin@example.com \| legal-", text)
    assert "¿Se cumplió la cadencia de actualizaciones" in text  # the playbook's own prompt
    # The studio's approval of a playbook communication is part of the record.
    assert re.search(rf"\(borrador #{comms[0]['draft_id']}\) — approve communications-", text)
    html = client.get(f"/api/v1/incidents/{incident_id}/review?format=html")
    assert html.headers["content-type"].startswith("text/html")
    assert "@media print" in html.text
    assert "<script" not in html.text
    assert "Investigamos" in html.text
    assert client.get("/api/v1/incidents/999/review").status_code == 404
