"""Offsets-preserving text helpers: folding, sentences and words with their positions.

Every check matches on a folded copy of the text that has *exactly* the same length as the
original, so a match's offsets point at the same characters in what the person wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from rumbo.text import fold

_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”»)]*\s+|\n+")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')]+[^\s<>\"').,;:!?]", re.IGNORECASE)
PHONE = re.compile(r"(?<![\w#])\+?\d[\d \-().]{6,}\d(?![\w%])")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char.lower()[:1] or char


def fold_same_length(text: str) -> str:
    """:func:`rumbo.text.fold`, one character for one, so offsets stay valid."""
    return "".join(_fold_char(c) for c in text)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(text: str) -> list[Sentence]:
    """Sentences (and lines) with their offsets; blank pieces are skipped."""
    found: list[Sentence] = []
    position = 0
    for boundary in _SENTENCE_END.finditer(text):
        _add(found, text, position, boundary.start())
        position = boundary.end()
    _add(found, text, position, len(text))
    return found


def _add(found: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        lead = len(piece) - len(piece.lstrip())
        found.append(Sentence(start + lead, start + lead + len(stripped), stripped))


def words(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, word)`` for every word (letters only) of ``text``."""
    for match in WORD.finditer(text):
        yield match.start(), match.end(), match.group()


def contact_spans(text: str) -> list[tuple[int, int]]:
    """Where emails, URLs and phone numbers are: other checks look past them."""
    spans = [(m.start(), m.end()) for m in EMAIL.finditer(text)]
    spans += [(m.start(), m.end()) for m in URL.finditer(text)]
    spans += [(m.start(), m.end()) for m in PHONE.finditer(text) if _digits(m.group()) >= 8]
    return sorted(spans)


def _digits(text: str) -> int:
    return sum(c.isdigit() for c in text)


def inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < e and s < end for s, e in spans)


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A folded, whole-word, whitespace-tolerant pattern for a phrase from a list."""
    parts = [re.escape(p) for p in fold(phrase).split()]
    body = r"\s+".join(parts)
    left = r"(?<!\w)" if phrase[:1].isalnum() else ""
    right = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(left + body + right)


def sentence_at(text: str, position: int) -> Sentence | None:
    for sentence in sentences(text):
        if sentence.start <= position < max(sentence.end, sentence.start + 1):
            return sentence
    return None
