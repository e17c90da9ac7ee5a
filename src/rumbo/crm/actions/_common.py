"""What the CRM's actions share: snapshots for the audit log and lookups by external id."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import select

from rumbo.context import Context
from rumbo.schemas import BatchReport

T = TypeVar("T")
CHUNK = 500  # bound IN (...) lists: SQLite and PostgreSQL both take this comfortably


def snapshot(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def find_external(ctx: Context, model: Any, source: str, external_id: str) -> Any:
    return ctx.session.scalar(
        select(model).where(model.source == source, model.external_id == external_id)
    )


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def record_batch(ctx: Context, entity: str, report: BatchReport) -> None:
    """One audit entry per batch, with its counts: one per row would drown the log."""
    ctx.record(
        f"{entity}.batch_upserted",
        entity,
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
