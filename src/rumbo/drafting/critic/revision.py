"""Mechanical fixes for what the critic found.

Each fixer looks for its problem again in the *current* text (earlier fixes move offsets), so
the findings only say which fixers to run. Fixes never add facts: an apology or a contact line
comes from the brand voice or from fixed wording; a claim nobody gave is removed, not changed.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence

from rumbo.drafting.critic import checks, exposure
from rumbo.drafting.critic import lexicon as lx
from rumbo.drafting.critic.claims import unsupported_claims
from rumbo.drafting.critic.readdress import readdress
from rumbo.drafting.critic.repetition import repeated_sentences
from rumbo.drafting.critic.textspan import Sentence, fold_same_length, sentences
from rumbo.drafting.critic.types import CriticContext, Finding

Fixer = Callable[[str, CriticContext], str]


def revise(text: str, findings: Sequence[Finding], ctx: CriticContext) -> str:
    """``text`` with every finding that has a mechanical fix fixed."""
    codes = {f.code for f in findings}
    for code, fixer in FIXERS:
        if code in codes:
            text = _tidy(fixer(text, ctx))
    # Cutting a sentence can take the apology or the contact line with it: add them back.
    from rumbo.drafting.critic.engine import critique

    again = {f.code for f in critique(text, ctx)} & _ADDITIVE
    for code, fixer in FIXERS:
        if code in again:
            text = _tidy(fixer(text, ctx))
    return text


_ADDITIVE = frozenset({"missing_apology", "missing_contact", "generic", "too_long"})


def _drop_sentences(text: str, doomed: Sequence[Sentence]) -> str:
    for sentence in sorted(doomed, key=lambda s: s.start, reverse=True):
        text = text[: sentence.start] + text[sentence.end :]
    return text


def _sentences_with(text: str, spans: Sequence[tuple[int, int]]) -> list[Sentence]:
    return [s for s in sentences(text) if any(s.start <= a < s.end for a, _ in spans)]


def _remove_or_drop(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Drop the sentences holding ``spans``; in a sentence worth keeping (the greeting, an
    apology, a contact line) cut only the clause that holds the span."""
    parts = sentences(text)
    edits: list[tuple[int, int, str]] = []
    for index, sentence in enumerate(parts):
        inside = [(a, b) for a, b in spans if sentence.start <= a < sentence.end]
        if not inside:
            continue
        blanked = _blank(text, inside)[sentence.start : sentence.end]
        essential = _essential(blanked)
        if index > 0 and not essential and len(parts) > 1:
            edits.append((sentence.start, sentence.end, ""))
            continue
        greeting = _HELLO_NAME.match(sentence.text)
        if index == 0 and not essential and greeting and len(parts) > 1:
            edits.append((sentence.start, sentence.end, greeting.group().strip()))
            continue
        edits.append((sentence.start, sentence.end, _cut_clauses(text, sentence, inside)))
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


_HELLO_NAME = re.compile(r"^(?:¡?hola|hi|hello|hey)\b[^.!?:\n]{0,40}[:,]\s", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:]\s+|\s+(?:y|and|pero|but)\s+")


def _cut_clauses(text: str, sentence: Sentence, spans: Sequence[tuple[int, int]]) -> str:
    body = text[sentence.start : sentence.end]
    cuts = [0] + [m.end() for m in _CLAUSE_END.finditer(body)] + [len(body)]
    kept: list[str] = []
    for left, right in itertools.pairwise(cuts):
        hit = any(a - sentence.start < right and b - sentence.start > left for a, b in spans)
        if not hit:
            kept.append(body[left:right])
    result = "".join(kept).rstrip(" ,;:")
    result = re.sub(r"\s+(?:y|and|pero|but)$", "", result)
    if result and body[-1:] in ".!?" and result[-1:] not in ".!?":
        result += body[-1]
    elif result and result[-1:] not in ".!?":
        result += "."
    return result


def _fix_placeholders(text: str, ctx: CriticContext) -> str:
    def fill(match: re.Match[str]) -> str:
        inner = fold_same_length(match.group())
        crm = ctx.crm or {}
        voice = ctx.voice
        if re.search(r"company|empresa|marca|brand", inner) and voice is not None:
            return voice.name
        if re.search(r"tu nombre|your name|agent|agente|firma|signature", inner) and voice:
            return voice.signature.person if voice.signature else voice.name
        if re.search(r"nombre|name|cliente|customer", inner) and crm.get("name"):
            return str(crm["name"]).split()[0]
        return ""

    return lx.PLACEHOLDER.sub(fill, text)


def _fix_hashtags(text: str, ctx: CriticContext) -> str:
    found = exposure.hashtags(text, fold_same_length(text), ctx)
    for item in sorted(found, key=lambda f: f.start, reverse=True):
        text = text[: item.start] + text[item.end :]
    return text


def _fix_terms(text: str, ctx: CriticContext) -> str:
    preferred = {
        fold_same_length(k): v for k, v in (ctx.voice.preferred if ctx.voice else {}).items()
    }
    found = checks.terms(text, fold_same_length(text), ctx)
    drop: list[tuple[int, int]] = []
    for item in sorted(found, key=lambda f: f.start, reverse=True):
        better = preferred.get(fold_same_length(item.excerpt))
        if better is not None:
            if item.excerpt[:1].isupper():
                better = better[:1].upper() + better[1:]
            text = text[: item.start] + better + text[item.end :]
        else:
            drop.append((item.start, item.end))
    if drop:
        remaining = checks.terms(text, fold_same_length(text), ctx)
        text = _remove_or_drop(text, [(f.start, f.end) for f in remaining])
    return text


def _fix_spans(code: str) -> Fixer:
    def fix(text: str, ctx: CriticContext) -> str:
        from rumbo.drafting.critic.engine import critique

        spans = [
            (f.start, f.end) for f in critique(text, ctx) if f.code == code and f.end > f.start
        ]
        return _remove_or_drop(text, spans) if spans else text

    return fix


def _fix_emoji(text: str, ctx: CriticContext) -> str:
    found = exposure.emoji(text, text, ctx)
    for item in sorted(found, key=lambda f: f.start, reverse=True):
        text = text[: item.start] + text[item.end :]
    return text


def _fix_claims(text: str, ctx: CriticContext) -> str:
    claims = unsupported_claims(text, fold_same_length(text), ctx, [])
    return _remove_or_drop(text, [(c.start, c.end) for c in claims]) if claims else text


def _fix_greeting(text: str, ctx: CriticContext) -> str:
    found = checks.unnatural_greeting(text, fold_same_length(text), ctx)
    if not found:
        return text
    item = found[0]
    name = str((ctx.crm or {}).get("name", "")).split()[:1]
    hello = "Hello" if ctx.language == "en" else "Hola"
    greeting = f"{hello}, {name[0]}" if name else hello
    return text[: item.start] + greeting + text[item.end :]


_GREETING_LINE = re.compile(
    r"^\s*(?:¡?hola|hi|hello|hey|buen[oa]s\s+\w+)\b[^.!?:\n]{0,40}[:,!.]?\s*", re.IGNORECASE
)


def _address(ctx: CriticContext, text: str = "") -> str:
    """The form a sentence we add uses: the one asked for, else the one the text already uses
    most (a usted letter gets a usted apology), else tú."""
    chosen = ctx.expected_register() or ctx.register
    if chosen is None and text and ctx.language != "en":
        from rumbo.drafting.critic.register import markers

        forms = [m.form for m in markers(text)]
        chosen = max(set(forms), key=forms.count) if forms else None
    return chosen or "tu"


def _public(ctx: CriticContext) -> bool:
    """A statement or public post speaks to many: impersonal wording fits every register."""
    return ctx.channel in {"statement", "social"} and not ctx.crm


def _fix_apology(text: str, ctx: CriticContext) -> str:
    if ctx.language == "en":
        line = "We apologise." if _public(ctx) else "We're sorry."
    elif _public(ctx):
        line = "Pedimos disculpas."
    else:
        line = {"usted": "Le pedimos disculpas."}.get(_address(ctx, text), "Te pedimos disculpas.")
    head = _GREETING_LINE.match(text)
    cut = head.end() if head else 0
    if head and head.group().rstrip().endswith(":") and ctx.language != "en":
        line = line[:1].lower() + line[1:]
    rest = text[cut:]
    return text[:cut] + line + " " + rest[:1].upper() + rest[1:]


def _contact_line(ctx: CriticContext, text: str = "") -> str:
    channels = ctx.voice.contact.channels() if ctx.voice else []
    where = channels[0] if channels else None
    if ctx.language == "en":
        if where:
            return (
                f"For any question: {where}."
                if _public(ctx)
                else (f"If you need anything, write to us at {where}.")
            )
        return (
            "We will update you here as soon as we know more."
            if _public(ctx)
            else "Reply to this message if you need anything else."
        )
    if _public(ctx):
        return (
            f"Para cualquier consulta: {where}."
            if where
            else "Informaremos por este medio apenas haya novedades."
        )
    form = _address(ctx, text)
    if where:
        verb = {"usted": "necesita algo, escríbanos", "vos": "necesitás algo, escribinos"}
        return f"Si {verb.get(form, 'necesitas algo, escríbenos')} a {where}."
    return {
        "usted": "Si necesita algo más, responda a este mensaje.",
        "vos": "Si necesitás algo más, respondé a este mensaje.",
    }.get(form, "Si necesitas algo más, responde a este mensaje.")


_SIGN_OFF = re.compile(
    r"\n\s*(?:un\s+saludo|saludos|atentamente|cordialmente|abrazo|best|regards|kind\s+regards|"
    r"thanks|thank\s+you|cheers)\b[^\n]*(?:\n[^\n]+)*\s*$",
    re.IGNORECASE,
)


def _fix_contact(text: str, ctx: CriticContext) -> str:
    line = _contact_line(ctx, text)
    sign_off = _SIGN_OFF.search(text)
    body, tail = (text[: sign_off.start()], text[sign_off.start() :]) if sign_off else (text, "")
    joiner = "\n\n" if "\n" in body.strip() or tail else " "
    return body.rstrip() + joiner + line + tail


def _fix_repetition(text: str, ctx: CriticContext) -> str:
    later = [pair[1] for pair in repeated_sentences(text, ctx.language)]
    text = _drop_sentences(text, later) if later else text
    from rumbo.drafting.critic.repetition import repetition

    stutters = [f for f in repetition(text, fold_same_length(text), ctx) if f.end > f.start]
    for item in sorted(stutters, key=lambda f: f.start, reverse=True):
        if item.excerpt and item.excerpt in text[item.start : item.end]:
            text = text[: item.start].rstrip(" ,") + text[item.end :]
    return text


def _essential(sentence: str) -> bool:
    """Apology and contact sentences survive trimming: they are what a short reply needs most."""
    folded = fold_same_length(sentence)
    return checks.has_apology(folded) or checks.has_contact(sentence, folded)


def _fix_length(text: str, ctx: CriticContext) -> str:
    limit = ctx.max_length()
    if len(text.strip()) <= limit:
        return text
    parts = sentences(text)
    for index in range(len(parts) - 1, 0, -1):
        if len(text.strip()) <= limit:
            break
        if not _essential(parts[index].text):
            text = _drop_sentences(text, [parts[index]])
    if len(text.strip()) > limit:
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        text = cut.rstrip(" ,;:") + "…"
    return text


def _fix_generic(text: str, ctx: CriticContext) -> str:
    name = str((ctx.crm or {}).get("name", "")).split()[:1]
    if not name:
        return text
    head = _HELLO.match(text)
    if head is None:
        first = text.split(maxsplit=1)[0].lower() if text.split() else ""
        body = text[:1].lower() + text[1:] if first in _PLAIN_STARTS else text
        if ctx.language == "en":
            return f"Hi {name[0]}, {body}"
        return f"Hola, {name[0]}: {body}"
    mark = ":" if head.group(2) == ":" else ","
    return f"{head.group(1)}, {name[0]}{mark} {text[head.end() :]}"


_PLAIN_STARTS = frozenset(
    {
        "sorry",
        "we",
        "we're",
        "thanks",
        "thank",
        "te",
        "le",
        "les",
        "lamentamos",
        "sentimos",
        "gracias",
        "sabemos",
        "queremos",
        "ya",
        "tu",
        "su",
        "your",
    }
)
_HELLO = re.compile(
    r"^\s*(¡?hola|hi|hello|hey)\b(?:\s+(?:there|all|everyone|a\s+todos))?[ \t]*([,!:]?)[ \t]*",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    text = re.sub(r"([.!?]\s+)([a-zñáéíóú])", lambda m: m.group(1) + m.group(2).upper(), text)
    text = re.sub(r"[ \t]+([.,;:!?])", r"\1", text)
    text = re.sub(r",\s*([:;.!?])", r"\1", text)
    text = re.sub(r"(?<=\w)\s*:\s*:", ":", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    text = re.sub(r"^(\s*(?:¡?hola|hi|hello))\s*,\s*:", r"\1:", text, flags=re.IGNORECASE)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


# Order matters: holes and hashtags go first, unwanted sentences are dropped, the apology and
# contact lines are added, and only then is the length trimmed (sparing those two lines).
FIXERS: tuple[tuple[str, Fixer], ...] = (
    ("unfilled_placeholder", _fix_placeholders),
    ("hashtags", _fix_hashtags),
    ("emoji", _fix_emoji),
    ("unnatural_greeting", _fix_greeting),
    ("banned_term", _fix_terms),
    ("negative_terms", _fix_terms),
    ("overpromise", _fix_spans("overpromise")),
    ("sensitive_detail", _fix_spans("sensitive_detail")),
    ("unsupported_claim", _fix_claims),
    ("repetition", _fix_repetition),
    ("register_mismatch", readdress),
    ("generic", _fix_generic),
    ("missing_apology", _fix_apology),
    ("missing_contact", _fix_contact),
    ("too_long", _fix_length),
)
