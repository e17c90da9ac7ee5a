"""Crash safety: `rumbo import crm` killed with SIGKILL while writing leaves the import whole or
absent, and the next run completes it."""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from rumbo.app import Rumbo

ROWS = 3000


def _write_contacts(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["ID externo", "Nombre", "Email", "Idioma", "País", "Trato"])
        for n in range(ROWS):
            out.writerow(
                [f"CT-{n:05d}", f"Señora Número {n} 🚀", f"p{n}@example.com", "es", "MX", "usted"]
            )


def _writing_sqlite(url: str) -> bool:
    # Another writer holds the write lock exactly while its transaction is open.
    probe = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        probe.execute("ROLLBACK")
        return False
    finally:
        probe.close()


def _writing_postgres(url: str) -> bool:
    import psycopg

    database = url.rsplit("/", 1)[1]
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND backend_xid IS NOT NULL",
            (database,),
        ).fetchone()
    return bool(row and row[0])


def _import(url: str, csv_path: Path, cwd: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, RUMBO_DATABASE_URL=url)
    command = [sys.executable, "-m", "rumbo", "import", "crm", str(csv_path), "--json"]
    return subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _contacts(app: Rumbo) -> int:
    from rumbo.crm.models import Contact

    with app.reading() as session:
        return session.scalar(select(func.count(Contact.id))) or 0


def test_sigkill_during_a_csv_import_leaves_it_whole_or_absent(app: Rumbo, tmp_path: Path) -> None:
    url = app.settings.database_url
    writing = _writing_sqlite if app.settings.is_sqlite else _writing_postgres
    source = tmp_path / "contactos.csv"
    _write_contacts(source)

    proc = _import(url, source, tmp_path)
    deadline = time.monotonic() + 90
    while not writing(url):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.02)
    # The write lock is held only while the import's one transaction is open: kill it now.
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    # Killed inside its one transaction: nothing of it may be visible, not even a part.
    assert _contacts(app) == 0

    again = _import(url, source, tmp_path)
    out, err = again.communicate(timeout=120)
    assert again.returncode == 0, err
    assert f'"created": {ROWS}' in out
    assert _contacts(app) == ROWS
