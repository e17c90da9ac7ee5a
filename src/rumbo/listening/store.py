"""The pipeline's durable writes: mentions and their daily term counters.

Both are hot paths (thousands of rows per batch), so they are written for the driver directly,
with values converted by the columns' own types; both are idempotent by construction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from itertools import chain
from typing import TYPE_CHECKING, Any

import orjson

from rumbo.listening import hotpath
from rumbo.listening.models import Mention, TermCount

if TYPE_CHECKING:
    from sqlalchemy.engine import CursorResult, Dialect

    from rumbo.context import Context
    from rumbo.listening.enrich import Enrichment
    from rumbo.listening.sources.parse import MentionDraft

MENTION_COLUMNS = (
    "source",
    "external_id",
    "author",
    "author_audience",
    "url",
    "text",
    "language",
    "created_at",
    "received_at",
    "contact_id",
    "company_id",
    "sentiment",
    "sentiment_score",
    "complaint",
    "complaint_score",
    "topic",
    "terms",
)
ROW_SQLITE = "(" + ", ".join("?" * len(MENTION_COLUMNS)) + ")"
# SQLite's statements: 17 values a row, well under its 32,766 parameters a statement.
ROWS_PER_STATEMENT = 1000
_UPSERT = (
    "INSERT INTO mention_term_counts (bucket, term, mentions, negative, complaints) "
    "VALUES ({}) ON CONFLICT (bucket, term) DO UPDATE SET "
    "mentions = mention_term_counts.mentions + excluded.mentions, "
    "negative = mention_term_counts.negative + excluded.negative, "
    "complaints = mention_term_counts.complaints + excluded.complaints"
)
# Positional rows: the driver binds a tuple faster than it looks names up in a dict.
COUNT_UPSERT_QMARK = _UPSERT.format("?, ?, ?, ?, ?")
COUNT_UPSERT_FORMAT = _UPSERT.format("%s, %s, %s, %s, %s")


def insert_mentions(
    ctx: Context,
    drafts: Sequence[MentionDraft],
    enrichments: Sequence[Enrichment],
    people: dict[str, tuple[int, int | None]],
) -> set[tuple[str, str]]:
    """Insert the batch; return the ``(source, external_id)`` of the rows that were new.

    ``INSERT … ON CONFLICT DO NOTHING RETURNING`` written for the driver (multi-row ``VALUES``
    on SQLite, one array a column on PostgreSQL): the returned keys are exactly the rows this
    transaction added, whoever else writes at the same time, and the per-row cost stays a
    tuple and two conversions.
    """
    connection = ctx.session.connection()
    dialect = connection.dialect
    table = Mention.__table__
    when: Callable[[dt.datetime], Any] | None = table.c.created_at.type.dialect_impl(
        dialect
    ).bind_processor(dialect)
    if dialect.name == "sqlite" and when is not None:
        when = hotpath.sqlite_utc
    postgres = dialect.name == "postgresql"
    now = dt.datetime.now(dt.UTC)
    received = when(now) if when else now
    rows = hotpath.mention_rows(drafts, enrichments, people, when or _same, received, _terms_json)
    inserted: set[tuple[str, str]] = set()
    if postgres:
        # One array a column: a short statement the driver parses once and the server plans
        # once, where thousands of placeholders were re-split on every batch (most of the
        # PostgreSQL ingestion time).
        result = connection.exec_driver_sql(
            _unnest_insert(dialect), tuple(list(column) for column in zip(*rows, strict=True))
        )
        inserted.update(_keys(result))
        return inserted
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        sql = (
            f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) VALUES "  # noqa: S608 - fixed names
            + ", ".join([ROW_SQLITE] * len(chunk))
            + " ON CONFLICT (source, external_id) DO NOTHING RETURNING source, external_id"
        )
        result = connection.exec_driver_sql(sql, tuple(chain.from_iterable(chunk)))
        inserted.update(_keys(result))
    return inserted


def _keys(result: CursorResult[Any]) -> list[tuple[str, str]]:
    """The ``RETURNING source, external_id`` rows as the driver gives them: tuples already, so
    no result row is built and unpacked again for each mention."""
    keys: list[tuple[str, str]] = list(result.cursor.fetchall())
    result.close()
    return keys


_UNNEST_INSERT: dict[str, str] = {}


def _unnest_insert(dialect: Dialect) -> str:
    """PostgreSQL's batch insert: each column an array, cast to the column's own type (the
    statement is the same for every PostgreSQL engine: built once)."""
    sql = _UNNEST_INSERT.get(dialect.name)
    if sql is None:
        table = Mention.__table__
        arrays = ", ".join(
            f"%s::{table.c[name].type.compile(dialect=dialect)}[]" for name in MENTION_COLUMNS
        )
        sql = _UNNEST_INSERT[dialect.name] = (
            f"INSERT INTO mentions ({', '.join(MENTION_COLUMNS)}) "  # noqa: S608 - fixed names
            f"SELECT * FROM unnest({arrays}) "
            "ON CONFLICT (source, external_id) DO NOTHING RETURNING source, external_id"
        )
    return sql


def count_terms(ctx: Context, new: Sequence[tuple[MentionDraft, Enrichment]]) -> None:
    """Add the batch to the per-day term counters (``mention_term_counts``)."""
    days = hotpath.day_counters(new)
    if not days:
        return
    # Thousands of small rows per batch: sent straight to the driver, with each day's bucket
    # converted once by the column's own type, instead of through per-row statement compiling.
    connection = ctx.session.connection()
    dialect = connection.dialect
    column_type = TermCount.__table__.c.bucket.type
    convert = column_type.dialect_impl(dialect).bind_processor(dialect)
    sql = COUNT_UPSERT_QMARK if dialect.paramstyle == "qmark" else COUNT_UPSERT_FORMAT
    connection.exec_driver_sql(sql, hotpath.count_rows(days, convert or _same))


def _same(value: dt.datetime) -> Any:
    return value


def _terms_json(terms: list[str]) -> str:
    # orjson writes UTF-8 as it is (what ensure_ascii=False did), six times faster.
    return orjson.dumps(terms).decode()
