"""The facts a phrase may use, written out in the draft's language.

Everything here comes from the request (``Understood.facts``), the customer's CRM fields or the
brand voice. A field that is absent makes every phrase that names it unusable (see ``forms``).
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

from rumbo.drafting.composer import forms, phrases_en, phrases_es
from rumbo.drafting.context import Customer
from rumbo.drafting.facts import data_type_labels
from rumbo.drafting.understanding import Understood
from rumbo.drafting.voice import BrandVoice


def tables(language: str) -> ModuleType:
    return phrases_en if language == "en" else phrases_es


def known_fields(
    understood: Understood, customer: Customer | None, voice: BrandVoice | None, lang: str
) -> dict[str, str]:
    """Every fact a phrase may use, already written out in ``lang``."""
    words = tables(lang)
    facts = understood.facts
    known: dict[str, str] = {"service": forms.join_list(list(facts.get("products", [])), lang)}
    if not known["service"]:
        known["service"] = words.WORDS["service"]
    if facts.get("engineering_on_it"):
        known["engineering"] = words.WORDS["engineering"]
    durations = duration_text(facts, lang)
    if durations:
        known["duration"], known["about_duration"] = durations
    if facts.get("data_types"):
        known["data"] = forms.join_list(data_type_labels(facts["data_types"], lang), lang)
    compensation = facts.get("compensation") or {}
    if "percent" in compensation:
        known["percent"] = number_text(compensation["percent"], lang)
    if "amount_text" in compensation:
        known["amount"] = compensation["amount_text"]
    if facts.get("order"):
        known["request_order"] = str(facts["order"])
    if facts.get("person"):
        known["name"] = str(facts["person"])  # the CRM's name, below, wins when there is one
    news = news_clause(understood.request, lang)
    if news:
        known["news"] = news
    topic = topic_clause(understood.request)
    if topic and "news" not in known:
        known["topic"] = topic
    if customer is not None:
        known.update(customer_fields(customer, words, lang))
    if voice is not None:
        known.update(voice_fields(voice))
    return known


def customer_fields(customer: Customer, words: ModuleType, lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if customer.first_name:
        found["name"] = customer.first_name
    if customer.company:
        found["company"] = customer.company
    if customer.plan:
        found["plan"] = customer.plan
    if customer.seats:
        found["seats"] = str(customer.seats)
    if customer.price_per_user and customer.currency:
        amount = f"{customer.price_per_user:.2f}".removesuffix(".00")
        if lang == "es":
            found["price"] = f"{amount.replace('.', ',')} {customer.currency}"
        else:
            found["price"] = f"{customer.currency} {amount}"
    if customer.renewal_date:
        months = words.WORDS["months"]
        day, month = customer.renewal_date.day, months[customer.renewal_date.month - 1]
        year = customer.renewal_date.year
        found["renewal"] = f"{day} de {month}" if lang == "es" else f"{month} {day}, {year}"
    if customer.orders:
        found["order"] = customer.orders[0].number
    if customer.tickets:
        found["ticket"] = customer.tickets[0].subject
    return found


def voice_fields(voice: BrandVoice) -> dict[str, str]:
    found = {"brand": voice.name}
    contact = voice.contact
    for key, value in (
        ("support_email", contact.support_email),
        ("phone", contact.phone),
        ("help_center", contact.help_center_url),
        ("status_page", contact.status_page_url),
    ):
        if value:
            found[key] = value
    if voice.signature is not None:
        sign = voice.signature
        found["signature"] = f"{sign.person}\n{sign.role}, {voice.name}"
    return found


DURATION_WORDS = {
    "es": {
        "hours": ("hora", "horas", "una hora", "media hora"),
        "minutes": ("minuto", "minutos", "un minuto", "medio minuto"),
        "days": ("día", "días", "un día", "medio día"),
    },
    "en": {
        "hours": ("hour", "hours", "an hour", "half an hour"),
        "minutes": ("minute", "minutes", "a minute", "half a minute"),
        "days": ("day", "days", "a day", "half a day"),
    },
}


def duration_text(facts: Any, lang: str) -> tuple[str, str] | None:
    """The duration as said exactly ("5 horas", "una hora") and roughly ("unas 5 horas")."""
    for unit in ("hours", "minutes", "days"):
        value = facts.get(f"duration_{unit}")
        if value is None:
            continue
        _singular, plural, one, half = DURATION_WORDS[lang][unit]
        if value == 1:
            exact = one
        elif value == 0.5:  # a half is said in words
            exact = half
        else:
            exact = f"{number_text(value, lang)} {plural}"
        if lang == "en":
            return exact, f"about {exact}"
        about = (
            f"alrededor de {exact}"
            if value == 1
            else f"una {exact}"
            if value == 0.5
            else f"unas {exact}"
        )
        return exact, about
    return None


def number_text(value: float | int, lang: str) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "es" else text


_NEWS = {
    "es": r"\b(?:avisando|informando|diciendo|contando|explicando|anunciando|comunicando|"
    r"recordando|avisar|informar|decir|contar|anunciar|recordar|explicar|avisa|informa|"
    r"cuenta|anuncia|recuerda|explica|comunica|diles|avisales|cuentales)"
    r"(?: a [^,.;:]{1,40}?)?(?: de)? que (.+)",
    "en": r"(?:telling|informing|letting|announcing|reminding|saying|tell|inform|let|announce|"
    r"remind|explain\w*)(?: (?:our |all |the )?\w+)?(?: know)? that (.+)",
}


def topic_clause(request: str) -> str | None:
    """The content after an instruction's colon: "Mensaje para clientes: mantenimiento el…"."""
    parts = re.split(r"(?<!\d):(?!\d)", request, maxsplit=1)
    if len(parts) < 2:
        return None
    topic = re.split(r"(?<!\d)\.|\.(?!\d)|[;!?]", parts[1])[0].strip().rstrip(",")
    return topic if 3 <= len(topic) <= 200 else None


def news_clause(request: str, lang: str) -> str | None:
    """What a general request wants said: "avisando que el lunes cambia el horario" → the clause."""
    match = re.search(_NEWS[lang], request, flags=re.IGNORECASE)
    if not match:
        return None
    # A sentence ends at . or : unless both sides are digits ("22:00", "$12.50").
    ends = r"(?<!\d)[.:]|[.:](?!\d)|[;!?]|,\s*(?:y |and )?(?:pide|pidan|disculp|apolog|firma|sign)"
    clause = re.split(ends, match.group(1))[0]
    clause = clause.strip().rstrip(",")
    return clause if 3 <= len(clause) <= 300 else None
