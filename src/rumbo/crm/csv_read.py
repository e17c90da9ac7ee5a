"""Reading a CSV file into validated CRM inputs, streaming, with every bad row reported.

Nothing here touches the database: the result is the rows that passed the schema and the rows that
did not (by line number, header being line 1), ready for :func:`rumbo.crm.csvio.run_import`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain
from typing import IO, Any

from pydantic import ValidationError

from rumbo.crm.csv_columns import (
    SCHEMAS,
    ColumnMapping,
    ColumnPlan,
    CrmInput,
    Kind,
    fields_of,
    infer_kind,
    plan_columns,
)
from rumbo.crm.csv_values import CellError, parse_cell
from rumbo.crm.schemas import ContactIn
from rumbo.errors import ValidationFailed
from rumbo.schemas import RowError

DELIMITERS = ",;\t"


@dataclass(frozen=True)
class ParsedRow:
    line: int
    data: CrmInput


@dataclass
class ParsedFile:
    """A whole file read: the plan of its columns, its good rows and its rejected ones."""

    plan: ColumnPlan
    inferred: bool
    rows: list[ParsedRow] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    total_rows: int = 0

    @property
    def kind(self) -> Kind:
        return self.plan.kind


def _file_error(message: str, where: str) -> ValidationFailed:
    return ValidationFailed(message, fields={"file": where})


def _binary(number: int) -> ValidationFailed:
    return _file_error(
        f"The file looks binary, not CSV text (a NUL byte near line {number}).",
        f"line {number}: binary data",
    )


def _encoding_problem(
    number: int, raw: bytes, exc: UnicodeDecodeError, ahead: bytes
) -> ValidationFailed:
    if b"\x00" in ahead:  # an image or a spreadsheet saved as .xlsx, not text in another encoding
        return _binary(number)
    byte = raw[exc.start : exc.start + 1].hex().upper()
    try:
        raw.decode("cp1252")
        guess = "it looks like Latin-1 / Windows-1252"
    except UnicodeDecodeError:
        guess = "the encoding is unknown"
    return _file_error(
        f"The file is not valid UTF-8: line {number} has the byte 0x{byte} at position "
        f"{exc.start + 1} ({guess}). Save it as UTF-8 (in Excel: 'CSV UTF-8') and try again; "
        "nothing was imported.",
        f"line {number}: not UTF-8",
    )


def decoded_lines(stream: IO[bytes], on_bytes: Callable[[int], None] | None) -> Iterator[str]:
    """The file's lines as text, refusing binary data and anything that is not UTF-8."""
    for number, raw in enumerate(stream, start=1):
        if b"\x00" in raw:
            raise _binary(number)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _encoding_problem(number, raw, exc, raw + stream.read(8192)) from None
        if on_bytes is not None:
            on_bytes(len(raw))
        yield text.removeprefix("\ufeff") if number == 1 else text


def sniff_delimiter(header_line: str) -> str:
    """The separator used most outside quotes in the header: ``,``, ``;`` or tab."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def records(lines: Iterator[str]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header cells, and the non-blank records as (first line number, cells)."""
    skipped = 0
    for first in lines:
        if first.strip():
            break
        skipped += 1
    else:
        raise _file_error(
            "The file is empty: it needs a header line and at least one row.", "empty"
        )
    reader = csv.reader(chain([first], lines), delimiter=sniff_delimiter(first))
    try:
        header = [cell.strip() for cell in next(reader)]
    except csv.Error as exc:
        raise _file_error(
            f"Line {skipped + 1} is not valid CSV: {exc}.", f"line {skipped + 1}"
        ) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        end = reader.line_num
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _file_error(
                    f"Line {skipped + end + 1} is not valid CSV: {exc}.",
                    f"line {skipped + end + 1}",
                ) from None
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                yield skipped + start, cells

    return header, rows()


def _field_of_model_error(message: str, kind: Kind) -> str:
    # Whole-row checks ("renewal_date is before contract_start") name their field first.
    words = message.removeprefix("Value error, ").split()
    return words[0] if words and words[0] in fields_of(kind) else "row"


def schema_errors(line: int, kind: Kind, exc: ValidationError) -> list[RowError]:
    """One entry per problem pydantic found, naming the field and, briefly, the cell."""
    errors: list[RowError] = []
    for err in exc.errors():
        loc = err.get("loc", ())
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        if not loc:
            errors.append(
                RowError(row=line, field=_field_of_model_error(message, kind), reason=message)
            )
            continue
        if err.get("type") == "missing":
            message = "required; the cell is empty"
        elif len(loc) > 1:
            message = f"item {'.'.join(str(p) for p in loc[1:])}: {message}"
        value = err.get("input")
        if len(loc) == 1 and isinstance(value, str) and value not in message:
            message = f"{message} (got '{value}')"
        errors.append(RowError(row=line, field=str(loc[0]), reason=message))
    return errors


def parse_row(
    line: int, cells: list[str], plan: ColumnPlan, source: str | None
) -> CrmInput | list[RowError]:
    """The validated input for one record, or every problem it has."""
    width = len(plan.headers)
    if any(cell.strip() for cell in cells[width:]):
        return [
            RowError(
                row=line,
                field="row",
                reason=f"has {len(cells)} cells but the header has {width} columns",
            )
        ]
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for cell, target in zip(cells, plan.targets, strict=False):
        text = cell.strip()
        if target is None or not text:
            continue
        try:
            values[target] = parse_cell(target, text)
        except CellError as exc:
            errors.append(RowError(row=line, field=target, reason=str(exc)))
    if source and "source" not in values:
        values["source"] = source
    try:
        data = SCHEMAS[plan.kind].model_validate(values)
    except ValidationError as exc:
        # A cell that could not be read is reported once, not again as "required".
        failed = {e.field for e in errors}
        return errors + [e for e in schema_errors(line, plan.kind, exc) if e.field not in failed]
    return errors or data


def duplicates(kind: Kind, rows: list[ParsedRow]) -> list[RowError]:
    """Rows that repeat an external id, or (contacts) give an email or handle to two people."""
    errors: list[RowError] = []
    seen: dict[tuple[str, str, str], int] = {}

    def claim(row: ParsedRow, key: tuple[str, str, str], field: str, what: str) -> None:
        first = seen.setdefault(key, row.line)
        if first != row.line:
            errors.append(
                RowError(row=row.line, field=field, reason=f"{what} is also on line {first}")
            )

    for row in rows:
        data = row.data
        if data.external_id:
            claim(
                row,
                ("id", data.source, data.external_id),
                "external_id",
                f"duplicate external id {data.external_id}",
            )
        if isinstance(data, ContactIn):
            for email in data.emails:
                claim(row, ("email", "", email), "emails", f"email {email}")
            for handle in data.handles:
                claim(
                    row,
                    ("handle", handle.network, handle.handle),
                    "handles",
                    f"handle {handle.network}:{handle.handle}",
                )
    return errors


def parse_csv(
    stream: IO[bytes],
    *,
    kind: Kind | None = None,
    mapping: ColumnMapping | None = None,
    source: str | None = None,
    ignore_unknown: bool = False,
    on_bytes: Callable[[int], None] | None = None,
) -> ParsedFile:
    """Read a whole CSV file (UTF-8, ``,``/``;``/tab separated) into inputs for ``kind``.

    Problems with the file itself (encoding, empty, unknown columns) raise
    :class:`ValidationFailed`; problems with rows are collected in ``rejected``.
    """
    mapping = mapping or ColumnMapping(fields={})
    header, rows = records(decoded_lines(stream, on_bytes))
    chosen = kind or infer_kind(header, mapping)
    parsed = ParsedFile(
        plan=plan_columns(header, chosen, mapping, ignore_unknown=ignore_unknown),
        inferred=kind is None,
    )
    for line, cells in rows:
        parsed.total_rows += 1
        result = parse_row(line, cells, parsed.plan, source)
        if isinstance(result, list):
            parsed.rejected.extend(result)
        else:
            parsed.rows.append(ParsedRow(line=line, data=result))
    if parsed.total_rows == 0:
        raise _file_error("The file has a header but no rows to import.", "no rows")
    dup = duplicates(chosen, parsed.rows)
    if dup:
        bad = {e.row for e in dup}
        parsed.rows = [r for r in parsed.rows if r.line not in bad]
        parsed.rejected = sorted([*parsed.rejected, *dup], key=lambda e: e.row)
    return parsed
