"""Fusing BM25 and dense scores into one ranking and a calibrated confidence per article.

A small logistic model reads, for each candidate article, how well each retriever scores it
and by how much it beats the best other candidate; its output is both the fused score and the
probability that the article is the one the question needs. Its weights were fitted on a
held-out half of the evaluation questions of every set (the other half only measures), with the
same features for every knowledge base: nothing in it names a set, an article or a query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rumbo.knowledge.search.index import SearchIndex
from rumbo.knowledge.search.scoring import Scores, top_mean

CANDIDATES = 30  # from each retriever; the union is scored
FloatArray = npt.NDArray[np.float32]

FEATURES = (
    "bias",
    "dense",  # the article's best passage cosine
    "dense_margin",  # ...minus the best other candidate's
    "dense_top3",  # mean cosine of its three best passages (title included)
    "dense_top3_margin",
    "lexical",  # BM25 of the whole article, over the best candidate's
    "lexical_margin",
)
# Fitted by logistic regression; see the module docstring. The lexical-only weights serve a
# store whose passages have no vectors yet (indexed while the model was unavailable).
HYBRID_WEIGHTS = np.array([2.198, 0.495, 70.021, -3.638, 84.335, 0.557, 2.593], dtype=np.float32)
LEXICAL_WEIGHTS = np.array([-2.461, 0.0, 0.0, 0.0, 0.0, 1.701, 5.842], dtype=np.float32)
# Confidence: a second logistic fit on each held-out question's best candidate (was it right?),
# over the fused log-odds and how far its passage stands out from the knowledge base as a whole
# (cosine z-score): a question the knowledge base does not cover matches nothing in particular.
CALIBRATION = (-0.074, 0.77, 0.154)
TOP_K = 3
# The cosine this model gives a question and a passage about something else (median over the
# evaluation questions: 0.76-0.82), standing in for the runner-up when only one article exists.
UNRELATED_COSINE = 0.8


@dataclass
class Fused:
    order: npt.NDArray[np.int64]  # article slots, best first
    score: FloatArray
    confidence: FloatArray
    lexical_rank: dict[int, int]
    dense_rank: dict[int, int]


def _ranks(values: FloatArray, allowed: npt.NDArray[np.bool_], k: int, floor: float) -> list[int]:
    """Slots of the ``k`` best allowed articles whose value beats ``floor``, best first."""
    masked = np.where(allowed & (values > floor), values, -np.inf)
    k = min(k, int(np.isfinite(masked).sum()))
    if k == 0:
        return []
    top = np.argpartition(-masked, k - 1)[:k]
    return [int(i) for i in top[np.argsort(-masked[top], kind="stable")]]


def _with_margin(values: FloatArray, alone: float) -> tuple[FloatArray, FloatArray]:
    """The values and how far each is above the best of the others (negative: below); a lone
    candidate is compared with ``alone``, what a candidate that does not exist would score."""
    if len(values) < 2:
        return values, (values - alone).astype(np.float32)
    first, second = np.partition(values, len(values) - 2)[-2:][::-1]
    others = np.where(values == first, second, first)
    return values, (values - others).astype(np.float32)


def features(
    index: SearchIndex, scores: Scores, candidates: list[int], has_dense: bool
) -> npt.NDArray[np.float32]:
    """The feature matrix (one row per candidate, columns as in :data:`FEATURES`)."""
    cand = np.asarray(candidates, dtype=np.int64)
    lex = scores.article_lexical[cand]
    peak = float(lex.max()) if len(cand) else 0.0
    lexical, lexical_margin = _with_margin(lex / peak if peak > 0 else np.zeros_like(lex), 0.0)
    if has_dense:
        dense, dense_margin = _with_margin(scores.article_dense[cand], UNRELATED_COSINE)
        top3 = top_mean(index, scores.chunk_dense, candidates, TOP_K)
        top, top_margin = _with_margin(top3, UNRELATED_COSINE)
    else:
        dense = dense_margin = top = top_margin = np.zeros(len(cand), dtype=np.float32)
    return np.column_stack(
        [np.ones(len(cand)), dense, dense_margin, top, top_margin, lexical, lexical_margin]
    ).astype(np.float32)


def fuse(
    index: SearchIndex, scores: Scores, allowed: npt.NDArray[np.bool_], *, dense: bool
) -> Fused:
    """Rank the allowed articles; their fused score is the calibrated log-odds of relevance."""
    lexical = _ranks(scores.article_lexical, allowed, CANDIDATES, 0.0)
    dense_top = _ranks(scores.article_dense, allowed, CANDIDATES, -1.0) if dense else []
    candidates = list(dict.fromkeys([*dense_top, *lexical]))
    n = len(scores.article_lexical)
    score = np.full(n, -np.inf, dtype=np.float32)
    confidence = np.zeros(n, dtype=np.float32)
    if candidates:
        weights = HYBRID_WEIGHTS if dense else LEXICAL_WEIGHTS
        logits = features(index, scores, candidates, dense) @ weights
        score[candidates] = logits
        if dense:
            z = (scores.article_dense[candidates] - scores.dense_mean) / scores.dense_std
            bias, slope, z_slope = CALIBRATION
            logits = bias + slope * logits + z_slope * z
        # Clipped: a far-off candidate's logit must not overflow exp (the result is ~0 anyway).
        confidence[candidates] = 1.0 / (1.0 + np.exp(-np.clip(logits, -60.0, 60.0)))
    order = np.asarray(sorted(candidates, key=lambda c: -score[c]), dtype=np.int64)
    return Fused(
        order=order,
        score=score,
        confidence=confidence,
        lexical_rank={c: i + 1 for i, c in enumerate(lexical)},
        dense_rank={c: i + 1 for i, c in enumerate(dense_top)},
    )
