"""The CRM through the REST API: create, read, change, and refuse bad input without losing data."""

from __future__ import annotations

from rumbo.app import Rumbo
from tests.conftest import client_for

COMPANY = {
    "external_id": "acme-1",
    "source": "hubspot",
    "name": "Ferretería La Esperanza",
    "country": "MX",
    "plan": "Pro",
    "seats": 25,
    "price_per_user": "18.50",
    "contract_start": "2026-01-15",
    "renewal_date": "2027-01-15",
}


def test_company_arr_is_computed_from_seats_and_price(client):
    response = client.post("/api/v1/companies", json=COMPANY)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["arr"] == "5550.00"  # 25 seats × 18.50 × 12
    assert client.get(f"/api/v1/companies/{body['id']}").json()["name"] == COMPANY["name"]


def test_changing_seats_recomputes_arr_and_is_audited(client):
    company_id = client.post("/api/v1/companies", json=COMPANY).json()["id"]
    response = client.patch(f"/api/v1/companies/{company_id}", json={"seats": 30})
    assert response.json()["arr"] == "6660.00"
    entries = client.get(
        "/api/v1/audit", params={"entity_type": "company", "entity_id": str(company_id)}
    ).json()
    assert [e["action"] for e in entries] == ["company.updated", "company.created"]
    assert entries[0]["before"] == {"seats": 25}
    assert entries[0]["after"] == {"seats": 30}
    assert entries[0]["actor_label"] == "admin@example.com"


def test_duplicate_external_id_is_a_conflict_and_changes_nothing(client):
    client.post("/api/v1/companies", json=COMPANY)
    response = client.post("/api/v1/companies", json={**COMPANY, "name": "Otro nombre"})
    assert response.status_code == 409
    assert response.json()["error"]["fields"] == {"external_id": "duplicate"}
    listed = client.get("/api/v1/companies").json()
    assert listed["total"] == 1
    assert listed["items"][0]["name"] == "Ferretería La Esperanza"


def test_unknown_fields_and_bad_values_name_the_field(client):
    response = client.post("/api/v1/companies", json={**COMPANY, "asientos": 3})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"] == {"asientos": "unknown field"}

    response = client.post("/api/v1/companies", json={**COMPANY, "seats": -1, "country": "Mexico"})
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"seats", "country"}
    assert client.get("/api/v1/companies").json()["total"] == 0


def test_renewal_before_contract_start_is_refused(client):
    response = client.post("/api/v1/companies", json={**COMPANY, "renewal_date": "2025-01-01"})
    assert response.status_code == 422
    assert "renewal_date is before contract_start" in response.json()["error"]["message"]


def test_contact_with_emails_handles_and_address_form(client):
    company_id = client.post("/api/v1/companies", json=COMPANY).json()["id"]
    response = client.post(
        "/api/v1/contacts",
        json={
            "name": "Mariana Quiñones",
            "company_id": company_id,
            "emails": ["Mariana@Esperanza.mx", "mariana@esperanza.mx"],
            "phones": ["+52 55 1234 5678"],
            "handles": [{"network": "x", "handle": "@MarianaQ"}],
            "country": "MX",
            "address_form": "tu",
            "audience_size": 120000,
        },
    )
    assert response.status_code == 201, response.text
    contact = response.json()
    assert contact["emails"] == ["mariana@esperanza.mx"]  # lower-cased, deduplicated
    assert contact["phones"] == ["+525512345678"]
    assert contact["handles"] == [{"network": "x", "handle": "marianaq"}]
    assert contact["address_form"] == "tu"

    picture = client.get(f"/api/v1/contacts/{contact['id']}").json()
    assert picture["company"]["name"] == "Ferretería La Esperanza"
    assert picture["satisfaction"]["csat"] is None

    found = client.get("/api/v1/contacts", params={"q": "quiñones"}).json()
    assert [c["id"] for c in found["items"]] == [contact["id"]]


def test_an_email_belongs_to_one_contact(client):
    client.post("/api/v1/contacts", json={"name": "Ana", "emails": ["ana@example.com"]})
    response = client.post(
        "/api/v1/contacts", json={"name": "Otra Ana", "emails": ["ANA@example.com"]}
    )
    assert response.status_code == 409
    assert response.json()["error"]["fields"] == {"emails": "taken"}
    assert client.get("/api/v1/contacts").json()["total"] == 1


def test_batch_upsert_is_idempotent(client):
    rows = [
        {
            "source": "shop",
            "external_id": f"c{i}",
            "name": f"Cliente {i}",
            "emails": [f"c{i}@example.com"],
        }
        for i in range(5)
    ]
    first = client.post("/api/v1/contacts/batch", json=rows).json()
    assert (first["created"], first["updated"], first["unchanged"]) == (5, 0, 0)
    again = client.post("/api/v1/contacts/batch", json=rows).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 5)
    rows[0]["name"] = "Cliente Cero"
    changed = client.post("/api/v1/contacts/batch", json=rows).json()
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 4)
    assert client.get("/api/v1/contacts").json()["total"] == 5


def test_bad_row_in_a_batch_writes_nothing(client):
    rows = [
        {"source": "shop", "external_id": "ok", "name": "Bien", "emails": ["bien@example.com"]},
        {"source": "shop", "external_id": "bad", "name": "Mal", "company_external_id": "nope"},
    ]
    response = client.post("/api/v1/contacts/batch", json=rows)
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"company_external_id": "not found"}
    assert client.get("/api/v1/contacts").json()["total"] == 0


def test_orders_and_satisfaction_link_by_email(client):
    client.post("/api/v1/contacts", json={"name": "Luis", "emails": ["luis@example.com"]})
    orders = [
        {
            "external_id": "o-1",
            "number": "PED-1001",
            "contact_email": "luis@example.com",
            "total": "120.00",
            "placed_at": "2026-10-01T10:00:00-05:00",
            "items": [{"sku": "IMP-80", "name": "Impresora térmica", "unit_price": "120.00"}],
        }
    ]
    assert client.post("/api/v1/orders/batch", json=orders).json()["created"] == 1
    answers = [
        {
            "external_id": "s-1",
            "contact_email": "luis@example.com",
            "kind": "csat",
            "score": 5,
            "responded_at": "2026-10-02T10:00:00Z",
        },
        {
            "external_id": "s-2",
            "contact_email": "luis@example.com",
            "kind": "nps",
            "score": 3,
            "responded_at": "2026-10-03T10:00:00Z",
        },
    ]
    assert client.post("/api/v1/satisfaction/batch", json=answers).json()["created"] == 2
    contact_id = client.get("/api/v1/contacts").json()["items"][0]["id"]
    picture = client.get(f"/api/v1/contacts/{contact_id}").json()
    assert picture["orders"][0]["number"] == "PED-1001"
    assert picture["orders"][0]["placed_at"].startswith("2026-10-01T15:00:00")  # stored in UTC
    assert picture["satisfaction"] == {
        "csat": 100.0,
        "csat_count": 1,
        "nps": -100.0,
        "nps_count": 1,
    }


def test_satisfaction_scores_out_of_range_are_refused(client):
    response = client.post(
        "/api/v1/satisfaction/batch",
        json=[{"kind": "csat", "score": 9, "responded_at": "2026-10-02T10:00:00Z"}],
    )
    assert response.status_code == 422
    assert "between 1 and 5" in response.json()["error"]["message"]


def test_naive_datetimes_are_refused(client):
    response = client.post(
        "/api/v1/orders/batch",
        json=[{"number": "X", "total": "1", "placed_at": "2026-10-01T10:00:00"}],
    )
    assert response.status_code == 422
    assert "time zone" in response.json()["error"]["fields"]["0.placed_at"]


def test_viewer_can_read_but_not_write(app: Rumbo, client):
    client.post("/api/v1/companies", json=COMPANY)
    with client_for(app, "viewer") as viewer:
        assert viewer.get("/api/v1/companies").json()["total"] == 1
        response = viewer.post("/api/v1/companies", json={**COMPANY, "external_id": "x"})
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "permission_denied"
    assert client.get("/api/v1/companies").json()["total"] == 1


def test_two_rows_of_one_batch_cannot_share_an_email(client):
    rows = [
        {"source": "shop", "external_id": "a", "name": "Ana", "emails": ["comun@example.com"]},
        {"source": "shop", "external_id": "b", "name": "Bea", "emails": ["COMUN@example.com"]},
    ]
    response = client.post("/api/v1/contacts/batch", json=rows)
    assert response.status_code == 409
    assert "another contact in this batch" in response.json()["error"]["message"]
    assert client.get("/api/v1/contacts").json()["total"] == 0


def test_a_batch_may_move_an_email_from_one_contact_to_another(client):
    rows = [
        {"source": "shop", "external_id": "a", "name": "Ana", "emails": ["caja@example.com"]},
        {"source": "shop", "external_id": "b", "name": "Bea", "emails": ["bea@example.com"]},
    ]
    client.post("/api/v1/contacts/batch", json=rows)
    rows[0]["emails"] = ["ana@example.com"]
    rows[1]["emails"] = ["bea@example.com", "caja@example.com"]
    report = client.post("/api/v1/contacts/batch", json=rows).json()
    assert report["updated"] == 2
    bea = client.get("/api/v1/contacts", params={"q": "caja@"}).json()["items"]
    assert [c["name"] for c in bea] == ["Bea"]
