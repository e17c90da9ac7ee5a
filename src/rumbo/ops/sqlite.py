"""SQLite backups through the online backup API (consistent while others keep writing)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from sqlalchemy.engine import Engine

from rumbo.db import make_engine
from rumbo.errors import ValidationFailed


def database_path(engine: Engine) -> Path:
    name = engine.url.database
    if not name or name == ":memory:":
        raise ValidationFailed(
            "An in-memory SQLite database cannot be backed up or restored.",
            fields={"database_url": str(engine.url)},
        )
    return Path(name)


def engine_for(path: Path) -> Engine:
    return make_engine(f"sqlite:///{path}")


def backup(engine: Engine, target: Path) -> None:
    source_path = database_path(engine)
    if not source_path.exists():
        raise ValidationFailed(
            "The SQLite database does not exist yet.", fields={"database": str(source_path)}
        )
    # Written beside the target and renamed: a crash never leaves a half-written backup behind.
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    source = sqlite3.connect(source_path)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)
        # A backup is one self-contained file: no WAL beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        copy.commit()
    finally:
        copy.close()
        source.close()
    os.replace(partial, target)


def restore(engine: Engine, source: Path) -> None:
    target_path = database_path(engine)
    engine.dispose()
    backup_db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        _check_is_rumbo(backup_db, source)
        target = sqlite3.connect(target_path)
        try:
            # The backup API replaces every page of the target in one step, WAL included.
            backup_db.backup(target)
            with contextlib.closing(target.cursor()) as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            target.close()
    finally:
        backup_db.close()


def _check_is_rumbo(conn: sqlite3.Connection, source: Path) -> None:
    try:
        found = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
    except sqlite3.DatabaseError as exc:
        raise ValidationFailed(
            f"The backup file cannot be read: {exc}", fields={"file": str(source)}
        ) from None
    if found is None:
        raise ValidationFailed(
            "The SQLite file is not a Rumbo database (no schema version).",
            fields={"file": str(source)},
        )
