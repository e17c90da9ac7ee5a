"""Rewriting a Spanish text into the form of address asked for: tú, usted or vos.

Only the words the register detector understands are changed (verb forms it knows, pronouns and
possessives), so a rewrite never guesses: what it cannot convert stays for a person to fix.
"""

from __future__ import annotations

import re

from rumbo.drafting.critic.register import Marker, fits, markers, tables
from rumbo.drafting.critic.textspan import fold_same_length
from rumbo.drafting.critic.types import CriticContext


def readdress(text: str, ctx: CriticContext) -> str:
    expected = ctx.expected_register()
    if expected is None or ctx.language != "es":
        return text
    for marker in sorted(markers(text), key=lambda m: m.start, reverse=True):
        if fits(marker.form, expected):
            continue
        swap = _convert(marker, expected)
        if swap:
            if marker.word[:1].isupper():
                swap = swap[:1].upper() + swap[1:]
            text = text[: marker.start] + swap + text[marker.end :]
    return text


_PRONOUNS = {
    "usted": {
        "te": "le",
        "tu": "su",
        "tus": "sus",
        "ti": "usted",
        "contigo": "con usted",
        "tú": "usted",
        "vos": "usted",
    },
    "tu": {"usted": "tú", "le": "te", "su": "tu", "sus": "tus", "vos": "tú"},
    "vos": {
        "usted": "vos",
        "le": "te",
        "su": "tu",
        "sus": "tus",
        "ti": "vos",
        "tú": "vos",
        "contigo": "con vos",
    },
}


def _convert(marker: Marker, expected: str) -> str | None:
    if marker.slot == "pron":
        return _PRONOUNS.get(expected, {}).get(marker.word.lower())
    if marker.verb is None:
        return None
    forms = tables().conjugations.get(marker.verb, {})
    if marker.slot == "imp+clitic":
        base = forms.get(f"{expected}:imp")
        clitic = re.search(r"(nos|me|lo|la|los|las|le|les|se|te)$", fold_same_length(marker.word))
        return _stress(base, expected) + clitic.group() if base and clitic else None
    return forms.get(f"{expected}:{marker.slot}") or None


_PLAIN = str.maketrans("áéíóú", "aeiou")
_ACUTE = {"a": "á", "e": "é", "i": "í", "o": "ó", "u": "ú"}


def _stress(base: str, expected: str) -> str:
    """The imperative with its written accent once a pronoun is attached (contacte → contácte)."""
    plain = base.translate(_PLAIN)
    if expected == "vos":
        return plain  # escribí + nos → escribinos: the stress moves, no accent is written
    groups = list(re.finditer(r"[aeiou]+", plain))
    if len(groups) < 2:
        return plain
    group = groups[-2]
    vowels = group.group()
    index = next((i for i, v in enumerate(vowels) if v in "aeo"), len(vowels) - 1)
    spot = group.start() + index
    return plain[:spot] + _ACUTE[plain[spot]] + plain[spot + 1 :]
