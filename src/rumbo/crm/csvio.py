"""CRM data in and out of CSV files: companies, contacts, orders and satisfaction answers.

The format
    UTF-8 (with or without BOM), separated by ``,``, ``;`` or tab (guessed from the header), one
    record per row, the header on the first line. Headers are the input schema's field names or
    common Spanish/English names ("Correo electrónico", "Asientos", "Trato"…), compared without
    case or accents; other columns are mapped explicitly (``Columna=field``; ``Columna=-`` skips
    one). Emails, phones and handles (``network:handle``) hold several values separated by ``;``
    or ``|``; an order's ``items`` is a JSON list. An empty cell means "not given" (the schema's
    default applies).

References
    Contacts name their company by ``company_external_id`` (same ``source`` as the contact) or
    ``company_id``; orders and answers name their contact by ``contact_email`` or ``contact_id``.
    A reference that does not resolve is a bad row.

Importing
    Every row is validated and every problem reported as (line, field, reason), the header being
    line 1. Rows are then written through the batch upsert actions inside one unit of work: a dry
    run rolls that unit of work back, so it checks references against the database and reports
    exactly what a real import would create, update or leave unchanged, without keeping anything.
    A real import is all or nothing: one bad row and nothing is kept. When the upsert itself
    refuses the batch, each row is replayed in a savepoint (always rolled back) to find which.

Records without an external id
    The export writes them with the external id ``rumbo:<their id>``. When a file comes back with
    such an id in the same source, the import first gives the stored record that external id
    (:func:`rumbo.crm.actions.claim_external_ids`, audited once) and then upserts as usual, so an
    export followed by an import reports every row unchanged, and does again the next time. In
    another installation the same rows are simply created under those ids.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError

from rumbo.accounts.access import role_allows
from rumbo.crm import actions
from rumbo.crm.csv_columns import KINDS, LOCAL_ID_PREFIX, ColumnMapping, CrmInput, Kind
from rumbo.crm.csv_export import write_csv
from rumbo.crm.csv_read import ParsedFile, ParsedRow, parse_csv
from rumbo.crm.schemas import CompanyIn, ContactIn, OrderIn, SatisfactionIn
from rumbo.errors import Conflict, PermissionDenied, ValidationFailed
from rumbo.schemas import BatchReport, RowError

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Actor, Context

__all__ = [
    "KINDS",
    "ColumnMapping",
    "ImportReport",
    "Kind",
    "ParsedFile",
    "parse_csv",
    "run_import",
    "write_csv",
]

ENTITY: dict[Kind, str] = {
    "companies": "company",
    "contacts": "contact",
    "orders": "order",
    "satisfaction": "satisfaction",
}
LOCAL_ID = re.compile(re.escape(LOCAL_ID_PREFIX) + r"(\d+)")


class ImportReport(BaseModel):
    """What an import did, or what a dry run would do; ``rejected`` lists every bad row."""

    kind: Kind
    dry_run: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = Field(default_factory=list)
    rows: int = Field(0, description="Data rows read from the file.")
    warnings: list[str] = Field(default_factory=list)


class _Discard(Exception):
    """Raised inside a unit of work to roll it back on purpose, carrying what it computed."""

    def __init__(self, counts: BatchReport) -> None:
        super().__init__("discarded")
        self.counts = counts


def _upsert(ctx: Context, kind: Kind, rows: Sequence[CrmInput]) -> BatchReport:
    ctx.require("crm.import")
    claims = [
        (int(match.group(1)), row.source, row.external_id)
        for row in rows
        if row.external_id and (match := LOCAL_ID.fullmatch(row.external_id))
    ]
    if claims:
        actions.claim_external_ids(ctx, ENTITY[kind], claims)
    if kind == "companies":
        return actions.upsert_companies(ctx, [r for r in rows if isinstance(r, CompanyIn)])
    if kind == "contacts":
        return actions.upsert_contacts(ctx, [r for r in rows if isinstance(r, ContactIn)])
    if kind == "orders":
        return actions.upsert_orders(ctx, [r for r in rows if isinstance(r, OrderIn)])
    return actions.upsert_satisfaction(ctx, [r for r in rows if isinstance(r, SatisfactionIn)])


def _row_error(line: int, exc: Exception) -> RowError:
    if isinstance(exc, ValidationFailed | Conflict):
        return RowError(row=line, field=next(iter(exc.fields), "row"), reason=exc.message)
    return RowError(row=line, field="row", reason="conflicts with a record already stored")


def _locate_failures(app: Rumbo, actor: Actor, kind: Kind, rows: list[ParsedRow]) -> list[RowError]:
    """Replay rows one by one, each in a savepoint that is rolled back, to find the bad ones."""
    errors: list[RowError] = []
    try:
        with app.unit_of_work(actor) as ctx:
            for row in rows:
                savepoint = ctx.session.begin_nested()
                try:
                    _upsert(ctx, kind, [row.data])
                except (ValidationFailed, Conflict, IntegrityError, DataError) as exc:
                    errors.append(_row_error(row.line, exc))
                finally:
                    savepoint.rollback()
            raise _Discard(BatchReport())
    except _Discard:
        pass
    return errors


def _attempt(
    app: Rumbo, actor: Actor, kind: Kind, rows: list[ParsedRow], *, commit: bool
) -> tuple[BatchReport, list[RowError]]:
    """Upsert ``rows`` in one unit of work, kept only when ``commit`` and nothing failed."""
    if not rows:
        return BatchReport(), []
    try:
        with app.unit_of_work(actor) as ctx:
            counts = _upsert(ctx, kind, [row.data for row in rows])
            if not commit:
                raise _Discard(counts)
        return counts, []
    except _Discard as discarded:
        return discarded.counts, []
    except (ValidationFailed, Conflict, IntegrityError, DataError) as exc:
        errors = _locate_failures(app, actor, kind, rows)
        if not errors:
            # Only the batch as a whole fails (rows that clash with each other in the database).
            raise ValidationFailed(
                f"The {kind} could not be imported together: {_row_error(0, exc).reason}. "
                "Nothing was written.",
                fields={"file": "rows conflict"},
            ) from exc
        failed = {e.row for e in errors}
        good = [row for row in rows if row.line not in failed]
        counts, more = _attempt(app, actor, kind, good, commit=False)
        return counts, errors + more


def run_import(app: Rumbo, actor: Actor, parsed: ParsedFile, *, dry_run: bool) -> ImportReport:
    """Write the file's rows, all or nothing, or (``dry_run``) only say what would change.

    Needs ``crm.import``. Every bad row, found by the schema or by the database, is in
    ``rejected``; when there is one, a real import writes nothing and reports zero counts.
    """
    if not role_allows(actor.role, "crm.import"):
        raise PermissionDenied(f"Your role ({actor.role}) does not allow crm.import.")
    commit = not dry_run and not parsed.rejected
    counts, refused = _attempt(app, actor, parsed.kind, parsed.rows, commit=commit)
    rejected = sorted([*parsed.rejected, *refused], key=lambda e: e.row)
    report = ImportReport(
        kind=parsed.kind, dry_run=dry_run, rows=parsed.total_rows, rejected=rejected
    )
    if dry_run or not rejected:
        report.created, report.updated, report.unchanged = (
            counts.created,
            counts.updated,
            counts.unchanged,
        )
    anonymous = sum(1 for row in parsed.rows if not row.data.external_id)
    if anonymous:
        report.warnings.append(
            f"{anonymous} row(s) have no external id: importing the file again creates them "
            "again. Add an external_id column to make the import repeatable."
        )
    return report
