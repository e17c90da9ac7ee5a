"""The `rumbo` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumbo.cli.main import cli

runner = CliRunner()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUMBO_DATABASE_URL", raising=False)
    return tmp_path


def test_help_is_fast_because_heavy_libraries_stay_unimported():
    code = (
        "import sys; from rumbo.cli.main import cli; from typer.testing import CliRunner;"
        "CliRunner().invoke(cli, ['--help']);"
        "heavy = [m for m in ('sqlalchemy', 'fastapi', 'uvicorn', 'alembic', 'argon2', 'psycopg')"
        " if m in sys.modules]; print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_init_creates_the_sqlite_file_in_the_working_folder(workdir: Path):
    result = runner.invoke(cli, ["init", "--json"])
    assert result.exit_code == 0, result.output
    from rumbo import storage
    from rumbo.db import make_engine

    engine = make_engine(f"sqlite:///{workdir / 'rumbo.db'}")
    assert json.loads(result.stdout)["revision"] == storage.head_revision(engine)
    engine.dispose()
    assert (workdir / "rumbo.db").exists()


def test_database_url_selects_the_store_for_every_command(workdir: Path):
    env = {
        "RUMBO_DATABASE_URL": f"sqlite:///{workdir / 'other.db'}",
        "RUMBO_NEW_PASSWORD": "clave-larga-123",
    }
    result = runner.invoke(
        cli, ["user", "add", "ana@example.com", "--role", "admin", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    assert (workdir / "other.db").exists()
    assert not (workdir / "rumbo.db").exists()
    token = runner.invoke(cli, ["token", "create", "ana@example.com", "--json"], env=env)
    assert json.loads(token.stdout)["token"].startswith("rmb_")


def test_user_errors_name_the_field_and_exit_2(workdir: Path):
    env = {"RUMBO_NEW_PASSWORD": "clave-larga-123"}
    runner.invoke(cli, ["user", "add", "ana@example.com"], env=env)
    again = runner.invoke(cli, ["user", "add", "ana@example.com"], env=env)
    assert again.exit_code == 2
    assert "already exists" in again.stderr
    assert "email" in again.stderr
    bad_role = runner.invoke(cli, ["user", "add", "b@example.com", "--role", "jefe"], env=env)
    assert bad_role.exit_code == 2
    assert "role" in bad_role.stderr
    short = runner.invoke(cli, ["user", "add", "c@example.com"], env={"RUMBO_NEW_PASSWORD": "x"})
    assert short.exit_code == 2
    assert "password" in short.stderr
    missing = runner.invoke(cli, ["token", "create", "nadie@example.com"])
    assert missing.exit_code == 2
    assert "no user" in missing.stderr


def test_config_hides_secrets(workdir: Path):
    env = {
        "RUMBO_SECRET_KEY": "super-secreto-123456",
        "RUMBO_DATABASE_URL": f"sqlite:///{workdir / 'x.db'}",
    }
    result = runner.invoke(cli, ["config", "--json"], env=env)
    assert result.exit_code == 0, result.output
    assert "super-secreto" not in result.stdout
    assert json.loads(result.stdout)["secret_key"] == "***"


def test_bad_configuration_is_reported_by_variable_name(workdir: Path):
    result = runner.invoke(cli, ["init"], env={"RUMBO_PORT": "noventa"})
    assert result.exit_code == 2
    assert "RUMBO_PORT" in result.stderr


def test_serve_answers_health_over_real_http(workdir: Path):
    """`rumbo serve` as a real process on a free port; the health endpoint answers."""
    import http.client
    import socket
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "RUMBO_DATABASE_URL": f"sqlite:///{workdir / 'serve.db'}"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "rumbo", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=workdir,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).json()
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise
                time.sleep(0.2)
        assert body["status"] == "ok"
        # An idle keep-alive connection is still open after uvicorn's default 5 s: under load, a
        # server that closes it races the next request a client sends on it.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            conn.request("GET", "/api/v1/health")
            assert conn.getresponse().read()
            first = conn.sock
            time.sleep(6)
            conn.request("GET", "/api/v1/health")  # a closed socket: RemoteDisconnected
            assert conn.getresponse().status == 200
            assert conn.sock is first
        finally:
            conn.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
