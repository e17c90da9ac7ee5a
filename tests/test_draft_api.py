"""Drafts through the API: write, edit, review, approve, sign off and send, with real servers.

A local ``aiosmtpd`` server receives the emails and a local HTTP server the webhooks. Every test
runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.audit.models import AuditEntry
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn, ContactIn
from rumbo.drafting.models import DraftDelivery
from rumbo.settings import Settings
from tests.conftest import SYSTEM, mail_settings, make_token, make_user
from tests.servers import Inbox, QuietHandler, http_server

VOICE = (Path(__file__).parents[1] / "src" / "rumbo" / "demo" / "brand_voice.yaml").read_text(
    encoding="utf-8"
)
OUTAGE = "Escribe un correo a los clientes: el sistema está caído durante 2 horas; pide disculpas."
LEAK = "Comunicado para clientes: hubo una fuga de datos con correos electrónicos de México."


@pytest.fixture
def settings(database_url: str, inbox: Inbox) -> Settings:
    return mail_settings(database_url, inbox, "Tenderete <soporte@tenderete.example>")


@pytest.fixture
def hooks() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(QuietHandler):
        def do_POST(self) -> None:  # noqa: N802
            received.append({"body": self.read_json(), "key": self.headers["Idempotency-Key"]})
            self.send_response(204 if self.path == "/ok" else 500)
            self.end_headers()

    with http_server(Handler) as url:
        yield url, received


def add_customer(app: Rumbo, name: str, email: str, country: str, plan: str = "Pro") -> None:
    with app.unit_of_work(SYSTEM) as ctx:
        company = crm_actions.create_company(
            ctx, CompanyIn(name=f"{name} SA", country=country, plan=plan, seats=8)
        )
        crm_actions.create_contact(
            ctx,
            ContactIn(
                name=name, emails=[email], country=country, company_id=company.id, language="es"
            ),
        )


def as_role(app: Rumbo, role: str) -> dict[str, str]:
    """Headers of a new user with ``role``; one web app serves every role (it is slow to build)."""
    token = make_token(app, make_user(app, f"{role}@example.com", role, password=None))
    return {"Authorization": f"Bearer {token}"}


def create(client: Any, request: str = OUTAGE, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/drafts", json={"request": request, **extra})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_draft_is_written_stored_and_answered_like_the_cli(client):
    body = create(client, brand=VOICE)
    for key in ("understood", "subject", "text", "plan", "critique", "backend"):
        assert key in body
    assert body["backend"] == "composer"
    assert body["understood"]["facts"]["duration_hours"] == 2
    assert body["status"] == "draft"
    stored = client.get(f"/api/v1/drafts/{body['id']}").json()
    assert stored["text"] == body["text"]
    assert stored["version"] == 1
    listed = client.get("/api/v1/drafts", params={"status": "draft"}).json()
    assert [d["id"] for d in listed["items"]] == [body["id"]]


def test_a_draft_for_a_crm_customer_is_personalised(app, client):
    add_customer(app, "Valeria Soto", "valeria@tienda.example", "AR")
    body = create(
        client,
        request="Responde a una clienta molesta por una demora en su pedido.",
        customer_email="valeria@tienda.example",
        brand=VOICE,
    )
    assert "Valeria" in body["text"]
    assert body["register"] == "vos"
    assert [f for f in body["critique"] if f["severity"] != "info"] == []


BAD_INPUT = [
    ({"request": ""}, "request"),
    ({"request": "hola", "customer_email": "nadie@example.com"}, "customer"),
    ({"request": "hola", "brand": "name: [\n"}, "voice"),
    ({"request": "hola", "context": {"customer": {"seats": "muchos"}}}, "customer.seats"),
    ({"request": "hola", "channel": "fax"}, "channel"),
    ({"request": "hola", "customer_email": "a@b.example", "context": {"customer": {}}}, "both"),
]


def test_bad_input_is_refused_clearly_and_nothing_is_stored(client):
    for payload, field in BAD_INPUT:
        response = client.post("/api/v1/drafts", json=payload)
        assert response.status_code in {404, 422}, payload
        error = response.json()["error"]
        assert field in error["fields"] or field in error["message"], error
    assert client.get("/api/v1/drafts").json()["total"] == 0


def test_an_edit_is_a_new_version_critiqued_again(client):
    body = create(client)
    edited = client.put(
        f"/api/v1/drafts/{body['id']}",
        json={"text": "¡Queridos usuarios! Garantizamos que no volverá a pasar.", "note": "prueba"},
    )
    assert edited.status_code == 200
    assert edited.json()["version"] == 2
    codes = {f["code"] for f in edited.json()["critique"]}
    assert {"unnatural_greeting", "overpromise"} <= codes
    versions = client.get(f"/api/v1/drafts/{body['id']}/versions").json()
    assert [v["version"] for v in versions] == [1, 2]
    assert versions[0]["text"] == body["text"]


def test_review_approval_and_sending_by_email_never_twice(app, client, inbox):
    body = create(client)
    draft = f"/api/v1/drafts/{body['id']}"
    early = client.post(f"{draft}/send", json={"channel": "email", "to": ["a@example.com"]})
    assert early.status_code == 409
    comms = as_role(app, "communications")
    assert client.post(f"{draft}/approve", headers=comms).status_code == 409  # not submitted
    assert client.post(f"{draft}/submit").json()["status"] == "in_review"
    own = client.post(f"{draft}/approve")
    assert own.status_code == 403  # the author does not approve their own words
    assert "someone else" in own.json()["error"]["message"]
    approved = client.post(f"{draft}/approve", json={"note": "ok"}, headers=comms).json()
    assert approved["status"] == "approved"
    assert approved["approvals"][0]["actor_label"] == "communications@example.com"
    to = ["a@example.com", "b@example.com"]
    first = client.post(f"{draft}/send", json={"channel": "email", "to": to}).json()
    assert (first["sent"], first["skipped"], first["status"]) == (2, 0, "sent")
    again = client.post(f"{draft}/send", json={"channel": "email", "to": to}).json()
    assert (again["sent"], again["skipped"]) == (0, 2)
    assert len(inbox.messages) == 2
    assert inbox.messages[0]["Subject"] == body["subject"]
    assert "2 horas" in inbox.messages[0].get_content()
    with app.reading() as session:
        actions = [
            a.action for a in session.scalars(select(AuditEntry)) if a.entity_type == "draft"
        ]
    assert actions.count("draft.approve") == 1
    assert actions.count("draft.sent") == 2


def test_risky_drafts_need_legal_signoff_by_the_legal_role(app, client):
    body = create(client, request=LEAK)
    draft = f"/api/v1/drafts/{body['id']}"
    assert client.get(draft).json()["needs_legal"] is True
    client.post(f"{draft}/submit")
    comms = as_role(app, "communications")
    approved = client.post(f"{draft}/approve", headers=comms).json()
    assert approved["status"] == "in_review"  # still waits for legal
    assert client.post(f"{draft}/legal-signoff", headers=comms).status_code == 403
    signed = client.post(f"{draft}/legal-signoff", headers=as_role(app, "legal")).json()
    assert signed["status"] == "approved"
    assert {a["kind"] for a in signed["approvals"]} == {"approve", "legal_signoff"}
    viewer = as_role(app, "viewer")
    refused = client.post("/api/v1/drafts", json={"request": OUTAGE}, headers=viewer)
    assert refused.status_code == 403
    assert client.get(draft, headers=viewer).status_code == 200


def test_an_edit_after_approval_sends_the_draft_back_to_review(app, client):
    body = create(client)
    draft = f"/api/v1/drafts/{body['id']}"
    comms = as_role(app, "communications")
    client.post(f"{draft}/submit")
    client.post(f"{draft}/approve", headers=comms)
    edited = client.put(draft, json={"text": body["text"] + "\n\nGracias."}).json()
    assert (edited["status"], edited["version"]) == ("in_review", 2)
    assert client.post(f"{draft}/send", json={"channel": "social"}).status_code == 409
    assert client.post(f"{draft}/approve", headers=comms).json()["status"] == "approved"
    assert client.post(f"{draft}/send", json={"channel": "email"}).status_code == 422
    assert client.post(f"{draft}/send", json={"channel": "webhook"}).status_code == 422
    bad = client.post(f"{draft}/send", json={"channel": "email", "to": ["not-an-address"]})
    assert bad.status_code == 422
    assert client.get("/api/v1/drafts/999").status_code == 404


def test_a_statement_goes_to_a_crm_segment_personalised_after_one_approval(app, client, inbox):
    add_customer(app, "Lucas Pérez", "lucas@almacen.example", "AR")
    add_customer(app, "Sofía Díaz", "sofia@kiosco.example", "AR")
    add_customer(app, "Pedro Ruiz", "pedro@tienda.example", "MX")
    body = create(client, request="Comunicado sobre la caída del servicio de esta mañana.")
    draft = f"/api/v1/drafts/{body['id']}"
    client.post(f"{draft}/submit")
    client.post(f"{draft}/approve", headers=as_role(app, "communications"))
    segment = {"channel": "email", "segment": {"country": "AR"}}
    report = client.post(f"{draft}/send", json=segment).json()
    assert report["sent"] == 2
    greetings = sorted(m.get_content().splitlines()[0] for m in inbox.messages)
    assert greetings == ["Hola, Lucas:", "Hola, Sofía:"]
    overlap = {"channel": "email", "to": ["lucas@almacen.example", "pedro@tienda.example"]}
    second = client.post(f"{draft}/send", json=overlap).json()
    assert (second["sent"], second["skipped"]) == (1, 1)


def test_webhook_and_social_export(app, client, hooks):
    url, received = hooks
    body = create(client)
    draft = f"/api/v1/drafts/{body['id']}"
    client.post(f"{draft}/submit")
    client.post(f"{draft}/approve", headers=as_role(app, "communications"))
    failed = client.post(f"{draft}/send", json={"channel": "webhook", "url": url + "/down"})
    assert failed.json()["failed"] == 1
    ok = client.post(f"{draft}/send", json={"channel": "webhook", "url": url + "/ok"}).json()
    assert ok["sent"] == 1
    assert received[-1]["body"]["text"] == body["text"]
    assert received[-1]["body"]["draft_id"] == body["id"]
    assert (
        client.post(f"{draft}/send", json={"channel": "webhook", "url": url + "/ok"}).json()[
            "skipped"
        ]
        == 1
    )
    assert len([r for r in received if r["key"] == received[-1]["key"]]) == 1
    social = client.post(f"{draft}/send", json={"channel": "social"}).json()
    assert social["export"]["text"] == body["text"]
    assert social["export"]["fits"] is (len(body["text"]) <= 280)
    with app.reading() as session:
        rows = session.scalars(select(DraftDelivery)).all()
    assert {(r.channel, r.status) for r in rows} == {
        ("webhook", "failed"),
        ("webhook", "sent"),
        ("social", "exported"),
    }


def test_the_stored_brand_voice_is_used_when_none_is_given(app, client):
    from rumbo.drafting.brand.actions import save_voice
    from rumbo.drafting.voice import load_voice

    with app.unit_of_work(SYSTEM) as ctx:
        save_voice(ctx, load_voice(VOICE), note="tests")
    body = create(client)
    assert "Lucía Paredes" in body["text"]
    assert "soporte@tenderete.example" in body["text"]
    assert body["register"] == "tu"  # the voice's default form


def test_the_demo_drafts_load_once_at_each_step_of_review(app):
    from rumbo.demo.drafts import load_drafts
    from rumbo.drafting import queries

    add_customer(app, "Matías Rey", "matias@almacen.example", "AR")
    assert load_drafts(app, SYSTEM) == 3
    assert load_drafts(app, SYSTEM) == 0
    with app.reading() as session:
        drafts, total = queries.list_drafts(session)
        statuses = sorted(d.status for d in drafts)
        reply = next(d for d in drafts if d.situation == "unhappy_customer")
        text = reply.versions[0].text
    assert total == 3
    assert statuses == ["approved", "draft", "in_review"]
    assert "Matías" in text
