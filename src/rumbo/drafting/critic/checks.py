"""The critic's checks on wording: each returns findings explainable from the text alone."""

from __future__ import annotations

from collections.abc import Callable

from rumbo.drafting.critic import lexicon as lx
from rumbo.drafting.critic.register import fits, markers
from rumbo.drafting.critic.textspan import (
    contact_spans,
    overlaps,
    phrase_pattern,
    sentences,
)
from rumbo.drafting.critic.types import CriticContext, Finding, Severity

Check = Callable[[str, str, CriticContext], list[Finding]]
"""``(text, folded text, context) -> findings``."""

REGISTER_NAMES = {
    "es": {"tu": "tú", "vos": "vos", "usted": "usted", "informal": "tú/vos"},
    "en": {
        "tu": "tú (informal)",
        "vos": "vos (Rioplatense informal)",
        "usted": "usted (formal)",
        "informal": "tú/vos (informal)",
    },
}


def say(ctx: CriticContext, es: str, en: str) -> str:
    return en if ctx.language == "en" else es


def finding(
    code: str,
    severity: Severity,
    message: str,
    start: int,
    end: int,
    text: str,
    suggestion: str | None = None,
) -> Finding:
    return Finding(code, severity, message, start, end, suggestion, text[start:end])


def too_long(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    limit = ctx.max_length()
    size = len(text.strip())
    if size <= limit:
        return []
    channel = ctx.channel or "default"
    return [
        finding(
            "too_long",
            "warning",
            say(
                ctx,
                f"El texto tiene {size} caracteres; el máximo para {channel} es {limit}.",
                f"The text has {size} characters; the limit for {channel} is {limit}.",
            ),
            min(limit, len(text)),
            len(text),
            text,
            say(
                ctx,
                "Acorta el texto: deja una idea por frase y quita lo que no ayuda al cliente.",
                "Shorten it: one idea per sentence, drop what does not help the customer.",
            ),
        )
    ]


def unnatural_greeting(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    head = folded[:120]
    match = lx.UNNATURAL_GREETING.search(head)
    if match is None:
        return []
    first = sentences(text)[0] if text.strip() else None
    if first is not None and match.start() > first.end:
        return []
    return [
        finding(
            "unnatural_greeting",
            "warning",
            say(
                ctx,
                f"Saludo poco natural: «{text[match.start() : match.end()]}».",
                f"Unnatural greeting: “{text[match.start() : match.end()]}”.",
            ),
            match.start(),
            match.end(),
            text,
            say(
                ctx,
                "Saluda como lo haría una persona: «Hola» y el nombre si lo tienes.",
                "Greet like a person would: “Hi” and the name when you have it.",
            ),
        )
    ]


def placeholders(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    return [
        finding(
            "unfilled_placeholder",
            "error",
            say(
                ctx,
                f"Hueco sin completar: {match.group()}.",
                f"Unfilled placeholder: {match.group()}.",
            ),
            match.start(),
            match.end(),
            text,
            say(
                ctx,
                "Complétalo con el dato real o quítalo.",
                "Fill it in with the real value or remove it.",
            ),
        )
        for match in lx.PLACEHOLDER.finditer(text)
    ]


def has_apology(folded: str) -> bool:
    cleaned = lx.NON_APOLOGY.sub(lambda m: " " * len(m.group()), folded)
    return lx.APOLOGY.search(cleaned) is not None


def missing_apology(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    if not ctx.wants_apology or has_apology(folded):
        return []
    situation = ctx.situation or "general"
    return [
        finding(
            "missing_apology",
            "warning",
            say(
                ctx,
                f"La situación ({situation}) pide una disculpa y el texto no la tiene.",
                f"The situation ({situation}) calls for an apology and the text has none.",
            ),
            0,
            0,
            text,
            say(
                ctx,
                "Pide disculpas al principio, de forma directa.",
                "Apologise at the start, plainly.",
            ),
        )
    ]


def has_contact(text: str, folded: str) -> bool:
    return bool(contact_spans(text)) or lx.NEXT_STEP.search(folded) is not None


def missing_contact(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    if ctx.kind != "message" or has_contact(text, folded):
        return []
    contact = (
        ctx.voice.contact.channels()[0] if ctx.voice and ctx.voice.contact.channels() else None
    )
    hint_es = f" (por ejemplo {contact})" if contact else ""
    hint_en = f" (e.g. {contact})" if contact else ""
    return [
        finding(
            "missing_contact",
            "warning",
            say(
                ctx,
                "El texto no dice cómo contactar a la empresa ni cuál es el siguiente paso.",
                "The text gives no way to reach the company and no next step.",
            ),
            len(text),
            len(text),
            text,
            say(
                ctx,
                f"Añade un canal de contacto{hint_es} o qué pasará después.",
                f"Add a contact channel{hint_en} or what happens next.",
            ),
        )
    ]


def terms(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    """``banned_term`` for the voice's own list, ``negative_terms`` for Rumbo's built-in one."""
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []
    if ctx.voice is not None:
        banned = [(p, None) for p in ctx.voice.avoid] + list(ctx.voice.preferred.items())
        for phrase, better in banned:
            if not phrase.strip():
                continue
            for match in phrase_pattern(phrase).finditer(folded):
                taken.append(match.span())
                fix_es = f"Usa «{better}»." if better else "Quítalo o dilo de otra forma."
                fix_en = f"Use “{better}”." if better else "Remove it or say it another way."
                found.append(
                    finding(
                        "banned_term",
                        "error",
                        say(
                            ctx,
                            f"«{text[match.start() : match.end()]}» está en la lista de la marca "
                            "de términos a evitar.",
                            f"“{text[match.start() : match.end()]}” is on the brand's list of"
                            " terms to avoid.",
                        ),
                        match.start(),
                        match.end(),
                        text,
                        say(ctx, fix_es, fix_en),
                    )
                )
    for match in lx.BUILT_IN_NEGATIVE.finditer(folded):
        if overlaps(taken, *match.span()):
            continue
        found.append(
            finding(
                "negative_terms",
                "error",
                say(
                    ctx,
                    f"Expresión negativa o que culpa al cliente: «{match.group()}».",
                    f"Negative or blaming wording: “{text[match.start() : match.end()]}”.",
                ),
                match.start(),
                match.end(),
                text,
                say(
                    ctx,
                    "Quítala: habla de lo que la empresa hace, sin culpar ni descalificar.",
                    "Remove it: say what the company does, without blaming or disparaging anyone.",
                ),
            )
        )
    return found


def overpromise(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    # "100 %" is a fact, not a promise, when the request gave it (a full refund).
    given = {str(v).strip() for v in flatten(dict(ctx.facts))}
    matches = [
        m
        for m in lx.OVERPROMISE.finditer(folded)
        if not (m.group().startswith(("100", "al 100", "cien")) and given & {"100", "100.0"})
    ]
    return dedupe(
        [
            finding(
                "overpromise",
                "error",
                say(
                    ctx,
                    f"Promesa que no se puede asegurar: «{text[m.start() : m.end()]}».",
                    f"A promise that cannot be kept for sure: “{text[m.start() : m.end()]}”.",
                ),
                m.start(),
                m.end(),
                text,
                say(
                    ctx,
                    "Di lo que ya se está haciendo y cuándo habrá novedades, sin garantías.",
                    "Say what is being done and when there will be news, without guarantees.",
                ),
            )
            for m in matches
        ]
    )


def register_mismatch(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    if ctx.language != "es":
        return []
    holes = [m.span() for m in lx.PLACEHOLDER.finditer(text)]
    found = [m for m in markers(text) if not overlaps(holes, m.start, m.end)]
    expected = ctx.expected_register()
    names = REGISTER_NAMES["en" if ctx.language == "en" else "es"]
    if expected is None:
        strict = {m.form for m in found if m.form != "informal"}
        informal = any(m.form == "informal" for m in found)
        if "usted" in strict and (informal or strict & {"tu", "vos"}):
            formal = sum(m.form == "usted" for m in found)
            expected = "tu" if formal * 2 < len(found) else "usted"
            if expected == "tu" and "vos" in strict and "tu" not in strict:
                expected = "vos"
        elif {"tu", "vos"} <= strict:
            expected = (
                "tu"
                if sum(m.form == "tu" for m in found) >= sum(m.form == "vos" for m in found)
                else "vos"
            )
        else:
            return []
    wanted = names.get(expected, expected)
    return [
        finding(
            "register_mismatch",
            "warning",
            say(
                ctx,
                f"«{m.word}» es de {names[m.form]}; el texto debe tratar de {wanted}.",
                f"“{m.word}” is {names[m.form]}; the text should use {wanted}.",
            ),
            m.start,
            m.end,
            text,
            say(ctx, f"Escríbelo todo de {wanted}.", f"Write it all in {wanted}."),
        )
        for m in found
        if not fits(m.form, expected)
    ]


def flatten(value: object) -> list[object]:
    if isinstance(value, dict):
        return [x for v in value.values() for x in flatten(v)]
    if isinstance(value, list | tuple):
        return [x for v in value for x in flatten(v)]
    return [value]


def dedupe(found: list[Finding]) -> list[Finding]:
    kept: list[Finding] = []
    for item in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        if not any(k.code == item.code and k.start <= item.start < k.end for k in kept):
            kept.append(item)
    return kept
