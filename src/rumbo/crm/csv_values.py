"""Cell text to field values and back.

Reading is forgiving where spreadsheets differ (Spanish words for fixed values, ``31/01/2026``,
``12,50``, ``12.500`` followers); writing always produces the canonical form, which reading returns
unchanged, so an exported file imports back as "unchanged".
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any, Final

from rumbo.crm.csv_columns import fold

MULTI_SEPARATORS: Final = re.compile(r"[;|]")
EXPORT_SEPARATOR: Final = ";"


class CellError(ValueError):
    """A cell that cannot become a value for its field; the message is the reason."""


def split_multi(text: str) -> list[str]:
    """``"a@x.com; b@x.com | c@x.com"`` -> three values (empty pieces dropped)."""
    return [part.strip() for part in MULTI_SEPARATORS.split(text) if part.strip()]


def parse_handles(text: str) -> list[dict[str, str]]:
    handles: dict[tuple[str, str], dict[str, str]] = {}
    for part in split_multi(text):
        network, sep, handle = part.partition(":")
        if not sep or not network.strip() or not handle.strip():
            raise CellError(f"'{part}' should be network:handle, e.g. x:@ana")
        value = {"network": network.strip().lower(), "handle": handle.strip()}
        handles.setdefault((value["network"], value["handle"].lstrip("@").lower()), value)
    return list(handles.values())


def parse_json_list(text: str) -> list[Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CellError(f"is not valid JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(value, list):
        raise CellError('should be a JSON list, e.g. [{"sku": "A1", ...}]')
    return value


def parse_int(text: str) -> str:
    compact = text.replace(" ", "").replace("\u00a0", "")
    # "12.500" and "12,500" are thousands in Spanish and English spreadsheets respectively.
    if re.fullmatch(r"[1-9]\d{0,2}([.,]\d{3})+", compact):
        compact = re.sub(r"[.,]", "", compact)
    return compact


def parse_decimal(text: str) -> str:
    compact = text.replace(" ", "").replace("\u00a0", "").lstrip("$")
    if re.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?", compact):  # "1,234.50"
        return compact.replace(",", "")
    if re.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?", compact):  # "1.234,50"
        return compact.replace(".", "").replace(",", ".")
    if re.fullmatch(r"-?\d+,\d{1,2}", compact):  # "12,50": a decimal comma
        return compact.replace(",", ".")
    return compact


def parse_date(text: str) -> str:
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if match:  # day first, as written in Spanish-speaking countries
        day, month, year = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError as exc:
            raise CellError(f"'{text}' is not a date ({exc})") from None
    return text


def _words(table: dict[str, str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        folded = fold(text)
        return table.get(folded, folded.replace(" ", "_"))

    return parse


LANGUAGES: Final = {
    "espanol": "es",
    "castellano": "es",
    "spanish": "es",
    "ingles": "en",
    "english": "en",
    "portugues": "pt",
    "portuguese": "pt",
}
HEALTH: Final = {
    "saludable": "healthy",
    "sana": "healthy",
    "en observacion": "watch",
    "observacion": "watch",
    "vigilar": "watch",
    "en riesgo": "at_risk",
    "riesgo": "at_risk",
}
ORDER_STATUS: Final = {
    "pagado": "paid",
    "enviado": "shipped",
    "entregado": "delivered",
    "devuelto": "returned",
    "reembolsado": "refunded",
    "cancelado": "cancelled",
}

PARSERS: Final[dict[str, Callable[[str], Any]]] = {
    "emails": split_multi,
    "phones": split_multi,
    "handles": parse_handles,
    "items": parse_json_list,
    "country": str.upper,
    "currency": str.upper,
    "seats": parse_int,
    "health_score": parse_int,
    "audience_size": parse_int,
    "score": parse_int,
    "price_per_user": parse_decimal,
    "arr": parse_decimal,
    "total": parse_decimal,
    "contract_start": parse_date,
    "renewal_date": parse_date,
    "address_form": _words({}),
    "language": _words(LANGUAGES),
    "health": _words(HEALTH),
    "status": _words(ORDER_STATUS),
    "kind": _words({}),
}


def parse_cell(field: str, text: str) -> Any:
    """The value a non-empty, stripped cell gives ``field`` (the schema validates it next)."""
    parser = PARSERS.get(field)
    return parser(text) if parser else text


def format_cell(value: Any) -> str:
    """The canonical cell text for a stored value."""
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
        return EXPORT_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)
