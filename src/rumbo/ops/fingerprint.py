"""What a database holds, table by table: row counts and a content hash.

Two databases with equal fingerprints hold the same rows, whatever their physical order, so a
backup can be proven by fingerprinting the source and the restored copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    sha256: str


def _row_digest(row: tuple[Any, ...]) -> bytes:
    # repr() is exact for the types a driver returns (bytes, Decimal, datetimes, floats).
    return hashlib.sha256(repr(row).encode("utf-8", "surrogatepass")).digest()


def _is_internal(engine: Engine, table: str) -> bool:
    # SQLite's own bookkeeping tables are rebuilt on restore and say nothing about the content.
    return engine.dialect.name == "sqlite" and table.startswith("sqlite_")


def database_fingerprint(engine: Engine) -> dict[str, TableFingerprint]:
    """Every table's row count and a hash of its rows, independent of row order."""
    fingerprints: dict[str, TableFingerprint] = {}
    names = sorted(inspect(engine).get_table_names())
    preparer = engine.dialect.identifier_preparer
    with engine.connect() as conn:
        for name in names:
            if _is_internal(engine, name):
                continue
            result = conn.execute(text(f"SELECT * FROM {preparer.quote(name)}"))  # noqa: S608 - reflected name, quoted
            digests = sorted(_row_digest(tuple(row)) for row in result)
            total = hashlib.sha256()
            for digest in digests:
                total.update(digest)
            fingerprints[name] = TableFingerprint(rows=len(digests), sha256=total.hexdigest())
    return fingerprints


def holds_data(engine: Engine) -> bool:
    """Whether any table other than the schema version has a row."""
    names = [n for n in inspect(engine).get_table_names() if not _is_internal(engine, n)]
    preparer = engine.dialect.identifier_preparer
    with engine.connect() as conn:
        for name in names:
            if name == "alembic_version":
                continue
            found = conn.execute(text(f"SELECT 1 FROM {preparer.quote(name)} LIMIT 1")).first()  # noqa: S608 - reflected name, quoted
            if found is not None:
                return True
    return False
