"""A patch that sets to null what a record must always have is refused, naming the field.

A patch leaves out what it does not change, so an explicit null asks to empty a field: allowed
where a record may lack the value (a ticket's topic, a rule's quiet hours), a clear 422 where it
may not (a company's seats, a ticket's status), and the record stays as it was either way.
"""

from __future__ import annotations

import pytest


def _created(client, path: str, body: dict) -> int:
    response = client.post(path, json=body)
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


@pytest.mark.parametrize(
    ("path", "body", "refused", "allowed"),
    [
        (
            "/api/v1/companies",
            {"name": "Ferretería La Esperanza", "seats": 25, "price_per_user": "18.50"},
            ["seats", "price_per_user", "name"],
            "renewal_date",
        ),
        ("/api/v1/contacts", {"name": "Sofía Pérez", "emails": ["s@example.com"]}, ["name"], None),
        (
            "/api/v1/articles",
            {"title": "¿Cómo pago?", "body_md": "Con tarjeta.", "category": "Pagos"},
            ["title", "body_md", "status"],
            "review_at",
        ),
        (
            "/api/v1/tickets",
            {"subject": "No llega mi pedido"},
            ["status", "tags", "subject"],
            "topic",
        ),
        (
            "/api/v1/alert-rules",
            {"name": "Caídas", "terms": ["caida"]},
            ["terms", "name"],
            "quiet_start",
        ),
    ],
)
def test_null_for_a_required_field_is_a_422_and_changes_nothing(
    client, path: str, body: dict, refused: list[str], allowed: str | None
) -> None:
    record_id = _created(client, path, body)
    before = client.get(f"{path}/{record_id}") if path != "/api/v1/alert-rules" else None
    for field in refused:
        response = client.patch(f"{path}/{record_id}", json={field: None})
        assert response.status_code == 422, (field, response.text)
        assert response.json()["error"]["fields"] == {field: "may not be null"}
    if before is not None:
        assert client.get(f"{path}/{record_id}").json() == before.json()
    if allowed is not None:
        response = client.patch(f"{path}/{record_id}", json={allowed: None})
        assert response.status_code == 200, response.text
        assert response.json()[allowed] is None
