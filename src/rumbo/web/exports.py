"""Tables as CSV files that a spreadsheet opens as they are, accents and all.

Excel only reads a CSV as UTF-8 when it starts with a byte-order mark, and in Spanish-speaking
locales it splits columns on ``;`` (the comma is the decimal separator there), so both are used;
the csv module quotes any cell holding a ``;``, a quote or a line break.

Cells that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` and a few control
characters first) are prefixed with an apostrophe when they are text: mentions and subjects are
written by the public, and a cell must never become a formula on the team's computers. Numbers
pass unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

BOM = "\ufeff"
DELIMITER = ";"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def wants_csv(request: Request) -> bool:
    """``?format=csv`` asks for the page's table as a file."""
    return request.query_params.get("format") == "csv"


def cell(value: Any) -> Any:
    """A value as the spreadsheet should see it: numbers as numbers, text made inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The whole file as text, byte-order mark first."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Response:
    """A download named ``filename`` (ASCII, with the RFC 5987 form for anything else)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_").replace('"', "")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        csv_text(header, rows).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": disposition,
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
