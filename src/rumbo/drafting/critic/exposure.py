"""What a text exposes or decorates: sensitive details, hashtags and emoji.

Each is judged against the brand voice when there is one (its hashtags, its emoji policy) and
against what the request and the CRM already say (a customer's own email is not a leak).
"""

from __future__ import annotations

import re

from rumbo.drafting.critic import lexicon as lx
from rumbo.drafting.critic.checks import dedupe, finding, flatten, say, unnatural_greeting
from rumbo.drafting.critic.textspan import EMAIL, URL, fold_same_length, overlaps
from rumbo.drafting.critic.types import CriticContext, Finding, Severity


def sensitive_detail(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    found: list[Finding] = []
    greeting = unnatural_greeting(text, folded, ctx)
    skip = [(g.start, g.end) for g in greeting]
    known = _known_contacts(ctx)
    for kind, pattern in lx.SENSITIVE:
        for match in pattern.finditer(folded):
            if overlaps(skip, match.start(), match.end()):
                continue
            if kind == "personal_contact" and match.group().strip() in known:
                continue
            found.append(_sensitive(ctx, text, match.start(), match.end(), kind))
    for match in lx.CARD_NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            found.append(_sensitive(ctx, text, match.start(), match.end(), "card"))
    return dedupe(found)


_SENSITIVE_WHY = {
    "audience": (
        "menciona el tamaño de su audiencia o sus seguidores",
        "mentions their audience size or follower count",
    ),
    "status": ("trata a la persona según su estatus", "treats the person by their status"),
    "internal": ("revela datos internos de la empresa", "reveals internal company data"),
    "other_customer": ("expone datos de otro cliente", "exposes another customer's details"),
    "national_id": ("incluye un documento de identidad", "includes a national id number"),
    "personal_contact": (
        "incluye datos personales de contacto de un tercero",
        "includes a third party's personal contact details",
    ),
    "card": ("incluye un número de tarjeta completo", "includes a full card number"),
}


def _sensitive(ctx: CriticContext, text: str, start: int, end: int, kind: str) -> Finding:
    es, en = _SENSITIVE_WHY[kind]
    return finding(
        "sensitive_detail",
        "error",
        say(
            ctx,
            f"Dato sensible: el texto {es} («{text[start:end]}»).",
            f"Sensitive detail: the text {en} (“{text[start:end]}”).",
        ),
        start,
        end,
        text,
        say(
            ctx,
            "Quítalo: a cada cliente se le responde igual, sin datos internos ni de terceros.",
            "Remove it: every customer is answered the same way, without internal or third-party"
            " data.",
        ),
    )


def _known_contacts(ctx: CriticContext) -> set[str]:
    values: list[str] = []
    for source in (ctx.crm or {}, ctx.facts):
        values += [str(v).lower() for v in flatten(source)]
    return {v for v in values if "@" in v}


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        number = int(char)
        if index % 2:
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return total % 10 == 0


def hashtags(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    voice = ctx.voice
    policy = voice.hashtags if voice is not None else None
    brand = _brand_tags(text, ctx)
    complaint = ctx.situation not in {None, "general"}
    found: list[Finding] = []
    for match in re.finditer(r"(?<![\w#&])#([^\W\d_]\w*)", text):
        tag = "#" + fold_same_length(match.group(1))
        promotional = bool(lx.PROMOTIONAL_HASHTAG.match(tag))
        if policy == "none":
            bad = True
        elif policy == "brand_only":
            bad = tag not in brand
        elif policy == "free":
            bad = promotional and complaint
        else:
            bad = promotional or (complaint and tag not in brand)
        if bad:
            found.append(
                finding(
                    "hashtags",
                    "warning",
                    say(
                        ctx,
                        f"Hashtag fuera de lugar: {match.group()}.",
                        f"Off-topic or promotional hashtag: {match.group()}.",
                    ),
                    match.start(),
                    match.end(),
                    text,
                    say(
                        ctx,
                        "Quítalo: en una respuesta a un problema solo caben los hashtags de la "
                        "marca.",
                        "Remove it: a reply about a problem only carries the brand's hashtags.",
                    ),
                )
            )
    return found


def _brand_tags(text: str, ctx: CriticContext) -> set[str]:
    """The brand's own hashtags: from the voice, else the brand's domain seen in the text."""
    if ctx.voice is not None:
        tags = {fold_same_length(t) for t in ctx.voice.brand_hashtags}
        return tags | {"#" + fold_same_length(ctx.voice.name).replace(" ", "")}
    domains = set()
    for match in list(EMAIL.finditer(text)) + list(URL.finditer(text)):
        host = match.group().split("@")[-1].split("//")[-1].split("/")[0]
        for label in host.split("."):
            if label not in {"www", "com", "example", "net", "org"} and len(label) > 2:
                domains.add("#" + fold_same_length(label))
    return domains


_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b50\u2b55]")
SPARING_EMOJI = 2  # "sparing" allows this many in one text


def emoji(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    """Emoji beyond the voice's policy: any under ``none``, more than two under ``sparing``."""
    if ctx.voice is None or ctx.voice.emoji == "free":
        return []
    allowed = 0 if ctx.voice.emoji == "none" else SPARING_EMOJI
    extra = list(_EMOJI.finditer(text))[allowed:]
    severity: Severity = "warning" if allowed == 0 else "info"
    return [
        finding(
            "emoji",
            severity,
            say(
                ctx,
                f"La voz de la marca pide emojis «{ctx.voice.emoji}»: sobra {m.group()}.",
                f"The brand voice asks for “{ctx.voice.emoji}” emoji: {m.group()} is one too many.",
            ),
            m.start(),
            m.end(),
            text,
            say(ctx, "Quítalo.", "Remove it."),
        )
        for m in extra
    ]
