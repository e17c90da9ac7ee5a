"""Phrase templates: tú/usted/vos alternatives, fields that must be known, seeded choice.

A Spanish template writes the three forms of address side by side, ``[puedes|puede|podés]``, so
each phrase is written once and conjugated right for every register. ``{field}`` marks a fact;
a template is only usable when every fact it names is known, which is how the composer never
invents one: a phrase about a duration simply cannot be chosen when no duration was given.
"""

from __future__ import annotations

import hashlib
import random
import re
import string
from collections.abc import Mapping, Sequence

REGISTER_INDEX = {"tu": 0, "usted": 1, "vos": 2}
_ALTERNATIVES = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\|([^\[\]|]*)\]")
_FORMATTER = string.Formatter()


def conjugate(template: str, register: str | None) -> str:
    """``"[puedes|puede|podés]"`` → ``"podés"`` for ``vos``; usted when no register is known."""
    index = REGISTER_INDEX.get(register or "usted", 1)
    return _ALTERNATIVES.sub(lambda m: m.group(index + 1), template)


def fields_of(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


class Chooser:
    """Deterministic choice per request: the same request always reads the same way."""

    def __init__(
        self, seed_text: str, weak: frozenset[str] = frozenset(), *, shortest: bool = False
    ) -> None:
        self.seed = hashlib.sha256(seed_text.encode("utf-8")).hexdigest()
        # Fields always known (a default word for the service): they do not make a phrase better.
        self.weak = weak
        # Tight channels (SMS) take the shortest phrasing instead of a varied one.
        self.shortest = shortest

    def pick(self, slot: str, options: Sequence[str], known: Mapping[str, str]) -> str | None:
        """One usable option for ``slot``, preferring those that use the most known facts.

        Facts are preferred so that a duration or a data type the request gave is said, not
        dropped for a vaguer phrasing.
        """
        usable = [o for o in options if fields_of(o) <= known.keys()]
        if not usable:
            return None
        most = max(len(fields_of(o) - self.weak) for o in usable)
        best = [o for o in usable if len(fields_of(o) - self.weak) == most]
        if self.shortest:
            return min(best, key=len)
        rng = random.Random(f"{self.seed}:{slot}")  # phrasing, not security
        return rng.choice(best)


def render(template: str, register: str | None, known: Mapping[str, str]) -> str:
    text = conjugate(template, register).format_map(dict(known))
    # A template may start with a field whose value is lower case ("el servicio no...").
    return text[:1].upper() + text[1:] if text else text


def join_list(items: Sequence[str], language: str) -> str:
    """``["a", "b", "c"]`` → ``"a, b y c"`` (``"a, b and c"``)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    word = " y " if language == "es" else " and "
    if language == "es" and fold_first(items[-1]).startswith(("i", "hi")):
        word = " e "  # "correos e identificaciones": Spanish changes y before an i sound
    return ", ".join(items[:-1]) + word + items[-1]


def fold_first(text: str) -> str:
    return text.lower().lstrip('¡¿"«')
