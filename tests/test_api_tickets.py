"""Tickets through the REST API: open, reply, change, filter, and ingest idempotently."""

from __future__ import annotations

import datetime as dt

from rumbo.app import Rumbo
from tests.conftest import client_for


def _contact(client, email="sofia@example.com"):
    return client.post(
        "/api/v1/contacts",
        json={"name": "Sofía Pérez", "emails": [email], "address_form": "vos", "country": "AR"},
    ).json()


def _ticket(client, **extra):
    body = {
        "subject": "No puedo iniciar sesión",
        "channel": "chat",
        "priority": "high",
        "contact_email": "sofia@example.com",
        "tags": ["Acceso", "login", "acceso"],
        "messages": [{"body": "Hola, desde ayer no puedo entrar con mi contraseña."}],
        **extra,
    }
    response = client.post("/api/v1/tickets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def test_opening_a_ticket_links_the_customer_and_sets_sla(client):
    contact = _contact(client)
    ticket = _ticket(client)
    assert ticket["contact_id"] == contact["id"]
    assert ticket["status"] == "new"
    assert ticket["tags"] == ["acceso", "login"]
    opened = dt.datetime.fromisoformat(ticket["created_at"])
    assert dt.datetime.fromisoformat(ticket["first_response_due_at"]) - opened == dt.timedelta(
        hours=4
    )
    assert dt.datetime.fromisoformat(ticket["resolution_due_at"]) - opened == dt.timedelta(hours=24)
    assert ticket["messages"][0]["author_kind"] == "customer"
    assert ticket["messages"][0]["author_contact_id"] == contact["id"]


def test_reply_records_first_response_and_moves_status(client):
    _contact(client)
    ticket = _ticket(client)
    response = client.post(
        f"/api/v1/tickets/{ticket['id']}/replies",
        json={"body": "¡Hola Sofía! Ya te ayudo.", "status": "pending"},
    )
    assert response.status_code == 201
    detail = client.get(f"/api/v1/tickets/{ticket['id']}").json()
    assert detail["status"] == "pending"
    assert detail["first_responded_at"] is not None
    assert [m["author_kind"] for m in detail["messages"]] == ["customer", "agent"]

    # The customer writes again: a pending ticket opens again.
    client.post(f"/api/v1/tickets/{ticket['id']}/messages", json={"body": "Sigue sin andar."})
    assert client.get(f"/api/v1/tickets/{ticket['id']}").json()["status"] == "open"


def test_internal_notes_do_not_count_as_a_response(client):
    _contact(client)
    ticket = _ticket(client)
    client.post(
        f"/api/v1/tickets/{ticket['id']}/replies",
        json={"body": "Revisar con ingeniería", "internal": True},
    )
    detail = client.get(f"/api/v1/tickets/{ticket['id']}").json()
    assert detail["first_responded_at"] is None
    assert detail["status"] == "new"
    assert detail["messages"][-1]["internal"] is True


def test_solving_sets_solved_at_and_changing_priority_moves_sla(client):
    _contact(client)
    ticket = _ticket(client)
    updated = client.patch(
        f"/api/v1/tickets/{ticket['id']}",
        json={"status": "solved", "priority": "urgent", "tags": ["caida"]},
    )
    body = updated.json()
    assert body["solved_at"] is not None
    assert body["tags"] == ["caida"]
    opened = dt.datetime.fromisoformat(body["created_at"])
    assert dt.datetime.fromisoformat(body["resolution_due_at"]) - opened == dt.timedelta(hours=8)
    audit = client.get(
        "/api/v1/audit", params={"entity_type": "ticket", "action": "ticket.updated"}
    ).json()
    assert audit[0]["before"]["status"] == "new"
    assert audit[0]["after"]["status"] == "solved"


def test_filters(client):
    _contact(client)
    _ticket(client)
    _ticket(
        client,
        subject="Factura de octubre",
        channel="email",
        priority="low",
        tags=["facturacion"],
        messages=[{"body": "¿Dónde está mi factura?"}],
    )
    assert client.get("/api/v1/tickets", params={"channel": "email"}).json()["total"] == 1
    assert client.get("/api/v1/tickets", params={"tag": "login"}).json()["total"] == 1
    assert client.get("/api/v1/tickets", params={"q": "factura"}).json()["total"] == 1
    assert client.get("/api/v1/tickets", params={"q": "CONTRASEÑA"}).json()["total"] == 1
    assert client.get("/api/v1/tickets", params={"status": "active"}).json()["total"] == 2
    assert client.get("/api/v1/tickets", params={"due_within_hours": 48}).json()["total"] == 1
    # The next deadline counts the first response too: both await one within 48 hours.
    soon = client.get("/api/v1/tickets", params={"next_deadline_within_hours": 48}).json()
    assert soon["total"] == 2
    bad = client.get("/api/v1/tickets", params={"status": "borrado"})
    assert bad.status_code == 422
    assert "status" in bad.json()["error"]["fields"]


def test_ingestion_is_idempotent_by_external_id(client):
    rows = [
        {
            "source": "zendesk",
            "external_id": str(n),
            "subject": f"Pedido {n} no llegó",
            "created_at": "2026-10-01T12:00:00Z",
            "messages": [{"body": "Mi pedido no llegó", "created_at": "2026-10-01T12:00:00Z"}],
        }
        for n in range(10)
    ]
    rows.append(dict(rows[0]))  # the same ticket twice in one batch
    first = client.post("/api/v1/tickets/batch", json=rows).json()
    assert (first["created"], first["unchanged"]) == (10, 1)
    again = client.post("/api/v1/tickets/batch", json=rows).json()
    assert (again["created"], again["unchanged"]) == (0, 11)
    assert client.get("/api/v1/tickets").json()["total"] == 10
    # Opening one of them again by hand is a conflict, not a duplicate.
    response = client.post("/api/v1/tickets", json=rows[3])
    assert response.status_code == 409


def test_a_message_id_names_one_message_once(client):
    """A message's (source, external id) is unique: reusing it is a conflict naming the field,
    never a server error, and nothing of the refused request is stored."""
    first = {
        "subject": "Factura duplicada",
        "source": "zendesk",
        "external_id": "T-1",
        "messages": [{"body": "Me cobraron dos veces", "source": "zendesk", "external_id": "M-1"}],
    }
    assert client.post("/api/v1/tickets", json=first).status_code == 201
    reused = {**first, "external_id": "T-2"}
    response = client.post("/api/v1/tickets", json=reused)
    assert response.status_code == 409, response.text
    assert response.json()["error"]["fields"] == {
        "messages.0.external_id": "already stored (message M-1 from zendesk)"
    }
    twice = {
        **first,
        "external_id": "T-3",
        "messages": [
            {"body": "Hola", "source": "zendesk", "external_id": "M-7"},
            {"body": "¿Hay alguien?", "source": "zendesk", "external_id": "M-7"},
        ],
    }
    response = client.post("/api/v1/tickets", json=twice)
    assert response.status_code == 409
    assert list(response.json()["error"]["fields"]) == ["messages.1.external_id"]
    assert client.get("/api/v1/tickets").json()["total"] == 1
    ticket_id = client.get("/api/v1/tickets").json()["items"][0]["id"]
    again = client.post(
        f"/api/v1/tickets/{ticket_id}/messages",
        json={"body": "Otra vez", "source": "zendesk", "external_id": "M-1"},
    )
    assert again.status_code == 409
    assert again.json()["error"]["fields"] == {
        "external_id": "already stored (message M-1 from zendesk)"
    }
    assert len(client.get(f"/api/v1/tickets/{ticket_id}").json()["messages"]) == 1


def test_a_batch_row_reusing_a_message_id_is_rejected_alone(client):
    def row(n, message_id):
        return {
            "source": "zendesk",
            "external_id": f"T-{n}",
            "subject": f"Pedido {n}",
            "messages": [{"body": "¿Dónde está?", "source": "zendesk", "external_id": message_id}],
        }

    client.post("/api/v1/tickets/batch", json=[row(1, "M-1")])
    report = client.post(
        "/api/v1/tickets/batch", json=[row(2, "M-2"), row(3, "M-1"), row(4, "M-2"), row(5, "M-5")]
    ).json()
    assert (report["created"], report["unchanged"]) == (2, 0)
    assert [(r["row"], r["field"]) for r in report["rejected"]] == [
        (1, "messages.external_id"),
        (2, "messages.external_id"),
    ]
    assert "already stored" in report["rejected"][0]["reason"]
    assert "repeated" in report["rejected"][1]["reason"]
    subjects = sorted(t["subject"] for t in client.get("/api/v1/tickets").json()["items"])
    assert subjects == ["Pedido 1", "Pedido 2", "Pedido 5"]


def test_unknown_contact_and_empty_subject_are_refused(client):
    response = client.post("/api/v1/tickets", json={"subject": "  ", "contact_id": 999})
    assert response.status_code == 422
    assert "subject" in response.json()["error"]["fields"]
    response = client.post("/api/v1/tickets", json={"subject": "Hola", "contact_id": 999})
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"contact_id": "not found"}
    assert client.get("/api/v1/tickets").json()["total"] == 0


def test_missing_ticket_is_404_in_the_error_shape(client):
    response = client.get("/api/v1/tickets/4040")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"code": "not_found", "message": "Ticket 4040 does not exist.", "fields": {}}
    }


def test_agent_can_work_tickets_but_viewer_cannot(app: Rumbo, client):
    _contact(client)
    ticket = _ticket(client)
    with client_for(app, "agent") as agent:
        assert (
            agent.post(f"/api/v1/tickets/{ticket['id']}/replies", json={"body": "Hola"}).status_code
            == 201
        )
    with client_for(app, "viewer") as viewer:
        assert viewer.get(f"/api/v1/tickets/{ticket['id']}").status_code == 200
        assert (
            viewer.post(
                f"/api/v1/tickets/{ticket['id']}/replies", json={"body": "Hola"}
            ).status_code
            == 403
        )
    assert len(client.get(f"/api/v1/tickets/{ticket['id']}").json()["messages"]) == 2
