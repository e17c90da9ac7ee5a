"""Fusing BM25 and the two dense models' scores into one ranking and a confidence per article.

A small log-linear model reads, for each candidate article, how well each retriever scores it
and by how much it beats the best other candidate; its output is the fused score, and a second
fit turns the best one into the probability that it is the article the question needs. The
weights are fitted by ``bench/fit_fusion.py`` on one half of the evaluation questions of every
set (the other half only measures), with the same features for every knowledge base: nothing in
it names a set, an article or a query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from rumbo.knowledge.search.classifier import FLOOR
from rumbo.knowledge.search.index import SearchIndex
from rumbo.knowledge.search.scoring import Scores, standing, top_mean

CANDIDATES = 30  # from each retriever; the union is scored
FloatArray = npt.NDArray[np.float32]

FEATURES = (
    "bias",
    "dense",  # e5: the article's best passage cosine
    "dense_margin",  # ...minus the best other candidate's
    "dense_top",  # mean cosine of its best TOP_K passages (title included)
    "dense_top_margin",
    "lexical",  # BM25 of the whole article, over the best candidate's
    "lexical_margin",
    "use",  # the same four for the Universal Sentence Encoder
    "use_margin",
    "use_top",
    "use_top_margin",
    "classifier",  # log-probability under the knowledge base's own classifier (classifier.py)
    "classifier_margin",
)
# Fitted by bench/fit_fusion.py; see the module docstring. A knowledge base too large for its
# own classifier is ranked by the weights fitted without it; the lexical-only weights serve a
# store whose passages have no vectors yet (indexed while the models were unavailable).
HYBRID_WEIGHTS = np.array(
    [
        0.0,
        41.289,
        -2.401,
        81.388,
        -5.493,
        -4.819,
        5.582,
        5.145,
        4.584,
        2.454,
        -5.614,
        0.894,
        -0.263,
    ],
    dtype=np.float32,
)
PLAIN_WEIGHTS = np.array(
    [0.0, 46.087, -3.475, 91.005, -7.95, -4.942, 5.686, 8.41, 3.808, 7.519, -5.438, 0.0, 0.0],
    dtype=np.float32,
)
LEXICAL_WEIGHTS = np.array(
    [-2.461, 0.0, 0.0, 0.0, 0.0, 1.701, 5.842, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0], dtype=np.float32
)
# Confidence: a logistic fit on each question's best candidate (was it right?), over its fused
# score under PLAIN_WEIGHTS (see ``fuse``) and how far its best passage stands out from the rest
# of the knowledge base (e5 cosine z-score): a question the knowledge base does not cover
# matches nothing in particular. (Its margin over the runner-up and the USE z-score were tried:
# they sorted right from wrong among covered questions, but let more uncovered ones through at
# the same answer rate.)
CALIBRATION = np.array([-5.283, 0.037, 0.701], dtype=np.float32)
LEXICAL_CALIBRATION = np.array([0.0, 1.0, 0.0], dtype=np.float32)  # its score is log-odds
TOP_K = 8  # a FAQ article's best examples, a long article's best paragraphs (3 and 5 did worse)
# The cosine each model gives a question and a passage about something else (median over the
# evaluation questions: e5 0.76-0.82, USE 0.03-0.24), standing in for the runner-up when only
# one article exists.
UNRELATED_COSINE = 0.8
UNRELATED_USE_COSINE = 0.1


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
    columns = [np.ones(len(cand), dtype=np.float32), *_dense(index, scores, candidates, has_dense)]
    columns[5:5] = [lexical, lexical_margin]
    if has_dense and scores.article_classifier is not None:
        columns.extend(_with_margin(scores.article_classifier[cand], FLOOR))
    else:
        columns.extend([np.zeros(len(cand), dtype=np.float32)] * 2)
    return np.column_stack(columns).astype(np.float32)


def _dense(
    index: SearchIndex, scores: Scores, candidates: list[int], has_dense: bool
) -> list[FloatArray]:
    """Each model's best cosine and top-``TOP_K`` mean per candidate, each with its margin."""
    if not has_dense:
        return [np.zeros(len(candidates), dtype=np.float32)] * 8
    cand = np.asarray(candidates, dtype=np.int64)
    columns: list[FloatArray] = []
    for article, chunk, alone in (
        (scores.article_dense, scores.chunk_dense, UNRELATED_COSINE),
        (scores.article_use, scores.chunk_use, UNRELATED_USE_COSINE),
    ):
        columns.extend(_with_margin(article[cand], alone))
        columns.extend(_with_margin(top_mean(index, chunk, candidates, TOP_K), alone))
    return columns


def calibration_features(
    index: SearchIndex,
    scores: Scores,
    fused: FloatArray,
    candidates: list[int],
    has_dense: bool,
) -> npt.NDArray[np.float32]:
    """What the confidence reads of each candidate: bias, fused score, and how far its best
    passage stands out from the rest of the knowledge base (``scoring.standing``)."""
    if has_dense:
        z = standing(index, scores, candidates)
    else:
        z = np.zeros(len(candidates), dtype=np.float32)
    return np.column_stack([np.ones(len(candidates)), fused, z]).astype(np.float32)


def candidates_of(
    scores: Scores, allowed: npt.NDArray[np.bool_], *, dense: bool
) -> tuple[list[int], list[int], list[int]]:
    """(candidates, lexical top, e5 top): the union of each retriever's best articles."""
    lexical = _ranks(scores.article_lexical, allowed, CANDIDATES, 0.0)
    dense_top = _ranks(scores.article_dense, allowed, CANDIDATES, -1.0) if dense else []
    use_top = _ranks(scores.article_use, allowed, CANDIDATES, -1.0) if dense else []
    return list(dict.fromkeys([*dense_top, *use_top, *lexical])), lexical, dense_top


def fuse(
    index: SearchIndex, scores: Scores, allowed: npt.NDArray[np.bool_], *, dense: bool
) -> Fused:
    """Rank the allowed articles by fused score; each gets the probability that it is right."""
    candidates, lexical, dense_top = candidates_of(scores, allowed, dense=dense)
    n = len(scores.article_lexical)
    score = np.full(n, -np.inf, dtype=np.float32)
    confidence = np.zeros(n, dtype=np.float32)
    if candidates:
        x = features(index, scores, candidates, dense)
        if dense:
            # The confidence reads the fused score without the classifier: its log-probabilities
            # are flatter in a knowledge base of near-twin articles than in one of distinct
            # ones, so with them the same score meant different odds from one knowledge base to
            # another (calibrated on it, clinc150 answered 2.5 points fewer questions right at
            # the same hand-over rate). The classifier reorders; it does not vouch.
            judged = x @ PLAIN_WEIGHTS
            ranked = x @ HYBRID_WEIGHTS if scores.article_classifier is not None else judged
            calibration = CALIBRATION
        else:
            ranked = judged = x @ LEXICAL_WEIGHTS
            calibration = LEXICAL_CALIBRATION
        score[candidates] = ranked
        logits = calibration_features(index, scores, judged, candidates, dense) @ calibration
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
