"""Facts a request states: durations, amounts, percentages, leaked data, competitors, dates.

Only what the words say is taken; nothing is guessed. Each extractor reads accent-folded, lower-case
text for matching but returns the original spelling where the draft will quote it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rumbo.text import fold

WORD_NUMBERS = {
    "un": 1, "una": 1, "uno": 1, "one": 1, "an": 1, "a": 1, "dos": 2, "two": 2, "tres": 3,
    "three": 3, "cuatro": 4, "four": 4, "cinco": 5, "five": 5, "seis": 6, "six": 6, "siete": 7,
    "seven": 7, "ocho": 8, "eight": 8, "nueve": 9, "nine": 9, "diez": 10, "ten": 10, "doce": 12,
    "twelve": 12, "veinticuatro": 24, "media": 0.5, "half": 0.5,
}  # fmt: skip
_NUM = r"(\d+(?:[.,]\d+)?|" + "|".join(sorted(WORD_NUMBERS, key=len, reverse=True)) + ")"
_UNITS = {
    "hours": r"horas?|hrs?|h|hours?",
    "minutes": r"minutos?|mins?|minutes?",
    "days": r"dias?|days?",
}
CURRENCY_SYMBOLS = {
    "us$": "USD", "usd": "USD", "dolares": "USD", "dollars": "USD", "dolar": "USD",
    "dollar": "USD", "€": "EUR", "eur": "EUR", "euros": "EUR", "euro": "EUR", "mxn": "MXN",
    "cop": "COP", "ars": "ARS", "clp": "CLP", "pen": "PEN", "s/": "PEN", "soles": "PEN",
    "pesos": "pesos", "$": "USD",
}  # fmt: skip
# Canonical key -> (es label, en label, patterns on folded text).
DATA_TYPES: dict[str, tuple[str, str, str]] = {
    "names": ("nombres", "names", r"\bnombres?\b|\bnames?\b"),
    "emails": (
        "correos electrónicos",
        "email addresses",
        r"correos?(?: electronicos?)?\b|e-?mails?|email addresses",
    ),
    "phones": ("teléfonos", "phone numbers", r"telefonos?|celulares|phone numbers?|phones?"),
    "addresses": (
        "direcciones postales",
        "postal addresses",
        r"direcciones(?! de correo)|domicilios|postal addresses|home addresses|"
        r"(?<!email )(?<!e-mail )\baddresses\b",
    ),
    "passwords": ("contraseñas", "passwords", r"contrasenas?|claves de acceso|passwords?"),
    "cards": (
        "datos de tarjetas de pago",
        "payment card data",
        r"tarjetas?|card numbers?|credit cards?|payment cards?",
    ),
    "bank": ("datos bancarios", "bank details", r"datos bancarios|cuentas bancarias|bank"),
    "ids": (
        "números de documento de identidad",
        "national ID numbers",
        r"\b(?:dni|rut|curp|rfc|cedulas?|documentos? de identidad|id numbers?|national ids?)\b",
    ),
    "birthdates": (
        "fechas de nacimiento",
        "dates of birth",
        r"fechas? de nacimiento|dates? of birth|birth ?dates?",
    ),
    "purchases": (
        "historial de compras",
        "purchase history",
        r"historial de compras|purchase history|order history",
    ),
}
MARKETS = {
    "MX": r"mexico|mexican[oa]s?|mexican",
    "CO": r"colombia(?:n[oa]s?|ns?)?",
    "AR": r"argentin[oa]s?|argentina",
    "CL": r"chile(?:n[oa]s?|ans?)?",
    "PE": r"peru(?:an[oa]s?|ans?)?",
    "ES": r"espana|spain|espanol(?:es|as)? en espana",
}
_MONTHS = (
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|"
    r"diciembre|january|february|march|april|may|june|july|august|september|october|november|"
    r"december"
)
DATE_PATTERNS = (
    rf"\b\d{{1,2}} de (?:{_MONTHS})(?: de \d{{4}})?\b",
    rf"\b(?:{_MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?\b",
    r"\b\d{4}-\d{2}-\d{2}\b",
    r"\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b",
)
TIME_PATTERN = (
    r"\b(?:de |from |a las |at )(\d{1,2}(?::\d{2})?\s?(?:h|hs|am|pm|a\.m\.|p\.m\.)?"
    # Not a time when more digits follow, even after a separator: "de 3.000 clientes".
    r"(?:\s?(?:a|to|-)\s?\d{1,2}(?::\d{2})?\s?(?:h|hs|am|pm)?)?)(?![\d.,]?\d)"
)
RELATIVE_DAYS = (
    r"\b(?:hoy|manana|pasado manana|today|tomorrow|el (?:lunes|martes|miercoles|jueves|viernes|"
    r"sabado|domingo)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)
COMPENSATION = {
    "discount": r"descuentos?|discounts?",
    "credit": r"creditos?|bonificacion(?:es)?|credits?",
    "refund": r"reembolsos?|devolucion del dinero|refunds?",
    "free_period": r"(?:mes|meses|semana|semanas) gratis|free (?:months?|weeks?)",
}


def number(value: str) -> float | int:
    """``"5"`` → 5, ``"2,5"`` → 2.5, ``"cinco"`` → 5."""
    folded = fold(value.strip())
    if folded in WORD_NUMBERS:
        return WORD_NUMBERS[folded]
    parsed = float(folded.replace(",", "."))
    return int(parsed) if parsed.is_integer() else parsed


def durations(folded: str) -> dict[str, float | int]:
    found: dict[str, float | int] = {}
    folded = re.sub(r"\bhalf an? (hour|minute|day)", r"0.5 \1", folded)
    for unit, pattern in _UNITS.items():
        match = re.search(rf"(?<![\w%]){_NUM}\s*(?:{pattern})\b", folded)
        if match:
            found[f"duration_{unit}"] = number(match.group(1))
    return found


def amount(original: str) -> dict[str, Any]:
    """The first amount of money with its currency, as written and as a number."""
    symbols = "|".join(re.escape(s) for s in sorted(CURRENCY_SYMBOLS, key=len, reverse=True))
    before = re.search(rf"(?i)({symbols})\s?(\d[\d.,]*\d|\d)", fold_keep(original))
    after = re.search(rf"(?i)(\d[\d.,]*\d|\d)\s?({symbols})(?![\w])", fold_keep(original))
    match, symbol, digits = None, "", ""
    if before and (not after or before.start() <= after.start()):
        match, symbol, digits = before, before.group(1), before.group(2)
    elif after:
        match, symbol, digits = after, after.group(2), after.group(1)
    if match is None:
        return {}
    currency, end = CURRENCY_SYMBOLS[symbol.lower()], match.end()
    # "$1.250 MXN": the code after the figure says which dollar-sign currency it is.
    code = re.match(r"\s?([A-Z]{3})\b", original[end:])
    if symbol == "$" and code and code.group(1) in CURRENCY_SYMBOLS.values():
        currency, end = code.group(1), end + code.end()
    return {
        "amount": _money_value(digits),
        "currency": currency,
        "amount_text": original[match.start() : end],
    }


def fold_keep(text: str) -> str:
    """Accent-fold without changing length, so match positions map back onto the original."""
    folded = fold(text)
    return folded if len(folded) == len(text) else text.lower()


def _money_value(digits: str) -> float | int:
    # "1.500,50" (es) and "1,500.50" (en): the last separator followed by 1-2 digits is decimal.
    match = re.fullmatch(r"(.*?)[.,](\d{1,2})", digits)
    whole, decimals = (match.group(1), match.group(2)) if match else (digits, "")
    whole = re.sub(r"[.,]", "", whole)
    value = float(f"{whole}.{decimals}") if decimals else float(whole)
    return int(value) if value.is_integer() else value


def percent(folded: str) -> float | int | None:
    match = re.search(r"(\d+(?:[.,]\d+)?)\s?(?:%|por ciento|percent)", folded)
    return number(match.group(1)) if match else None


# "Escribe un correo", "send emails to customers": the channel asked for, not data that leaked.
_CHANNEL_WORDS = re.compile(
    r"\b(?:un|una|el|an?|the|por|by|via)\s+(?:correo|e-?mail)\b"
    r"|\b(?:envi\w*|mand\w*|escrib\w*|redact\w*|send\w*|writ\w*|draft\w*)\s+"
    r"(?:\w+\s+)?(?:correos?|e-?mails?)\b"
)


def data_types(folded: str) -> list[str]:
    text = _CHANNEL_WORDS.sub(" ", folded)
    return [key for key, (_es, _en, pattern) in DATA_TYPES.items() if re.search(pattern, text)]


def data_type_labels(keys: Iterable[str], language: str) -> list[str]:
    index = 0 if language == "es" else 1
    return [DATA_TYPES[k][index] for k in keys if k in DATA_TYPES]


def markets(folded: str) -> list[str]:
    return [code for code, pattern in MARKETS.items() if re.search(rf"\b(?:{pattern})\b", folded)]


def person_name(original: str) -> str | None:
    """The first name of the person a request writes to: "reply to Laura who…", "a Laura, que…"."""
    match = re.search(
        r"\b(?:to|for|a|para)\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñ]{2,})\b"
        r"(?=\s*(?:,|who|whose|that|about|que|quien|cuyo|cuya|porque|por|sobre|$))",
        original,
    )
    return match.group(1) if match else None


def order_number(original: str) -> str | None:
    """``"pedido #4521"`` → ``"4521"``: the order a request is about, as written."""
    match = re.search(
        r"(?i)\b(?:pedido|orden|compra|order)\s*(?:n[°ºo.]*\s*|number\s*)?#\s*([A-Z0-9][\w-]{2,})",
        original,
    )
    return match.group(1) if match else None


def dates(original: str) -> dict[str, str]:
    folded = fold_keep(original)
    found: dict[str, str] = {}
    for pattern in (*DATE_PATTERNS, RELATIVE_DAYS):
        match = re.search(pattern, folded)
        if match:
            found["date"] = original[match.start() : match.end()]
            break
    time = re.search(TIME_PATTERN, folded)
    if time:
        found["time"] = original[time.start(1) : time.end(1)].strip()
    return found


def competitor(original: str) -> dict[str, str]:
    """The competitor's name (a capitalised or quoted name after the word) and what it offers."""
    found: dict[str, str] = {}
    named = re.search(
        r"(?i:competidor(?:a)?|competitor|rival|la competencia|empresa)\s+"
        r"(?i:llamad[oa]\s+|called\s+|named\s+|,\s*)?"
        r"[\"«“']?((?:[A-Z][\w&.\-]*)(?:\s(?:[A-Z][\w&.\-]*))*)",
        original,
    )
    if named:
        found["competitor"] = named.group(1).rstrip(".")
    offer = re.search(
        r"(?i)\b(?:ofrece|ofrecen|ofreciendo|promete|prometen|offers?|offering|promis\w+)\s+"
        r"([^,.;:\n]+?)(?=\s+(?:y|and|a|to|para|for|si|if)\s+(?:nuestros|our|clientes|"
        r"customers|quienes|those)\b|[,.;:\n]|$)",
        original,
    )
    if offer:
        found["competitor_offer"] = offer.group(1).strip()
    return found


def compensation(original: str, *, exclude: Sequence[str] = ()) -> dict[str, Any]:
    """Compensation the company offers (discount, credit, refund), with its figure if given.

    Clauses that speak about a competitor's offer are skipped (``exclude`` holds their text).
    """
    # Clauses end at ; or a full stop, but not at the point of "49.90".
    for clause in re.split(r"(?<!\d)\.|\.(?!\d)|[;\n]|,\s", original):
        if any(part and part in clause for part in exclude):
            continue
        folded = fold(clause)
        if re.search(r"competi|rival", folded):
            continue
        for kind, pattern in COMPENSATION.items():
            if re.search(rf"\b(?:{pattern})\b", folded):
                found: dict[str, Any] = {"kind": kind}
                share = percent(folded)
                if share is not None:
                    found["percent"] = share
                money = amount(clause)
                if money:
                    found["amount_text"] = money["amount_text"]
                return found
    return {}


def products(original: str, catalogue: Sequence[Mapping[str, Any]] = ()) -> list[str]:
    """Products named in the request: catalogue names and aliases, then quoted names."""
    folded = fold(original)
    found: list[str] = []
    for item in catalogue:
        names = [str(item.get("name", "")), *[str(a) for a in item.get("aliases", []) or []]]
        for name in names:
            if len(name) >= 3 and re.search(rf"\b{re.escape(fold(name))}\b", folded):
                found.append(str(item.get("name")))
                break
    for quoted in re.findall(r"[\"«“]([^\"»”]{2,60})[\"»”]", original):
        if quoted not in found:
            found.append(quoted.strip())
    return found
