"""`rumbo backup` and `rumbo restore`: a consistent copy of the store, and putting it back.

SQLite uses its online backup API, so a copy taken while Rumbo serves is still consistent;
PostgreSQL uses ``pg_dump``/``pg_restore`` in the custom format. A restore never replaces a
database that holds data unless asked to (``force``), because that is how history gets lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from rumbo.errors import Conflict, ValidationFailed
from rumbo.ops import postgres, sqlite
from rumbo.ops.fingerprint import TableFingerprint, database_fingerprint, holds_data

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class BackupReport:
    path: Path
    backend: str
    size_bytes: int
    tables: dict[str, TableFingerprint]

    def as_dict(self) -> dict[str, object]:
        return {
            "path": str(self.path),
            "backend": self.backend,
            "size_bytes": self.size_bytes,
            "tables": {
                name: {"rows": fp.rows, "sha256": fp.sha256} for name, fp in self.tables.items()
            },
        }


def _backend(engine: Engine) -> str:
    return "sqlite" if engine.dialect.name == "sqlite" else "postgresql"


def backup(engine: Engine, target: Path, *, fingerprint: bool = True) -> BackupReport:
    """Write a consistent copy of the database behind ``engine`` to ``target``."""
    if target.is_dir():
        raise ValidationFailed(
            "The backup file is a folder; give a file name.", fields={"file": str(target)}
        )
    if not target.parent.exists():
        raise ValidationFailed(
            "The folder for the backup file does not exist.", fields={"file": str(target)}
        )
    backend = _backend(engine)
    if backend == "sqlite":
        sqlite.backup(engine, target)
        tables = database_fingerprint(sqlite.engine_for(target)) if fingerprint else {}
    else:
        postgres.dump(engine, target)
        # pg_dump reads one snapshot; fingerprinting the live database afterwards could differ
        # under writes, so the figure describes the database as it is now.
        tables = database_fingerprint(engine) if fingerprint else {}
    return BackupReport(target, backend, target.stat().st_size, tables)


def backup_kind(source: Path) -> str:
    """Which store a backup file comes from, by its first bytes."""
    if not source.is_file():
        raise ValidationFailed("The backup file does not exist.", fields={"file": str(source)})
    with source.open("rb") as handle:
        head = handle.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise ValidationFailed(
        "The file is not a Rumbo backup (neither a SQLite database nor a pg_dump archive).",
        fields={"file": str(source)},
    )


def restore(engine: Engine, source: Path, *, force: bool = False) -> BackupReport:
    """Replace the database behind ``engine`` with the backup in ``source``."""
    kind = backup_kind(source)
    backend = _backend(engine)
    if kind != backend:
        raise ValidationFailed(
            f"This backup comes from {kind}, but the configured store is {backend}.",
            fields={"file": str(source)},
        )
    if not force and holds_data(engine):
        raise Conflict(
            "The database already holds data; restoring would replace it. "
            "Use --force to replace it anyway.",
            fields={"database": "not empty"},
        )
    if backend == "sqlite":
        sqlite.restore(engine, source)
    else:
        postgres.restore(engine, source)
    engine.dispose()
    return BackupReport(source, backend, source.stat().st_size, database_fingerprint(engine))
