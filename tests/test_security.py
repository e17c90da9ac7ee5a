"""Secrets stay out of logs, and session cookies cannot be read by scripts or sent cross-site."""

from __future__ import annotations

import logging
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rumbo.app import Rumbo
from rumbo.settings import Settings
from tests.conftest import make_token, make_user

PASSWORD = "Contraseña-MuySecreta-ñ-2024"


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found[1]


def test_tokens_and_passwords_never_reach_the_logs(
    app: Rumbo, caplog: pytest.LogCaptureFixture
) -> None:
    user_id = make_user(app, "ana@example.com", "admin", PASSWORD)
    token = make_token(app, user_id)
    # Everything, at every level, including each SQL statement and its parameters.
    app.engine.echo = True
    caplog.set_level(logging.DEBUG)
    with TestClient(app.asgi()) as browser:
        form = {"email": "ana@example.com", "password": PASSWORD}
        form["csrf_token"] = _csrf(browser.get("/login").text)
        signed_in = browser.post("/login", data=form, follow_redirects=False)
        assert signed_in.status_code == 303
        browser.post("/logout", data={"csrf_token": _csrf(browser.get("/tickets").text)})
        wrong = dict(form, password=PASSWORD + "x", csrf_token=_csrf(browser.get("/login").text))
        assert browser.post("/login", data=wrong).status_code == 401
    with TestClient(app.asgi(), headers={"Authorization": f"Bearer {token}"}) as api:
        assert api.get("/api/v1/me").status_code == 200
        assert api.get("/api/v1/users").status_code == 200
    with TestClient(app.asgi(), headers={"Authorization": f"Bearer {token}x"}) as bad:
        assert bad.get("/api/v1/me").status_code == 401
    logged = caplog.text
    assert "SELECT" in logged  # the capture really saw the SQL log
    for secret in (PASSWORD, token, token[8:]):
        assert secret not in logged


@pytest.mark.parametrize("secure", [False, True])
def test_session_cookie_is_httponly_samesite_and_secure_when_asked(
    settings: Settings, secure: bool
) -> None:
    app = Rumbo(settings.model_copy(update={"cookie_secure": secure}))
    try:
        make_user(app, "ana@example.com", "agent", PASSWORD)
        base = "https://testserver" if secure else "http://testserver"
        with TestClient(app.asgi(), base_url=base) as browser:
            form = {"email": "ana@example.com", "password": PASSWORD}
            form["csrf_token"] = _csrf(browser.get("/login").text)
            response = browser.post("/login", data=form, follow_redirects=False)
        assert response.status_code == 303
        cookie = next(
            v for v in response.headers.get_list("set-cookie") if v.startswith("rumbo_session=")
        )
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert "httponly" in flags
        assert "samesite=lax" in flags
        assert ("secure" in flags) is secure
    finally:
        app.dispose()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_served_access_log_hides_secrets_in_links(tmp_path: Path, workers: int) -> None:
    """A real `rumbo serve` (one process, or several workers): the one-time token in a sign-in
    link never reaches its log."""
    import httpx

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "RUMBO_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "rumbo",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=tmp_path,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1)
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline
                    assert proc.poll() is None
                    time.sleep(0.2)
            if workers > 1:  # uvicorn's worker processes are children of the served one
                assert len(_children(proc.pid)) >= workers
            secret = "tok-Zq81secretvalue"
            httpx.get(f"http://127.0.0.1:{port}/portal/auth?token={secret}&lang=es", timeout=10)
            httpx.get(f"http://127.0.0.1:{port}/help?q=envío&password={secret}", timeout=10)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "/portal/auth?token=***" in written  # the request was logged, redacted
    assert secret not in written


def _children(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (read from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found
