"""Scoring a query against the index: lexical BM25 and dense cosine, per passage and article."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from rumbo.knowledge.search.analysis import analyzer, cross_analyzer
from rumbo.knowledge.search.index import SearchIndex
from rumbo.knowledge.search.lexical import LexicalIndex

SHORT_QUERY_TERMS = 3  # typo tolerance applies to queries of up to this many content words
TYPO_WEIGHT = 0.8
SYNONYM_WEIGHT = 0.8
SHORTLIST = 300  # articles whose passages are compared with the query, in a large index
FloatArray = npt.NDArray[np.float32]


@dataclass
class Scores:
    """Per passage and per article scores of one query: an article's lexical score is BM25 over
    its whole text (FAQ articles gather evidence from all their example questions), its dense
    score is its best passage's cosine."""

    chunk_lexical: FloatArray
    chunk_dense: FloatArray
    article_lexical: FloatArray
    article_dense: FloatArray
    dense_mean: float = 0.0  # of the query's cosine over all passages (estimated when large)
    dense_std: float = 1.0
    expansions: dict[str, str] = field(default_factory=dict)


def weighted_terms(
    index: SearchIndex, lex: LexicalIndex, index_language: str, query: str, query_language: str
) -> tuple[list[tuple[str, float]], dict[str, str]]:
    """The query's terms for one language's index, with typo fixes and synonyms added."""
    same = index_language == query_language
    analysis = analyzer(index_language) if same else cross_analyzer(index_language)
    terms = list(dict.fromkeys(analysis.terms(query)))
    weighted = [(t, 1.0) for t in terms]
    notes: dict[str, str] = {}
    if len(terms) <= SHORT_QUERY_TERMS:
        for term in terms:
            if term not in lex and (fixed := lex.near(term)) is not None and fixed != term:
                weighted.append((fixed, TYPO_WEIGHT))
                notes[term] = fixed
    present = tuple(terms)
    for group in index.synonyms.get(index_language, []):
        found = next((p for p in group if _contains(present, p)), None)
        if found is None:
            continue
        for phrase in group:
            if phrase != found:
                weighted.extend((t, SYNONYM_WEIGHT / len(phrase)) for t in phrase)
                notes[" ".join(found)] = " ".join(phrase)
    return weighted, notes


def _contains(terms: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(terms[i : i + n] == phrase for i in range(len(terms) - n + 1))


def lexical_scores(
    index: SearchIndex, query: str, query_language: str
) -> tuple[FloatArray, FloatArray, dict[str, str]]:
    """BM25 of every passage and of every whole article, each language's articles scored with
    that language's analysis of the query."""
    passages = np.zeros(index.size, dtype=np.float32)
    articles = np.zeros(len(index.articles), dtype=np.float32)
    notes: dict[str, str] = {}
    for language, lex in index.lexical.items():
        terms, found = weighted_terms(index, lex, language, query, query_language)
        lex.scores(terms, passages)
        index.article_lexical[language].scores(terms, articles)
        notes.update(found)
    return passages, articles, notes


def per_article(index: SearchIndex, chunk_scores: FloatArray, floor: float) -> FloatArray:
    """Each article's best passage score (``floor`` for articles without passages)."""
    out = np.full(len(index.articles), floor, dtype=np.float32)
    np.maximum.at(out, index.chunk_article, chunk_scores)
    return out


def top_mean(index: SearchIndex, chunk_scores: FloatArray, slots: list[int], k: int) -> FloatArray:
    """The mean of each listed article's ``k`` best passage scores (fewer if it has fewer)."""
    out = np.zeros(len(slots), dtype=np.float32)
    for i, slot in enumerate(slots):
        part = chunk_scores[index.article_start[slot] : index.article_start[slot + 1]]
        if len(part) > k:
            part = np.partition(part, len(part) - k)[-k:]
        out[i] = part.mean() if len(part) else 0.0
    return out


def _shortlisted_dense(
    index: SearchIndex, centroids: FloatArray, query_vector: FloatArray, article_lexical: FloatArray
) -> FloatArray:
    """Cosines of the passages of the articles most likely to matter; -1 for the others."""
    by_vector = centroids @ query_vector
    keep = min(SHORTLIST, len(by_vector))
    slots = np.union1d(
        np.argpartition(-by_vector, keep - 1)[:keep],
        np.argpartition(-article_lexical, min(64, len(by_vector)) - 1)[:64],
    )
    rows = np.concatenate(
        [np.arange(index.article_start[s], index.article_start[s + 1]) for s in slots]
    )
    out = np.full(index.size, -1.0, dtype=np.float32)
    out[rows] = index.vectors[rows] @ query_vector
    return out


def score(
    index: SearchIndex, query: str, query_language: str, query_vector: FloatArray | None
) -> Scores:
    """Lexical and (when a query vector is given) dense scores of every passage and article."""
    chunk_lexical, article_lexical, notes = lexical_scores(index, query, query_language)
    mean, std = 0.0, 1.0
    if query_vector is None or not index.size:
        chunk_dense = np.zeros(index.size, dtype=np.float32)
    elif index.centroids is None or index.sample is None:
        chunk_dense = index.vectors @ query_vector
        mean, std = float(chunk_dense.mean()), float(chunk_dense.std())
    else:
        chunk_dense = _shortlisted_dense(index, index.centroids, query_vector, article_lexical)
        sampled = index.sample @ query_vector
        mean, std = float(sampled.mean()), float(sampled.std())
    return Scores(
        dense_mean=mean,
        dense_std=std or 1.0,
        chunk_lexical=chunk_lexical,
        chunk_dense=chunk_dense,
        article_lexical=article_lexical,
        article_dense=per_article(index, chunk_dense, -1.0),
        expansions=notes,
    )
