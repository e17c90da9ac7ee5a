"""Who may open each page: the routes are enumerated, so a new page cannot ship unguarded.

Public pages are named here one by one. Every other page sends an anonymous visitor to sign in
(the staff to ``/login``, customers to the portal's own sign-in), and refuses a signed-in person
whose role grants no permission at all, before it looks anything up: the ids asked for do not
exist, and the answer is still 403, never 404 or the page. Forms are sent with a valid CSRF
token, so a refusal is the role's, not the token's. (The API has the same test of its own,
``test_api_access.py``.)
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from rumbo.accounts import access
from rumbo.app import Rumbo
from tests.conftest import make_user, page_routes

PASSWORD = "contraseña-segura"
# Pages anyone may open, and the forms anyone may send (each with its own checks: CSRF,
# a signed token in the address, rate limits).
PUBLIC = {
    ("GET", "/help"),
    ("GET", "/help/search"),
    ("GET", "/help/suggest"),
    ("GET", "/help/categories/{category_slug}"),
    ("GET", "/help/articles/{slug}"),
    ("POST", "/help/articles/{article_id}/feedback"),
    ("GET", "/status"),
    ("POST", "/status/subscribe"),
    ("GET", "/status/confirm/{token}"),
    ("GET", "/status/unsubscribe/{token}"),
    ("POST", "/status/unsubscribe/{token}"),
    ("GET", "/widget"),
    ("POST", "/widget"),
    ("GET", "/widget.js"),
    ("POST", "/widget/contact"),
    ("GET", "/login"),
    ("POST", "/login"),
    ("POST", "/logout"),
    ("GET", "/portal/login"),
    ("POST", "/portal/login"),
    ("GET", "/portal/auth"),
    ("POST", "/portal/logout"),
}
# Open to anyone signed in, whatever their role: the way in, and the insights index (which
# lists only the reports the role may read).
SIGNED_IN = {("GET", "/"), ("GET", "/insights")}
# Path parameters that name an action rather than a thing.
STEPS = {"/crisis/alerts/{alert_id}/{step}": "ack", "/crisis/updates/{update_id}/{step}": "approve"}


def _guarded(app: Rumbo) -> list[tuple[str, str, str]]:
    """(method, route, address) of every page route that is not public, ids that do not exist."""
    found = []
    for path, methods in page_routes(app):
        if path.startswith(("/api", "/static", "/docs")):
            continue
        for method in sorted(methods - {"HEAD"}):
            if (method, path) in PUBLIC:
                continue
            address = path.replace("{step}", STEPS.get(path, "{step}"))
            found.append((method, path, re.sub(r"\{\w+?(?::\w+)?\}", "987654", address)))
    return found


def test_public_pages_are_named_and_every_other_page_sends_visitors_to_sign_in(app: Rumbo):
    routes = {(m, p) for p, methods in page_routes(app) for m in methods}
    assert routes >= PUBLIC, sorted(PUBLIC - routes)  # the list names only real routes
    guarded = _guarded(app)
    assert len(guarded) >= 60
    anon = TestClient(app.asgi(), raise_server_exceptions=False)
    for method, path, address in guarded:
        response = anon.request(method, address, follow_redirects=False)
        sign_in = "/portal/login" if path.startswith("/portal") else "/login"
        if (method, path) == ("GET", "/"):
            sign_in = "/tickets"  # which then asks to sign in
        assert response.status_code == 303, (method, path, response.status_code)
        assert response.headers["location"].startswith(sign_in), (method, path)


def test_a_role_without_permissions_is_refused_every_staff_page_and_form(
    app: Rumbo, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setitem(access.PERMISSIONS, "viewer", frozenset())
    make_user(app, "nadie@example.com", "viewer", PASSWORD)
    browser = TestClient(app.asgi(), raise_server_exceptions=False)
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/login").text)
    assert token
    form = {"email": "nadie@example.com", "password": PASSWORD, "csrf_token": token[1]}
    assert browser.post("/login", data=form, follow_redirects=False).status_code == 303
    # Signing in renews the token: the forms below carry the signed-in session's.
    token = re.search(r'name="csrf_token" value="([^"]+)"', browser.get("/insights").text)
    assert token
    checked = 0
    for method, path, address in _guarded(app):
        if path.startswith("/portal") or (method, path) in SIGNED_IN:
            continue
        data = {"csrf_token": token[1]} if method == "POST" else None
        response = browser.request(method, address, data=data, follow_redirects=False)
        assert response.status_code == 403, (method, path, response.status_code)
        assert "Sin permiso" in response.text, (method, path)  # the role's refusal, not CSRF's
        checked += 1
    assert checked >= 50
    # Still signed in (no refusal ended the session), and the open pages open.
    assert browser.get("/insights").status_code == 200
