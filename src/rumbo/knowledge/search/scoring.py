"""Scoring a query against the index: lexical BM25 and dense cosine, per passage and article."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from rumbo.knowledge.search.analysis import analyzer, cross_analyzer
from rumbo.knowledge.search.embeddings import PARTS
from rumbo.knowledge.search.index import COARSE_POOL, SearchIndex, Shortlist
from rumbo.knowledge.search.lexical import LexicalIndex

SHORT_QUERY_TERMS = 3  # typo tolerance applies to queries of up to this many content words
TYPO_WEIGHT = 0.8
SYNONYM_WEIGHT = 0.8
SHORTLIST = 300  # articles whose passages are compared with the query, in a large index
# How far an e5 cosine between a question and passages at large strays from its mean (median
# over the evaluation sets' questions). A small knowledge base says little about that on its
# own: its deviation is blended with this one as if PRIOR_PASSAGES more passages had it, so that
# in a ten-article help center a good match still stands out as far as it would in a large one.
PRIOR_STD = 0.022
PRIOR_PASSAGES = 200
PRIOR_MEAN = 0.78  # the mean, for a knowledge base of one article (nothing else to compare)
FloatArray = npt.NDArray[np.float32]


@dataclass
class Scores:
    """Per passage and per article scores of one query: an article's lexical score is BM25 over
    its whole text (FAQ articles gather evidence from all their example questions), its dense
    scores are its best passage's cosine under each model (e5, then USE)."""

    chunk_lexical: FloatArray
    chunk_dense: FloatArray
    article_lexical: FloatArray
    article_dense: FloatArray
    chunk_use: FloatArray
    article_use: FloatArray
    # The query's e5 cosines over a large index's sample (``standing`` compares a small one's
    # articles with each other exactly).
    dense_mean: float = 0.0
    dense_std: float = 1.0
    expansions: dict[str, str] = field(default_factory=dict)
    # Each article's log-probability under the knowledge base's own classifier (None: the
    # index has none, or the query no vector).
    article_classifier: FloatArray | None = None


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
    starts = index.article_start[:-1]
    filled = index.article_start[1:] > starts
    if filled.any():
        # Passages are sorted by article, so each article's are one run: reduce each run.
        out[filled] = np.maximum(np.maximum.reduceat(chunk_scores, starts[filled]), floor)
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


def _shortlist(
    index: SearchIndex, shortlist: Shortlist, query_vector: FloatArray, article_lexical: FloatArray
) -> npt.NDArray[np.int64]:
    """The passages of the articles most likely to matter (by mean e5 vector and by BM25)."""
    centroids = shortlist.centroids
    keep = min(SHORTLIST, len(centroids))
    if len(centroids) > COARSE_POOL:
        estimate = shortlist.coarse @ (query_vector @ shortlist.projection)
        pool = np.argpartition(-estimate, COARSE_POOL - 1)[:COARSE_POOL]
        exact = centroids[pool] @ query_vector
        by_vector = pool[np.argpartition(-exact, keep - 1)[:keep]]
    else:
        by_vector = np.argpartition(-(centroids @ query_vector), keep - 1)[:keep]
    lexical = min(64, len(centroids))
    slots = np.union1d(by_vector, np.argpartition(-article_lexical, lexical - 1)[:lexical])
    starts, ends = index.article_start[slots], index.article_start[slots + 1]
    lengths = ends - starts
    # Each article's passages are one run: the runs' rows, laid end to end.
    shift = starts - (np.cumsum(lengths) - lengths)
    rows: npt.NDArray[np.int64] = np.arange(int(lengths.sum())) + np.repeat(shift, lengths)
    return rows


def standing(index: SearchIndex, scores: Scores, slots: list[int]) -> FloatArray:
    """How far each listed article's best passage stands out from the rest of the knowledge
    base: the z-score of its e5 cosine among the other articles' passages.

    Its own passages are left out of the comparison: in a small help center they would raise
    the mean they are compared with (a three-article one has a third of its passages about the
    question). A large index compares with its sample's statistics, where that does not matter.
    """
    cand = np.asarray(slots, dtype=np.int64)
    best = scores.article_dense[cand]
    if index.shortlist is not None or not index.size:
        return ((best - scores.dense_mean) / scores.dense_std).astype(np.float32)
    dense = scores.chunk_dense.astype(np.float64)
    sums = np.concatenate([[0.0], np.cumsum(dense)])
    squares = np.concatenate([[0.0], np.cumsum(dense * dense)])
    starts, ends = index.article_start[cand], index.article_start[cand + 1]
    others = (index.size - (ends - starts)).astype(np.float64)
    safe = np.maximum(others, 1.0)
    mean = np.where(others > 0, (sums[-1] - sums[ends] + sums[starts]) / safe, PRIOR_MEAN)
    variance = np.maximum((squares[-1] - squares[ends] + squares[starts]) / safe - mean**2, 0.0)
    k = float(PRIOR_PASSAGES)
    blended = (others * variance + k * PRIOR_STD**2) / (others + k)
    z: FloatArray = ((best - mean) / np.sqrt(blended)).astype(np.float32)
    return z


def score(
    index: SearchIndex, query: str, query_language: str, query_vector: FloatArray | None
) -> Scores:
    """Lexical and (when a query vector is given) dense scores of every passage and article.

    Passages the dense models did not read (outside a large index's shortlist) score -1.
    """
    chunk_lexical, article_lexical, notes = lexical_scores(index, query, query_language)
    chunk_dense = np.zeros(index.size, dtype=np.float32)
    chunk_use = np.zeros(index.size, dtype=np.float32)
    stats = (0.0, 1.0)
    classified = None
    if query_vector is not None and (classifier := index.classifier) is not None:
        classified = classifier.log_probabilities(query_vector)
    if query_vector is not None and index.size:
        e5_query, use_query = (query_vector[part] for part in PARTS)
        shortlist = index.shortlist
        if shortlist is None:
            chunk_dense = index.vectors @ e5_query
            chunk_use = index.use_vectors @ use_query
        else:
            rows = _shortlist(index, shortlist, e5_query, article_lexical)
            chunk_dense = np.full(index.size, -1.0, dtype=np.float32)
            chunk_use = np.full(index.size, -1.0, dtype=np.float32)
            chunk_dense[rows] = index.vectors[rows] @ e5_query
            chunk_use[rows] = index.use_vectors[rows] @ use_query
            q = e5_query.astype(np.float64)
            variance = float(q @ shortlist.sample_cov @ q)
            mean = float(shortlist.sample_mean @ q)
            stats = (mean, math.sqrt(variance) if variance > 0 else 1.0)
    return Scores(
        dense_mean=stats[0],
        dense_std=stats[1],
        chunk_lexical=chunk_lexical,
        chunk_dense=chunk_dense,
        article_lexical=article_lexical,
        article_dense=per_article(index, chunk_dense, -1.0),
        chunk_use=chunk_use,
        article_use=per_article(index, chunk_use, -1.0),
        expansions=notes,
        article_classifier=classified,
    )
