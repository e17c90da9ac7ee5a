"""Assembling a draft from a content plan: which parts a situation and an output need, in order.

Each part is one sentence chosen from the phrase tables. Parts carry a drop rank so a draft that
runs over the channel's length loses its least necessary sentences first, never the facts, the
apology or the way to reach the company.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import ModuleType

from rumbo.drafting.composer import forms
from rumbo.drafting.composer.fields import known_fields, tables
from rumbo.drafting.context import Customer
from rumbo.drafting.understanding import Understood
from rumbo.drafting.voice import BrandVoice

EMAIL_LIKE = frozenset({"email"})
SHORT_CHANNELS = frozenset({"sms", "social"})
MAX_CONTACTS = 2  # a status page and an email say enough; four channels read like a footer
COMPACT_BRIEF = 5  # a brief draft drops the parts of this drop rank and above
COMPACT_SHORTEST = 4  # from this compaction level on, every part takes its shortest phrasing


@dataclass(frozen=True)
class Part:
    slot: str
    text: str
    paragraph: int
    drop_rank: int = 0  # 0: never dropped; higher ranks go first when the draft is too long


@dataclass(frozen=True)
class Composed:
    subject: str | None
    text: str


def compose(
    understood: Understood,
    *,
    customer: Customer | None = None,
    voice: BrandVoice | None = None,
    register: str | None = None,
    compact: int = 0,
) -> Composed:
    """The draft for ``understood``; ``compact`` > 0 drops parts of that rank and above."""
    lang = "en" if understood.language == "en" else "es"
    words = tables(lang)
    known = known_fields(understood, customer, voice, lang)
    weak = frozenset() if understood.facts.get("products") else frozenset({"service"})
    if "brief" in understood.tone and not compact:
        compact = COMPACT_BRIEF  # "breve": no second contact, closing line or extra advice
    shortest = understood.channel == "sms" or compact >= COMPACT_SHORTEST
    chooser = forms.Chooser(understood.request, weak, shortest=shortest)
    statement = understood.output in {"statement", "plan_and_statement"}
    if understood.channel == "sms" and not statement:
        parts = sms_parts(understood, words, chooser, known)
    elif statement:
        parts = statement_parts(understood, words, chooser, known)
    else:
        parts = message_parts(understood, words, chooser, known, customer)
    if compact:
        parts = [p for p in parts if p.drop_rank == 0 or p.drop_rank < compact]
    text = layout(parts, register, known)
    text = apply_preferred(text, voice)
    subject = None
    if understood.output in {"email", "statement", "plan_and_statement"}:
        subject = make_subject(understood, words, chooser, known, register, statement)
    return Composed(subject=subject, text=text)


def make_subject(
    understood: Understood,
    words: ModuleType,
    chooser: forms.Chooser,
    known: dict[str, str],
    register: str | None,
    statement: bool,
) -> str:
    if statement:
        title = "Comunicado" if understood.language != "en" else "Statement"
        brand = known.get("brand")
        if brand:
            return f"{title} de {brand}" if understood.language != "en" else f"{title} from {brand}"
        return title
    options = words.SITUATIONS[understood.situation].get("subject", [])
    chosen = chooser.pick("subject", options, known) or ""
    return forms.render(chosen, register, known)


def message_parts(
    understood: Understood,
    words: ModuleType,
    chooser: forms.Chooser,
    known: dict[str, str],
    customer: Customer | None,
) -> list[Part]:
    table = words.SITUATIONS[understood.situation]
    common = words.COMMON
    facts = understood.facts
    email = understood.channel in EMAIL_LIKE or understood.output == "email"
    short = understood.channel in SHORT_CHANNELS
    parts: list[Part] = []

    def add(slot: str, options: list[str], paragraph: int, drop: int = 0) -> None:
        chosen = chooser.pick(slot, options, known)
        if chosen:
            parts.append(Part(slot, chosen, paragraph, drop))

    if "name" in known:
        add("greeting", common["greeting"], 0)
    elif email:
        add("greeting", common["greeting_anonymous"], 0)
    if customer is not None:
        # The greeting already names the reader, so on a tight channel this can go.
        add("personal", table.get("personal", []), 1, 4 if "name" in known else 0)
    add("opening", table.get("opening", []), 1)
    if facts.get("competitor_offer") and understood.situation == "key_account":
        add("offer", table.get("offer", []), 1, 4)
    compensation = facts.get("compensation") or {}
    if compensation.get("kind") in words.COMPENSATION:
        add("compensation", words.COMPENSATION[compensation["kind"]], 2)
    if understood.apology:
        add("apology", table.get("apology", []) or common_apology(words), 2)
    add("action", table.get("action", []), 2, 3)
    if understood.situation == "data_leak":
        add("advice", table.get("advice", []), 3)
        leaked = set(facts.get("data_types", []))
        if "passwords" in leaked:
            add("advice_passwords", table.get("advice_passwords", []), 3, 5)
        if leaked & {"cards", "bank"}:
            add("advice_cards", table.get("advice_cards", []), 3, 5)
    add("next", table.get("next", []), 4, 2)
    parts.extend(contact_parts(understood, common, chooser, known, statement=False))
    signature = signature_parts(common, chooser, known, full=email or not short)
    if signature and (email or understood.output == "reply"):
        add("closing", common["closing"], 5, 6)
    parts.extend(signature)
    return parts


def sms_parts(
    understood: Understood, words: ModuleType, chooser: forms.Chooser, known: dict[str, str]
) -> list[Part]:
    """One SMS: greeting, what happened, an apology if due, one way to follow up; one line."""
    table = words.SITUATIONS[understood.situation]
    common = words.COMMON
    slots: list[tuple[str, list[str]]] = [("sms_greeting", common["sms_greeting"])]
    slots.append(("opening", table.get("sms_opening") or table.get("opening", [])))
    if understood.apology:
        slots.append(("sms_apology", common["sms_apology"]))
    status_first = understood.situation in {"outage", "surge"} and "status_page" in known
    contact = "sms_status" if status_first else "sms_email"
    slots.append((contact, common[contact]))
    parts: list[Part] = []
    for slot, options in slots:
        chosen = chooser.pick(slot, options, known)
        if chosen:
            parts.append(Part(slot, chosen, 1))
    if not any(p.slot in {"sms_status", "sms_email"} for p in parts):
        parts.append(Part("sms_reply", common["sms_reply"][0], 1))
    return parts


def statement_parts(
    understood: Understood, words: ModuleType, chooser: forms.Chooser, known: dict[str, str]
) -> list[Part]:
    table = words.SITUATIONS[understood.situation]
    parts: list[Part] = []

    def add(slot: str, paragraph: int, drop: int = 0) -> None:
        chosen = chooser.pick(slot, table.get(slot, []), known)
        if chosen:
            parts.append(Part(slot, chosen, paragraph, drop))

    if "name" in known:  # a statement sent to one customer greets them
        chosen = chooser.pick("greeting", words.COMMON["greeting"], known)
        if chosen:
            parts.append(Part("greeting", chosen, 0))
    add("st_opening", 1)
    if understood.apology:
        add("st_apology", 1)
    add("st_action", 2)
    add("st_advice", 2)
    add("st_next", 3, 3)
    parts.extend(contact_parts(understood, words.COMMON, chooser, known, statement=True))
    parts.extend(signature_parts(words.COMMON, chooser, known, full=True))
    return parts


def common_apology(words: ModuleType) -> list[str]:
    table: dict[str, list[str]] = words.SITUATIONS["unhappy_customer"]
    return table["apology"]


def contact_parts(
    understood: Understood,
    common: dict[str, list[str]],
    chooser: forms.Chooser,
    known: dict[str, str],
    *,
    statement: bool,
) -> list[Part]:
    """How to reach the company: the status page first in an outage, then email and phone."""
    prefix = "st_" if statement else ""
    wanted = ["contact_email", "contact_phone"]
    if understood.situation in {"outage", "surge"}:
        wanted.insert(0, "contact_status")
    if not statement:
        wanted.append("contact_help")
    parts: list[Part] = []
    for slot in wanted:
        if len(parts) == MAX_CONTACTS:
            break
        options = common.get(prefix + slot, [])
        chosen = chooser.pick(prefix + slot, options, known)
        if chosen and forms.fields_of(chosen):
            parts.append(Part(slot, chosen, 4, 0 if not parts else 7))
    if not parts:
        fallback = "st_contact_none" if statement else "contact_reply"
        chosen = chooser.pick(fallback, common[fallback], known)
        if chosen:
            parts.append(Part(fallback, chosen, 4))
    return parts


def signature_parts(
    common: dict[str, list[str]], chooser: forms.Chooser, known: dict[str, str], *, full: bool
) -> list[Part]:
    if not full:
        return []
    if "signature" in known:
        return [Part("signature", "{signature}", 6)]
    slot = "team_signature" if "brand" in known else "anonymous_signature"
    chosen = chooser.pick(slot, common[slot], known)
    return [Part("signature", chosen, 6)] if chosen else []


def layout(parts: list[Part], register: str | None, known: dict[str, str]) -> str:
    """Sentences of one paragraph on one line; greeting, closing and signature on their own."""
    paragraphs: dict[int, list[str]] = {}
    for part in parts:
        paragraphs.setdefault(part.paragraph, []).append(forms.render(part.text, register, known))
    blocks: list[str] = []
    for number in sorted(paragraphs):
        sentences = paragraphs[number]
        if number == 5 and 6 in paragraphs:  # the closing sits right above the signature
            continue
        if number == 6:
            closing = paragraphs.get(5, [])
            blocks.append("\n".join([*closing, *sentences]))
        else:
            blocks.append(" ".join(sentences))
    return "\n\n".join(b for b in blocks if b.strip())


def apply_preferred(text: str, voice: BrandVoice | None) -> str:
    """Swap phrases the brand avoids for the ones it prefers (``preferred`` in the voice)."""
    if voice is None:
        return text
    for avoided, preferred in voice.preferred.items():
        if avoided:
            pattern = rf"(?<!\w){re.escape(avoided)}(?!\w)"
            text = re.sub(pattern, preferred, text, flags=re.IGNORECASE)
    return text
