"""A classifier of the knowledge base's own articles, trained on their passages.

Cosine similarity asks "which passage is this question closest to?" in a space made for all
texts. In a help center where many articles are about nearly the same thing ("a card payment I
do not recognise", "a card payment that was reverted", "a pending card payment"), the few
directions that tell them apart are drowned by the many they share. A multinomial logistic
regression fitted on the passages' vectors (both models', labelled by article) learns exactly
those directions: each article's passages are its examples, as in an intent classifier, and
nothing outside the knowledge base is read. Its log-probability for each candidate, and the
margin over the best other one, are two more features of the fused ranking (:mod:`.fusion`),
not a ranking of their own: alone it is weaker than the cosines (it has seen a dozen phrasings
per article at most).

It is trained when an index is first searched (an index is rebuilt on every change, so it never
goes stale), and only for knowledge bases small enough to train in about a second on one core
whose passages all have their vectors; any other, or one whose fit fails, is ranked by the
fusion's weights fitted without it.
"""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
log = logging.getLogger(__name__)

# Regularisation: the vectors are unit length and the examples few, so the fit may sharpen
# (on the evaluation sets C=10 gained less, 1,000 no more).
STRENGTH = 100.0
# Training reads every passage against every article on each iteration: up to this many
# (passages x articles), at most a second or two on one core (0.35 s for the 77 FAQ articles of
# banking77, 0.8 s for the 240 long ones of xquad); a larger knowledge base gets none.
MAX_WORK = 400_000
MAX_ITERATIONS = 100  # converged enough: 500 ranked the evaluation sets the same
FLOOR = -50.0  # the log-probability of an article the classifier has no class for


@dataclass(frozen=True)
class ArticleClassifier:
    """Per-article log-probabilities of a query vector (both models' parts, as stored)."""

    weights: FloatArray  # [dimensions, classes]
    intercept: FloatArray  # [classes]
    slots: npt.NDArray[np.int64]  # class -> article slot
    articles: int

    def log_probabilities(self, query: FloatArray) -> FloatArray:
        logits = (query @ self.weights + self.intercept).astype(np.float64)
        logits -= logits.max()
        log_p = logits - np.log(np.exp(logits).sum())
        out = np.full(self.articles, FLOOR, dtype=np.float32)
        out[self.slots] = log_p
        return out


def train(
    parts: Sequence[FloatArray], owner: npt.NDArray[np.int32], articles: int
) -> ArticleClassifier | None:
    """Fit on the passages: row i of each model's ``parts`` belongs to article ``owner[i]``.

    None when there is nothing to tell apart (fewer than two articles) or the knowledge base is
    too large to train here (:data:`MAX_WORK`).
    """
    classes = np.unique(owner)
    if len(classes) < 2 or len(owner) * len(classes) > MAX_WORK:
        return None
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression  # only an index that trains imports it

    model = LogisticRegression(C=STRENGTH, max_iter=MAX_ITERATIONS)
    with warnings.catch_warnings():
        # The iteration cap is deliberate (see MAX_ITERATIONS): not worth a warning per change.
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(np.hstack(parts), owner)
    coef, intercept = model.coef_, model.intercept_
    if len(classes) == 2:  # one row for two classes (the second's log-odds): split it in two
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    return ArticleClassifier(
        weights=np.ascontiguousarray(coef.T, dtype=np.float32),
        intercept=np.asarray(intercept, dtype=np.float32),
        slots=model.classes_.astype(np.int64),
        articles=articles,
    )


class Lazy:
    """Trains once, on first use, however many threads ask at the same time (the others wait
    for it: a ranking must not depend on which request came first)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = False
        self._value: ArticleClassifier | None = None

    def get(self, build: Callable[[], ArticleClassifier | None]) -> ArticleClassifier | None:
        if self._done:
            return self._value
        with self._lock:
            if not self._done:
                try:
                    self._value = build()
                except Exception:  # optional: search goes on with the plain fusion
                    log.exception("the knowledge base's article classifier could not be trained")
                    self._value = None
                self._done = True
        return self._value
