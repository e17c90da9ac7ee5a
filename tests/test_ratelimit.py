"""Rate limits on sign-in and the assistant: HTTP 429 with Retry-After, per address and client."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rumbo.app import Rumbo
from rumbo.ratelimit import MemoryBuckets, RateLimited, RateLimiter, Rule
from rumbo.settings import Settings
from tests.conftest import SECRET_KEY, client_for, make_user

PASSWORD = "contraseña-segura"


@pytest.fixture
def limited_app(sqlite_template: Path, tmp_path: Path) -> Iterator[Rumbo]:
    # The limiter lives in memory whatever the store, so SQLite alone covers it.
    target = tmp_path / "rumbo.db"
    shutil.copyfile(sqlite_template, target)
    settings = Settings(
        database_url=f"sqlite:///{target}",
        secret_key=SECRET_KEY,
        rate_limit_sign_in=3,
        rate_limit_assistant=2,
    )
    app = Rumbo(settings)
    yield app
    app.dispose()


def test_token_bucket_refills_evenly_and_keys_are_independent() -> None:
    store = MemoryBuckets()
    rule = Rule("t", capacity=2, per_seconds=10)
    assert store.take("a", rule, now=0.0) == 0
    assert store.take("a", rule, now=0.0) == 0
    wait = store.take("a", rule, now=0.0)
    assert wait == pytest.approx(5.0)  # one token every 5 s
    assert store.take("b", rule, now=0.0) == 0  # another key has its own bucket
    assert store.take("a", rule, now=5.0) == 0  # refilled after the wait
    assert store.take("a", rule, now=5.0) > 0

    limiter = RateLimiter(MemoryBuckets(max_keys=10))
    off = Rule("off", capacity=0)
    for _ in range(50):
        limiter.check(off, "x")  # 0 means no limit
    one = Rule("one", capacity=1, per_seconds=60)
    limiter.check(one, "y")
    with pytest.raises(RateLimited) as caught:
        limiter.check(one, "y")
    assert caught.value.retry_after >= 1
    assert caught.value.headers == {"Retry-After": str(caught.value.retry_after)}


def test_a_bounded_store_forgets_old_keys_instead_of_growing() -> None:
    store = MemoryBuckets(max_keys=100)
    rule = Rule("t", capacity=1, per_seconds=60)
    for n in range(1000):
        store.take(f"k{n}", rule, now=0.0)
    assert len(store._buckets) <= 100


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found[1]


def _sign_in(client: TestClient, email: str, password: str):  # type: ignore[no-untyped-def]
    token = _csrf(client.get("/login").text)
    form = {"email": email, "password": password, "csrf_token": token, "next": ""}
    return client.post("/login", data=form, follow_redirects=False)


def test_sign_in_is_limited_per_address_and_account(limited_app: Rumbo) -> None:
    make_user(limited_app, "ana@example.com", "agent", PASSWORD)
    make_user(limited_app, "beto@example.com", "agent", PASSWORD)
    with TestClient(limited_app.asgi()) as browser:
        codes = [_sign_in(browser, "ana@example.com", "wrong").status_code for _ in range(3)]
        assert codes == [401, 401, 401]
        blocked = _sign_in(browser, "ANA@example.com ", PASSWORD)
        assert blocked.status_code == 429
        assert int(blocked.headers["Retry-After"]) >= 1
        assert "Demasiados intentos" in blocked.text
        # Even the right password is refused while blocked: guessing gains nothing.
        assert browser.get("/tickets", follow_redirects=False).status_code in {303, 307}
        # Another account from the same address is not affected.
        assert _sign_in(browser, "beto@example.com", PASSWORD).status_code == 303


def test_the_assistant_is_limited_per_client_with_retry_after(limited_app: Rumbo) -> None:
    first = client_for(limited_app, "agent")
    second = client_for(limited_app, "agent")
    question = {"question": "¿Cuánto tarda el envío a Oaxaca?"}
    with first, second:
        answers = [first.post("/api/v1/assistant/ask", json=question) for _ in range(3)]
        assert [a.status_code for a in answers[:2]] == [200, 200]
        limited = answers[2]
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        body = limited.json()["error"]
        assert body["code"] == "rate_limited"
        assert "wait" in body["message"]
        assert second.post("/api/v1/assistant/ask", json=question).status_code == 200
    with limited_app.reading() as session:
        from sqlalchemy import func, select

        from rumbo.assistant.models import AssistantQuestion

        # The refused question was not stored.
        assert session.scalar(select(func.count(AssistantQuestion.id))) == 3


def test_the_portal_assistant_is_limited_per_customer(limited_app: Rumbo) -> None:
    from rumbo.crm.actions.contacts import create_contact
    from rumbo.crm.schemas import ContactIn
    from rumbo.portal.actions import request_login_link
    from rumbo.portal.schemas import LoginRequestIn
    from rumbo.web.portal import PORTAL_ACTOR

    with limited_app.unit_of_work(PORTAL_ACTOR) as ctx:
        create_contact(ctx, ContactIn(name="Ana Ruiz", emails=["ana@ruiz.mx"]))
    with limited_app.unit_of_work(PORTAL_ACTOR) as ctx:
        link = request_login_link(ctx, LoginRequestIn(email="ana@ruiz.mx"))
    assert link is not None
    with TestClient(limited_app.asgi(), follow_redirects=False) as browser:
        assert browser.get(f"/portal/auth?token={link.token}").status_code == 303
        codes = []
        for _ in range(3):
            token = _csrf(browser.get("/portal/assistant").text)
            form = {"question": "¿Dónde está mi pedido?", "csrf_token": token}
            codes.append(browser.post("/portal/assistant", data=form))
        assert [r.status_code for r in codes[:2]] == [303, 303]
        assert codes[2].status_code == 429
        assert int(codes[2].headers["Retry-After"]) >= 1
        assert "Demasiadas preguntas" in codes[2].text
        assert "¿Dónde está mi pedido?" in codes[2].text  # the question is kept for later
