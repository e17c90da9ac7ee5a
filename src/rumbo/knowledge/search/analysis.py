"""Text analysis for search: folding, tokens, stopwords, Snowball stems, per language.

Folding happens before stemming, so "ENVÍO", "envío" and "envio" become the same term and no
accented letter can make a query miss: the stemmers handle unaccented Spanish well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from rumbo.knowledge.search.stopwords import STOPWORDS
from rumbo.text import fold

if TYPE_CHECKING:
    import Stemmer

LANGUAGES = ("es", "en", "pt")  # the article languages Rumbo stores; queries are detected es/en
_STEMMER_NAMES = {"es": "spanish", "en": "english", "pt": "portuguese"}
_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
# Letters and signs that only Spanish uses among the two languages.
_SPANISH_MARKS = re.compile(r"[ñáéíóúü¿¡]", re.IGNORECASE)


def tokens(text: str) -> list[str]:
    """Folded word tokens; English possessives and contractions lose their tail."""
    return [re.split(r"['’]", t, maxsplit=1)[0] for t in _TOKEN.findall(fold(text))]


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    import Stemmer

    return Stemmer.Stemmer(_STEMMER_NAMES[language])


class Analyzer:
    """Turns text into index terms for one language: fold, tokenize, drop stopwords, stem."""

    def __init__(self, language: str, *, extra_stopwords: Iterable[str] = ()) -> None:
        if language not in _STEMMER_NAMES:
            raise ValueError(f"no analyzer for language {language!r}")
        self.language = language
        self.stopwords = STOPWORDS[language] | frozenset(extra_stopwords)
        self._stem = _stemmer(language)
        self._cache: dict[str, str] = {}

    def stem(self, word: str) -> str:
        cached = self._cache.get(word)
        if cached is None:
            cached = self._stem.stemWord(word)
            if len(self._cache) < 200_000:
                self._cache[word] = cached
        return cached

    def terms(self, text: str) -> list[str]:
        """Index terms of ``text`` in order (repeats kept: they are term frequencies)."""
        return [self.stem(t) for t in tokens(text) if t not in self.stopwords]

    def words(self, text: str) -> list[str]:
        """Folded words that survive the stopword list, unstemmed (for typo matching)."""
        return [t for t in tokens(text) if t not in self.stopwords]


@lru_cache(maxsize=8)
def analyzer(language: str) -> Analyzer:
    """The shared analyzer of a language."""
    return Analyzer(language)


@lru_cache(maxsize=8)
def cross_analyzer(language: str) -> Analyzer:
    """An analyzer for matching a question written in another language against ``language``:
    both languages' stopwords go, so only content words (names, numbers, loans) remain."""
    return Analyzer(language, extra_stopwords=frozenset().union(*STOPWORDS.values()))


def detect_language(text: str, default: str = "es") -> str:
    """``"es"`` or ``"en"`` from stopwords and Spanish-only letters; ``default`` when unsure.

    Questions to a help center are short; counting function words is reliable on them and costs
    microseconds, where a statistical detector adds ~100 MB to the installation.
    """
    if _SPANISH_MARKS.search(text):
        return "es"
    words = tokens(text)
    es = sum(1 for w in words if w in _ONLY_ES)
    en = sum(1 for w in words if w in _ONLY_EN)
    if es == en:
        return default
    return "es" if es > en else "en"


def encode_terms(terms: Sequence[str]) -> str:
    """Terms as stored in ``article_chunks.terms``: space-separated, in order."""
    return " ".join(terms)


def decode_terms(stored: str) -> list[str]:
    return stored.split()


_ONLY_ES = STOPWORDS["es"] - STOPWORDS["en"] - {"a", "de", "no", "se"}
_ONLY_EN = STOPWORDS["en"] - STOPWORDS["es"]
