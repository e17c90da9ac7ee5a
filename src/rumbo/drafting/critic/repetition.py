"""Saying the same thing twice: a repeated sentence, a repeated idea, a stutter.

Sentences are compared by their content words (stemmed, stopwords dropped), so "Tu pedido está
en camino" and "Tu pedido ya está en camino y llega pronto" count as the same idea. Telling the
reader more than once that they cannot use the product is caught as one idea too, whatever the
wording ("no estará disponible", "no podrás usar el sistema").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from rumbo.drafting.critic.lexicon import ENGLISH_STOPWORDS, PLACEHOLDER, SPANISH_STOPWORDS
from rumbo.drafting.critic.textspan import EMAIL, URL, Sentence, fold_same_length, sentences
from rumbo.drafting.critic.types import CriticContext, Finding

if TYPE_CHECKING:
    import Stemmer

_NEGATION = re.compile(r"(?<!\w)(?:no|ni|sin|nunca|not|cannot|can't|won't|unable|n't)(?!\w)|n't")
_USE = re.compile(
    r"(?<!\w)(?:pod\w*|pued\w*|usar|uses?|utiliz\w*|funcion\w*|acced\w*|access\w*|"
    r"disponible|available|carga|cargar|load\w*|operar|work\w*|able|entrar|abrir)(?!\w)"
)
_DOWN = re.compile(
    r"(?<!\w)(?:(?:esta|estara|sigue)\s+caid[oa]|fuera\s+de\s+servicio|unavailable|offline|"
    r"(?:is|has\s+been|are|was|will\s+be)\s+down|out\s+of\s+service)(?!\w)"
)
_STUTTER = re.compile(r"(?<!\w)((?:[^\W\d]+[\s,]+){0,2}[^\W\d]+)[\s,]+\1(?!\w)", re.UNICODE)


@lru_cache(maxsize=2)
def _stemmer(language: str) -> Stemmer.Stemmer:
    import Stemmer

    return Stemmer.Stemmer("english" if language == "en" else "spanish")


def _content(sentence: Sentence, language: str) -> set[str]:
    text = URL.sub(" ", EMAIL.sub(" ", sentence.text))
    folded = fold_same_length(text)
    stop = ENGLISH_STOPWORDS if language == "en" else SPANISH_STOPWORDS
    tokens = [w for w in re.findall(r"[a-zñ']+", folded) if len(w) > 2 and w not in stop]
    return set(_stemmer(language).stemWords(tokens))


def says_unavailable(sentence: str) -> bool:
    """Whether a sentence tells the reader the product cannot be used."""
    folded = fold_same_length(sentence)
    if _DOWN.search(folded):
        return True
    return bool(_NEGATION.search(folded) and _USE.search(folded))


def repeated_sentences(text: str, language: str) -> list[tuple[Sentence, Sentence]]:
    """``(earlier, later)`` pairs where the later sentence repeats the earlier one's idea."""
    parts = sentences(text)
    contents = [_content(s, language) for s in parts]
    pairs: list[tuple[Sentence, Sentence]] = []
    repeated: set[int] = set()
    first_unavailable: int | None = None
    for index, sentence in enumerate(parts):
        if says_unavailable(sentence.text):
            if first_unavailable is None:
                first_unavailable = index
            else:
                pairs.append((parts[first_unavailable], sentence))
                repeated.add(index)
                continue
        for earlier in range(index):
            if earlier in repeated:
                continue
            shared = contents[index] & contents[earlier]
            smaller = min(len(contents[index]), len(contents[earlier]))
            if len(shared) >= 2 and len(shared) / smaller >= 0.6:
                pairs.append((parts[earlier], sentence))
                repeated.add(index)
                break
    return pairs


def overused_words(text: str, ctx: CriticContext) -> list[tuple[int, int, str]]:
    """Content words used too often: ``(start, end, word)`` of the use that crosses the limit.

    The limit grows with the text: three uses in a short message, one more per 600 characters.

    Names (the brand's, the customer's) and words of the contact details do not count: they
    are repeated on purpose.
    """
    spared = set()
    for value in [ctx.voice.name if ctx.voice else "", *(str(v) for v in (ctx.crm or {}).values())]:
        spared |= set(fold_same_length(value).split())
    stop = ENGLISH_STOPWORDS if ctx.language == "en" else SPANISH_STOPWORDS
    clean = text
    for pattern in (EMAIL, URL, PLACEHOLDER):
        clean = pattern.sub(lambda m: " " * len(m.group()), clean)
    folded = fold_same_length(clean)
    seen: dict[str, int] = {}
    found: list[tuple[int, int, str]] = []
    stemmer = _stemmer(ctx.language)
    limit = overuse_limit(text)
    for match in re.finditer(r"[a-zñ]{5,}", folded):
        word = match.group()
        if word in stop or word in spared:
            continue
        stem = stemmer.stemWord(word)
        seen[stem] = seen.get(stem, 0) + 1
        if seen[stem] == limit:
            found.append((match.start(), match.end(), text[match.start() : match.end()]))
    return found


def overuse_limit(text: str) -> int:
    return 3 + len(text) // 600


def repetition(text: str, folded: str, ctx: CriticContext) -> list[Finding]:
    found: list[Finding] = []
    limit = overuse_limit(text)
    for start, end, word in overused_words(text, ctx):
        found.append(
            Finding(
                "repetition",
                "info",
                (
                    f"“{word}” is used {limit} times or more."
                    if ctx.language == "en"
                    else f"«{word}» aparece {limit} veces o más."
                ),
                start,
                end,
                (
                    "Use it once or twice, or say it another way."
                    if ctx.language == "en"
                    else "Úsala una o dos veces, o dilo de otra forma."
                ),
                word,
            )
        )
    for earlier, later in repeated_sentences(text, ctx.language):
        found.append(
            Finding(
                "repetition",
                "warning",
                (
                    f"This sentence repeats an earlier one (“{earlier.text[:60]}”)."
                    if ctx.language == "en"
                    else f"Esta frase repite lo que ya dice otra («{earlier.text[:60]}»)."
                ),
                later.start,
                later.end,
                (
                    "Say it once: drop this sentence or merge the two."
                    if ctx.language == "en"
                    else "Dilo una sola vez: quita esta frase o únela con la otra."
                ),
                later.text,
            )
        )
    for match in _STUTTER.finditer(folded):
        unit = match.group(1)
        shown = text[match.start() : match.start() + len(unit)]
        if len(unit) < 3:
            continue
        start = match.start() + len(unit)
        end = match.end()
        found.append(
            Finding(
                "repetition",
                "warning",
                (
                    f"“{shown}” is written twice in a row."
                    if ctx.language == "en"
                    else f"«{shown}» está escrito dos veces seguidas."
                ),
                start,
                end,
                "Remove the repeated words." if ctx.language == "en" else "Quita la repetición.",
                text[start:end],
            )
        )
    return found
