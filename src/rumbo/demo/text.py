"""A tiny template language for demo text, and the slips real customers make when they type.

Templates mix three kinds of markers:

* ``<a|b|c>`` picks one alternative at random, so two tickets on one topic do not read the same;
* ``[tú|usted|vos]`` picks by the reader's register (always three alternatives, in that order);
* ``{slot}`` is filled from a dictionary (a missing slot is an error, caught by the tests).
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TypeVar

REGISTERS = ("tu", "usted", "vos")
T = TypeVar("T")

_CHOICE = re.compile(r"<([^<>]*\|[^<>]*)>")
_REGISTER = re.compile(r"\[([^\[\]|]*)\|([^\[\]|]*)\|([^\[\]|]*)\]")
_SLOT = re.compile(r"\{([a-z_]+)\}")


def render(
    template: str,
    rng: random.Random,
    register: str = "usted",
    slots: Mapping[str, str] | None = None,
) -> str:
    """Fill ``template``: random alternatives first, then the register, then the slots."""
    text = _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), template)
    index = REGISTERS.index(register)
    text = _REGISTER.sub(lambda m: m.group(index + 1), text)
    values = slots or {}
    text = _SLOT.sub(lambda m: values[m.group(1)], text)
    return _tidy(text)


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([,.;:!?])", r"\1", text)
    return text.strip()


def pick(rng: random.Random, options: Sequence[T]) -> T:
    return options[rng.randrange(len(options))]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0303")
    return unicodedata.normalize("NFC", kept)


# Shortcuts people use in chats and quick emails.
_SHORTHAND = (
    (r"\bque\b", "q"),
    (r"\bporque\b", "xq"),
    (r"\bpor favor\b", "porfa"),
    (r"\btambién\b", "tmb"),
    (r"\bgracias\b", "grax"),
)


def roughen(text: str, rng: random.Random, level: float) -> str:
    """Make ``text`` look typed in a hurry: missing accents and ``¿``, shorthand, a swapped letter.

    ``level`` between 0 and 1 is how careless the writer is; 0 returns the text unchanged.
    """
    if level <= 0:
        return text
    if rng.random() < level:
        text = strip_accents(text)
    if rng.random() < level:
        text = text.replace("¿", "").replace("¡", "")
    if rng.random() < level * 0.6:
        pattern, short = _SHORTHAND[rng.randrange(len(_SHORTHAND))]
        text = re.sub(pattern, short, text)
    if rng.random() < level * 0.5:
        text = _swap_letters(text, rng)
    if rng.random() < level * 0.4 and text[:1].isupper():
        text = text[:1].lower() + text[1:]
    return text


def _swap_letters(text: str, rng: random.Random) -> str:
    words = [i for i, w in enumerate(text.split(" ")) if len(w) > 5 and w.isalpha()]
    if not words:
        return text
    parts = text.split(" ")
    index = words[rng.randrange(len(words))]
    word = parts[index]
    at = rng.randrange(1, len(word) - 2)
    parts[index] = word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    return " ".join(parts)


def slug(text: str) -> str:
    """``"Ferretería El Tornillo"`` → ``"ferreteriaeltornillo"`` (for domains and handles)."""
    return re.sub(r"[^a-z0-9]", "", strip_accents(text).lower().replace("ñ", "n"))
