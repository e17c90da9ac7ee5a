"""The enricher: one pass over a post's tokens gives language, sentiment, complaint, terms, topic.

Every token is analysed once per language and remembered (stem, polarity, role, topic), so after
warm-up a post costs a regex split plus one dictionary lookup per token. Stems are used only to
match lexicons and topics; the terms handed on stay readable folded words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from rumbo.knowledge.search.stopwords import STOPWORDS
from rumbo.listening.enrich import lexicon_cues as cues
from rumbo.listening.enrich.lexicon_sentiment import EN, ES, SYMBOLS, parse
from rumbo.listening.enrich.text import SPANISH_MARKS, fast_fold, tokens

if TYPE_CHECKING:
    import Stemmer

# Token roles.
CONTENT, STOP, NEGATOR, INTENSIFIER, CONTRAST = range(5)
NEGATION_WINDOW = 3  # tokens after "no"/"not" whose polarity flips
NEGATION_FACTOR = -0.75  # "not good" is milder than "bad"
SATURATION = 6.0  # total → score: total / sqrt(total² + SATURATION)
NEUTRAL_BAND = 0.15  # |score| below this is neutral
COMPLAINT_THRESHOLD = 0.5
COMPLAINT_WEIGHT = 2.0  # polarity a clear complaint adds on the negative side
# Negative words count 1.5 times: lexicons otherwise lean positive, because people use positive
# words more often and more loosely (the SO-CAL weighting, Taboada et al. 2011).
NEGATIVITY_BIAS = 1.5
MAX_TERMS = 24
_NOISE = frozenset(
    ["rt", "via", "amp", "http", "https", "www", "com", "co", "jaja", "jajaja", "haha", "lol"]
)
_MEMO_LIMIT = 300_000
# Posts remembered whole: retweets, copied complaints and the everyday surge of near-identical
# requests repeat a text verbatim, and a repeat then costs one dictionary lookup.
_TEXT_MEMO_LIMIT = 20_000
_TEXT_MEMO_CHARS = 2_000  # longer texts are rarely repeated whole, and would crowd the memory
_REPEATS = re.compile(r"(.)\1{2,}")  # "buenooo" → "bueno"
_SUPERLATIVE = re.compile(r"isim([oa])s?$")  # "carisimas" → "cara"
_ES_ENDINGS = ("cion", "ciones", "mente", "ado", "ada", "ados", "adas", "ido", "ida", "idad")
_EN_ENDINGS = ("ing", "tion", "ness", "ful", "ly", "ed", "'s", "ght", "ould")


@dataclass(slots=True)
class Enrichment:
    """What a post says, in the terms the detector counts."""

    language: str  # 'es' | 'en' | 'und'
    sentiment: str  # 'negative' | 'neutral' | 'positive'
    sentiment_score: float  # -1.0 .. 1.0
    complaint: bool
    complaint_score: float  # 0.0 .. 1.0
    terms: tuple[
        str, ...
    ]  # folded unigrams, two-word phrases, #hashtags, @mentions, producto:<name>
    topic: str | None  # a key of the taxonomy, or None when no topic word appears

    # Written out, and not frozen, so that mypyc builds it in C (see detect.types.Observation).
    def __init__(
        self,
        language: str,
        sentiment: str,
        sentiment_score: float,
        complaint: bool,
        complaint_score: float,
        terms: tuple[str, ...],
        topic: str | None,
    ) -> None:
        self.language = language
        self.sentiment = sentiment
        self.sentiment_score = sentiment_score
        self.complaint = complaint
        self.complaint_score = complaint_score
        self.terms = terms
        self.topic = topic


@dataclass(frozen=True, slots=True)
class _Token:
    role: int
    polarity: float  # sentiment weight, or the multiplier of an intensifier
    topic: str | None
    complaint: float
    term: bool  # worth counting as a term
    phrase: bool = False  # first word of a known phrase (cue, topic keyword, product)
    head: bool = False  # may open a two-word term ("sin servicio", "no funciona")
    plain: bool = False  # nothing to do but end a phrase and count down a negation
    marked: bool = False  # meaningful enough to form a two-word term with a neighbour


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    import Stemmer

    return Stemmer.Stemmer({"es": "spanish", "en": "english"}[language])


def _fold_all(table: Mapping[str, float]) -> dict[str, float]:
    return {fast_fold(word): value for word, value in table.items()}


class Enricher:
    """Enriches short texts; build once (lexicons are compiled), then call from one thread."""

    def __init__(
        self, products: Sequence[str] = (), topics: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        lexicons = {"es": _fold_all(parse(ES)), "en": _fold_all(parse(EN))}
        self._symbols = {k.lower(): v for k, v in parse(SYMBOLS).items()}
        self._exact = {**lexicons["en"], **lexicons["es"], **self._symbols}
        self._stem_lex = {
            lang: {self._stem(lang, word): value for word, value in table.items()}
            for lang, table in lexicons.items()
        }
        self._stop = STOPWORDS["es"] | STOPWORDS["en"]
        # Words that tell the languages apart: function words and lexicon words of one only.
        es_words = cues.LANGUAGE_HINTS["es"] | STOPWORDS["es"] | set(lexicons["es"])
        en_words = cues.LANGUAGE_HINTS["en"] | STOPWORDS["en"] | set(lexicons["en"])
        self._es_words = es_words - en_words
        self._en_words = en_words - es_words
        self._vote_memo: dict[str, float] = {}
        # Phrases (two words or more) by first word: (rest, kind, payload, weight).
        self._phrases: dict[str, list[tuple[tuple[str, ...], str, str, float]]] = {}
        self._word_topic: dict[str, str] = {}
        self._stem_topic: dict[str, dict[str, str]] = {"es": {}, "en": {}}
        self._word_cue: dict[str, float] = {}
        for cue, weight in cues.COMPLAINT_CUES.items():
            self._add(cue, "complaint", "", weight)
        for topic, keywords in (cues.TOPICS if topics is None else topics).items():
            for keyword in keywords:
                self._add(keyword, "topic", topic, 1.0)
        self._products: dict[str, str] = {}
        for name in products:
            if name.strip():
                self._add(name, "product", name.strip(), 1.0)
        self._memo: dict[str, dict[str, _Token]] = {"es": {}, "en": {}, "und": {}}
        self._seen: dict[tuple[str, str], Enrichment] = {}

    def _stem(self, language: str, word: str) -> str:
        return str(_stemmer(language).stemWord(word))

    def _add(self, phrase: str, kind: str, payload: str, weight: float) -> None:
        words = tokens(fast_fold(phrase))
        if not words:
            return
        if len(words) > 1 or kind == "product":
            self._phrases.setdefault(words[0], []).append((tuple(words[1:]), kind, payload, weight))
        elif kind == "complaint":
            self._word_cue[words[0]] = weight
        else:
            self._word_topic[words[0]] = payload
            for lang in ("es", "en"):
                self._stem_topic[lang].setdefault(self._stem(lang, words[0]), payload)

    def _analyse(self, word: str, language: str) -> _Token:
        phrase = word in self._phrases
        head = word in cues.PHRASE_HEADS
        if word in cues.NEGATORS:
            return _Token(NEGATOR, 0.0, None, 0.0, False, phrase, True)
        if word in cues.INTENSIFIERS:
            return _Token(INTENSIFIER, cues.INTENSIFIERS[word], None, 0.0, False, phrase, head)
        if word in cues.CONTRAST:
            return _Token(CONTRAST, 0.0, None, 0.0, False, phrase, head)
        langs = ("es", "en") if language == "und" else (language,)
        polarity = self._exact.get(word)
        topic = self._word_topic.get(word)
        stems = [self._stem(lang, word) for lang in langs] if word[0].isalpha() else []
        for lang, stem in zip(langs, stems, strict=False):
            if polarity is None:
                polarity = self._stem_lex[lang].get(stem)
            if topic is None:
                topic = self._stem_topic[lang].get(stem)
        if polarity is None and word[0].isalpha():
            polarity = self._variant_polarity(word, langs)
        stop = word in self._stop
        term = not stop and len(word) > 1 and word not in _NOISE and word[0].isalnum()
        if term and word.isdigit() and len(word) < 3:
            term = False
        if polarity is not None and polarity < 0:
            polarity *= NEGATIVITY_BIAS
        complaint = self._word_cue.get(word, 0.0)
        plain = not (polarity or topic or complaint or term or phrase or head)
        return _Token(
            STOP if stop else CONTENT,
            polarity or 0.0,
            topic,
            complaint,
            term,
            phrase,
            head,
            plain,
            bool(polarity or topic or complaint or head),
        )

    def _variant_polarity(self, word: str, langs: tuple[str, ...]) -> float | None:
        """Polarity of an informal or superlative form: "buenooo", "carísimas"."""
        variants = []
        squeezed = _REPEATS.sub(r"\1", word)
        if squeezed != word:
            variants.append(squeezed)
        match = _SUPERLATIVE.search(squeezed)
        if match:
            variants.append(squeezed[: match.start()] + match.group(1)[0])
        for variant in variants:
            polarity = self._exact.get(variant)
            for lang in langs:
                if polarity is None:
                    polarity = self._stem_lex[lang].get(self._stem(lang, variant))
            if polarity is not None:
                return polarity
        return None

    def _votes(self, word: str) -> float:
        """How Spanish (> 0) or English (< 0) one word looks, remembered per word."""
        vote = 0.0
        if word in self._es_words:
            vote += 1.0
        if word in self._en_words:
            vote -= 1.0
        if vote == 0.0 and len(word) > 4:
            if word.endswith(_ES_ENDINGS):
                vote = 0.5
            elif word.endswith(_EN_ENDINGS):
                vote = -0.5
        if len(self._vote_memo) < _MEMO_LIMIT:
            self._vote_memo[word] = vote
        return vote

    def _language(self, text: str, words: list[str]) -> str:
        memo = self._vote_memo
        score = 0.0
        for word in words:
            vote = memo.get(word)
            score += self._votes(word) if vote is None else vote
        if not text.isascii() and SPANISH_MARKS.search(text):
            score += 2.0
        if score == 0.0:
            return "und"
        return "es" if score > 0 else "en"

    def enrich(self, text: str, language_hint: str | None = None) -> Enrichment:
        """Language, sentiment, complaint, terms and topic of one post."""
        # A hint such as "es", "ES" or "es-MX" is trusted; any other language is detected.
        hint = language_hint[:2].lower() if language_hint else ""
        if hint not in ("es", "en"):
            hint = ""
        seen = self._seen.get((text, hint))
        if seen is not None:
            return seen
        enrichment = self._enrich(text, hint)
        if len(text) <= _TEXT_MEMO_CHARS:
            if len(self._seen) >= _TEXT_MEMO_LIMIT:
                self._seen.clear()
            self._seen[text, hint] = enrichment
        return enrichment

    def _enrich(self, text: str, hint: str) -> Enrichment:
        words = tokens(fast_fold(text))
        language = hint or self._language(text, words)
        memo = self._memo[language]
        if len(memo) > _MEMO_LIMIT:
            memo.clear()
        total = 0.0
        negation = 0
        multiplier = 1.0
        emphasis = 1.0
        miss = 1.0  # probability that no complaint cue is real
        topic_votes: dict[str, float] = {}
        terms: dict[str, None] = {}
        previous: str | None = None
        marked = False
        for index, word in enumerate(words):
            first = word[0]
            if first == "#" or first == "@":
                terms[word] = None
                if first == "#":  # "#fail", "#gracias" speak for themselves
                    total += self._exact.get(word[1:], 0.0)
                previous = None
                continue
            info = memo.get(word)
            if info is None:
                info = memo[word] = self._analyse(word, language)
            if info.plain:
                if negation > 0:
                    negation -= 1
                previous = None
                continue
            role = info.role
            if role == NEGATOR:
                negation = NEGATION_WINDOW
            elif role == INTENSIFIER:
                multiplier = info.polarity
            elif role == CONTRAST:
                total *= 0.5
                emphasis = 1.5
            elif info.polarity:
                value = info.polarity * multiplier * emphasis
                total += value * NEGATION_FACTOR if negation > 0 else value
                multiplier = 1.0
            if role != NEGATOR and negation > 0:
                negation -= 1
            if info.complaint:
                miss *= 1.0 - info.complaint
            if info.topic is not None:
                topic_votes[info.topic] = topic_votes.get(info.topic, 0.0) + 1.0
            if info.phrase:
                miss = self._match_phrases(words, index, miss, topic_votes, terms)
            if info.term:
                terms[word] = None
                # Two-word terms only where one word carries meaning for listening (a negation,
                # a polarity, a complaint cue, a topic word): "sin servicio", "cancelled flight".
                if previous is not None and (marked or info.marked):
                    terms[f"{previous} {word}"] = None
                previous, marked = word, info.marked
            else:
                previous, marked = (word, True) if info.head else (None, False)
        if total and "!" in text:
            total *= 1.0 + 0.1 * min(text.count("!"), 3)
        cue_score = 1.0 - miss
        if cue_score >= COMPLAINT_THRESHOLD:
            # Reporting a fault is negative even in polite words ("thanks, still no refund").
            total -= COMPLAINT_WEIGHT * cue_score
        score = total / math.sqrt(total * total + SATURATION)
        sentiment = "neutral"
        if score >= NEUTRAL_BAND:
            sentiment = "positive"
        elif score <= -NEUTRAL_BAND:
            sentiment = "negative"
            # A complaint is a negative gap between what was expected and what happened, so
            # clear negativity is evidence of one even without a cue phrase.
            miss *= 1.0 + max(score, -0.9)
        complaint_score = 1.0 - miss
        topic = max(topic_votes, key=topic_votes.__getitem__) if topic_votes else None
        return Enrichment(
            language=language,
            sentiment=sentiment,
            sentiment_score=round(score, 4),
            complaint=complaint_score >= COMPLAINT_THRESHOLD,
            complaint_score=round(complaint_score, 4),
            terms=tuple(terms)[:MAX_TERMS],
            topic=topic,
        )

    def _match_phrases(
        self,
        words: list[str],
        index: int,
        miss: float,
        topic_votes: dict[str, float],
        terms: dict[str, None],
    ) -> float:
        for rest, kind, payload, weight in self._phrases[words[index]]:
            end = index + 1 + len(rest)
            if tuple(words[index + 1 : end]) != rest:
                continue
            if kind == "complaint":
                miss *= 1.0 - weight
            elif kind == "topic":
                topic_votes[payload] = topic_votes.get(payload, 0.0) + 1.5
            else:
                terms[f"producto:{payload}"] = None
        return miss

    def enrich_many(
        self, texts: Sequence[str], hints: Sequence[str | None] | None = None
    ) -> list[Enrichment]:
        """``enrich`` over a batch; ``hints`` (same length) are optional language hints."""
        if hints is None:
            return [self.enrich(text) for text in texts]
        if len(hints) != len(texts):
            raise ValueError("hints must have one entry per text")
        return [self.enrich(text, hint) for text, hint in zip(texts, hints, strict=True)]
