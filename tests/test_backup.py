"""`rumbo backup` / `rumbo restore`: an exact round trip on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.cli.main import cli
from rumbo.db import make_engine
from rumbo.ops.backup import backup, restore
from rumbo.ops.fingerprint import database_fingerprint
from tests.conftest import PG_URL_BASE, SYSTEM, _pg_admin, make_user

runner = CliRunner()


def _fill(app: Rumbo) -> None:
    from rumbo.crm.actions import contacts as contact_actions
    from rumbo.crm.schemas import ContactIn

    make_user(app, "ana@example.com", "agent", password=None)
    with app.unit_of_work(SYSTEM) as ctx:
        for n, name in enumerate(["Ñandú Pérez", "Zoë 🚀", "O'Brien; DROP TABLE x"]):
            contact_actions.create_contact(
                ctx, ContactIn(emails=[f"c{n}@example.com"], name=name, external_id=f"x{n}")
            )


@pytest.fixture
def empty_url(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A second, empty (unmigrated) database of the same backend."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"rumbo_r_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{PG_URL_BASE}/{name}"
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_round_trip_is_exact_and_restore_protects_data(
    app: Rumbo, empty_url: str, tmp_path: Path
) -> None:
    _fill(app)
    before = database_fingerprint(app.engine)
    assert before["contacts"].rows == 3
    target = tmp_path / "rumbo.backup"
    report = backup(app.engine, target)
    assert target.stat().st_size == report.size_bytes > 0
    assert report.tables == before

    empty = make_engine(empty_url)
    try:
        restored = restore(empty, target)
        assert restored.tables == before
        assert database_fingerprint(empty) == before
        # Restoring over data needs --force; with it, later changes are rolled back to the backup.
        from rumbo.errors import Conflict

        with pytest.raises(Conflict, match="force"):
            restore(empty, target)
        make_user(app, "late@example.com", "viewer", password=None)
        assert database_fingerprint(app.engine) != before
        again = restore(app.engine, target, force=True)
        assert again.tables == before
        assert database_fingerprint(app.engine) == before
    finally:
        empty.dispose()


def test_cli_backup_restore_and_clear_errors(
    app: Rumbo, empty_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(app)
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "copia.bak"
    made = runner.invoke(
        cli,
        ["backup", str(target), "--json"],
        env={"RUMBO_DATABASE_URL": app.settings.database_url},
    )
    assert made.exit_code == 0, made.output
    import json

    tables = json.loads(made.stdout)["tables"]
    assert tables["contacts"]["rows"] == 3

    env = {"RUMBO_DATABASE_URL": empty_url}
    done = runner.invoke(cli, ["restore", str(target), "--json"], env=env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["tables"] == tables

    refused = runner.invoke(cli, ["restore", str(target)], env=env)
    assert refused.exit_code == 2
    assert "--force" in refused.output
    forced = runner.invoke(cli, ["restore", str(target), "--force", "--json"], env=env)
    assert forced.exit_code == 0, forced.output

    junk = tmp_path / "junk.bak"
    junk.write_bytes(b"\x00\xffnot a backup")
    bad = runner.invoke(cli, ["restore", str(junk)], env=env)
    assert bad.exit_code == 2
    assert "not a Rumbo backup" in bad.output
    missing = runner.invoke(cli, ["restore", str(tmp_path / "nope.bak")], env=env)
    assert missing.exit_code == 2
    assert "does not exist" in missing.output


def test_backup_of_one_store_is_refused_by_the_other(tmp_path: Path) -> None:
    from rumbo import storage
    from rumbo.errors import ValidationFailed

    engine = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    storage.upgrade(engine)
    dump = tmp_path / "pg.dump"
    dump.write_bytes(b"PGDMP\x01\x0e\x00rest")
    with pytest.raises(ValidationFailed, match="comes from postgresql"):
        restore(engine, dump)
    engine.dispose()
