"""Facts nobody gave (``unsupported_claim``) and CRM data left unused (``generic``).

A draft may only state numbers, amounts, durations, percentages, times and dates that come from
the request's facts, the CRM record or the brand voice (its phone number, for one): anything else
is invented, however plausible it sounds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rumbo.drafting.critic.textspan import (
    contact_spans,
    fold_same_length,
    overlaps,
    phrase_pattern,
)
from rumbo.drafting.critic.types import CriticContext, Finding

_CURRENCY = r"(?:US\$|USD|MXN|COP|ARS|CLP|PEN|EUR|S/\.?|\$|€)"
NUMBER = re.compile(
    rf"(?:{_CURRENCY}\s?)?"
    r"(?<![\w#@/\-])"
    r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\d+(?:[.,]\d+)*)"
    r"(?:\s?(?:%|k\b|M\b|mil\b))?"
)
# In facts, "22:00-23:00" holds two times: no look-behind there.
_LENIENT_NUMBER = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}|\d+(?:[.,]\d+)*")
_WORD_NUMBERS = {
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "quince": 15,
    "veinte": 20,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "cien": 100,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "hundred": 100,
}
_UNIT = (
    r"(?:horas?|dias?|minutos?|semanas?|meses|mes|anos?|veces|por\s+ciento|hours?|days?|"
    r"minutes?|weeks?|months?|years?|times|percent)"
)
WORD_NUMBER = re.compile(
    r"(?<!\w)(" + "|".join(_WORD_NUMBERS) + r")\s+(?:de\s+)?" + _UNIT + r"(?!\w)"
)
# The unit after a figure belongs to the claim: "5 horas", "40 seats", "3 de noviembre".
_AFTER_UNIT = re.compile(
    r"\s?(?:%|" + _UNIT[3:-1] + r"|h|min|puestos|seats|clientes|customers|comercios|"
    r"de\s+(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|"
    r"noviembre|diciembre))(?!\w)"
)
_LIST_MARKER = re.compile(r"(?:^|\n)\s*$")


def number_value(token: str) -> str:
    """A comparable key: ``"USD 49,90"`` and ``49.9`` both become ``"49.9"``."""
    core = re.sub(rf"^{_CURRENCY}\s?|\s?(?:%|k|M|mil)$", "", token.strip())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}", core):
        return core.lstrip("0") or "0"
    separators = re.findall(r"[.,]", core)
    if not separators:
        return _canon(float(core))
    last = max(core.rfind("."), core.rfind(","))
    tail = core[last + 1 :]
    if len(tail) == 3:  # 3.200 / 25,000 / 1.234.567: thousands separators
        return _canon(float(re.sub(r"[.,]", "", core)))
    whole = re.sub(r"[.,]", "", core[:last])
    return _canon(float(f"{whole}.{tail}"))


def _canon(value: float) -> str:
    return f"{round(value, 2):g}"


def _known_values(ctx: CriticContext) -> set[str]:
    known: set[str] = set()
    sources: list[Any] = [ctx.facts, ctx.crm or {}]
    if ctx.voice is not None:
        sources.append(ctx.voice.model_dump(mode="json"))
    for value in _leaves(sources):
        if isinstance(value, bool):
            continue
        if isinstance(value, int | float):
            known.add(_canon(float(value)))
        elif isinstance(value, str):
            for match in _LENIENT_NUMBER.finditer(value):
                token = match.group()
                known.add(number_value(token))
                # A date or time given as 2027-03-15 or 9:00 may be written "15 de marzo", "9 h".
                for part in re.split(r"[-:]", token) if re.fullmatch(r"[\d:-]+", token) else []:
                    known.add(_canon(float(part)))
            for match in WORD_NUMBER.finditer(fold_same_length(value)):
                known.add(_canon(float(_WORD_NUMBERS[match.group(1)])))
    return known


def _leaves(value: Any) -> Iterable[Any]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def unsupported_claims(
    text: str, folded: str, ctx: CriticContext, covered: list[tuple[int, int]]
) -> list[Finding]:
    """Numbers not in facts, CRM or voice; ``covered`` spans (reported already) are skipped."""
    known = _known_values(ctx)
    skip = contact_spans(text) + covered
    found: list[Finding] = []
    candidates: list[tuple[int, int, str]] = []
    for match in NUMBER.finditer(text):
        if _LIST_MARKER.search(text[: match.start()]) and text[match.end() : match.end() + 1] in {
            ".",
            ")",
        }:
            continue
        unit = _AFTER_UNIT.match(folded, match.end())
        end = unit.end() if unit else match.end()
        candidates.append((match.start(), end, number_value(match.group())))
    for match in WORD_NUMBER.finditer(folded):
        value = _canon(float(_WORD_NUMBERS[match.group(1)]))
        candidates.append((match.start(), match.end(), value))
    for start, end, value in candidates:
        if value in known or overlaps(skip, start, end):
            continue
        shown = text[start:end]
        found.append(
            Finding(
                "unsupported_claim",
                "warning",
                (
                    "“" + shown + "” is not in the request, the CRM or the brand voice."
                    if ctx.language == "en"
                    else "«" + shown + "» no está en la petición, el CRM ni la voz de la marca."
                ),
                start,
                end,
                (
                    "Remove it or confirm the figure before sending."
                    if ctx.language == "en"
                    else "Quítalo o confirma el dato antes de enviar."
                ),
                shown,
            )
        )
    return found


# CRM fields that say nothing personal ("es", "MX", "tu"): mentioning them is not personalising.
_NOT_PERSONAL = frozenset(
    {
        "language",
        "country",
        "address_form",
        "currency",
        "email",
        "status",
        "id",
        "market",
        "register",
        "role",
    }
)


def crm_terms(crm: Any) -> list[str]:
    """The CRM values a personalised text would mention: names, company, plan, orders..."""
    terms: list[str] = []
    items = crm.items() if isinstance(crm, dict) else enumerate(crm or [])
    for key, value in items:
        if key in _NOT_PERSONAL:
            continue
        if isinstance(value, dict | list):
            terms += crm_terms(value)
        elif isinstance(value, str) and len(value.strip()) >= 3:
            terms.append(value.strip())
            if key in {"name", "nombre", "contact", "full_name"}:
                terms.append(value.strip().split()[0])
        elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 2:
            terms.append(f"{value:g}")
    return terms


def generic(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    terms = [t for t in crm_terms(dict(ctx.crm or {})) if not re.fullmatch(r"[\d\-:]+", t)]
    if not terms:
        return []
    for term in terms:
        if phrase_pattern(term).search(folded):
            return []
    sample = ", ".join(terms[:3])
    return [
        Finding(
            "generic",
            "warning",
            (
                f"No personal detail used although the CRM has some ({sample})."
                if ctx.language == "en"
                else f"No usa ningún dato del cliente aunque el CRM los tiene ({sample})."
            ),
            0,
            0,
            (
                "Use the customer's name and what you know about their account."
                if ctx.language == "en"
                else "Usa el nombre del cliente y lo que sabes de su cuenta."
            ),
            "",
        )
    ]
