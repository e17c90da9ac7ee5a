"""Who gets in: every API route needs a user, except health; tokens are hashed and revocable."""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import select

from rumbo.accounts.models import ApiToken
from rumbo.api.routes import api_routes
from rumbo.app import Rumbo

PUBLIC_ROUTES = {("GET", "/api/v1/health")}


def _address(path: str, ident: str) -> str:
    """The route's path with every id set to ``ident`` (and the CRM kind to contacts)."""
    return re.sub(r"\{(\w+)\}", lambda m: "contacts" if m[1] == "kind" else ident, path)


def test_every_api_route_requires_authentication(app: Rumbo, anon):
    """Enumerates the routes, so a new route cannot ship unguarded."""
    checked = 0
    for method, path in api_routes():
        if (method, path) in PUBLIC_ROUTES:
            continue
        response = anon.request(method, _address(path, "1"), json={})
        assert response.status_code == 401, (method, path, response.text)
        assert response.json()["error"]["code"] == "not_authenticated"
        checked += 1
    assert checked >= 20


# What any signed-in person may do with their own account, whatever their role.
SELF_SERVICE = {
    ("GET", "/api/v1/me"),
    ("GET", "/api/v1/tokens"),
    ("POST", "/api/v1/tokens"),
    ("DELETE", "/api/v1/tokens/{token_id}"),
}


def test_every_api_read_and_delete_refuses_a_role_without_permissions(app: Rumbo, monkeypatch):
    """Enumerates the routes too: a role granted nothing reads and deletes nothing. (A write
    whose body is malformed is refused for that first, with a 422: nothing is stored either
    way.) The ids asked for do not exist: the refusal comes before the lookup."""
    from rumbo.accounts import access
    from tests.conftest import client_for

    monkeypatch.setitem(access.PERMISSIONS, "viewer", frozenset())
    client = client_for(app, "viewer")
    checked = 0
    for method, path in api_routes():
        if method not in {"GET", "DELETE"} or (method, path) in PUBLIC_ROUTES | SELF_SERVICE:
            continue
        response = client.request(method, _address(path, "987654"))
        assert response.status_code == 403, (method, path, response.text)
        assert response.json()["error"]["code"] == "permission_denied"
        checked += 1
    assert checked >= 40


def test_health_is_public(anon):
    body = anon.get("/api/v1/health").json()
    assert body["status"] == "ok"
    assert body["database"] in {"sqlite", "postgresql"}


def test_a_wrong_token_is_refused(anon):
    response = anon.get("/api/v1/me", headers={"Authorization": "Bearer rmb_not-a-token"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_tokens_are_stored_hashed_and_can_be_revoked(app: Rumbo, client, admin_token):
    issued = client.post("/api/v1/tokens", json={"name": "integración"}).json()
    secret = issued["token"]
    assert secret.startswith("rmb_")
    with app.reading() as session:
        hashes = set(session.scalars(select(ApiToken.token_hash)))
    assert hashlib.sha256(secret.encode()).hexdigest() in hashes
    assert secret not in hashes
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"}).json()["email"]
        == "admin@example.com"
    )

    client.delete(f"/api/v1/tokens/{issued['id']}")
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401
    # The token the client itself uses still works.
    assert client.get("/api/v1/me").status_code == 200
    listed = client.get("/api/v1/tokens").json()
    assert "token" not in listed[0]


def test_only_admins_manage_users(app: Rumbo, client):
    from tests.conftest import client_for

    created = client.post(
        "/api/v1/users",
        json={
            "email": "Legal@Example.com",
            "name": "Lucía",
            "role": "legal",
            "password": "muy-secreta-1",
        },
    )
    assert created.status_code == 201
    assert created.json()["email"] == "legal@example.com"
    assert "password" not in created.json()
    with client_for(app, "agent") as agent:
        response = agent.post("/api/v1/users", json={"email": "x@example.com", "name": "X"})
        assert response.status_code == 403
        assert agent.get("/api/v1/users").status_code == 403
    bad_role = client.post(
        "/api/v1/users", json={"email": "y@example.com", "name": "Y", "role": "superuser"}
    )
    assert bad_role.status_code == 422
    assert "role" in bad_role.json()["error"]["fields"]


def test_openapi_is_served(anon):
    spec = anon.get("/api/openapi.json").json()
    assert "/api/v1/tickets" in spec["paths"]
    assert "/api/v1/companies" in spec["paths"]


def test_unknown_route_and_method_use_the_error_shape(client):
    assert client.get("/api/v1/nada").json()["error"]["code"] == "not_found"
    response = client.put("/api/v1/health")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_malformed_json_is_a_clear_4xx(client):
    response = client.post(
        "/api/v1/companies", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "validation_failed"
