"""Fit the search fusion weights, the confidence calibration and the answer threshold.

    .venv/bin/python bench/fit_fusion.py ../shared/eval/* [--cache DIR] [--fit-half odd]

Each evaluation set (the ``rumbo eval retrieval`` format) is indexed in memory with the real
chunking, analysis and models, and every question is scored by the real ``score`` and
``features``. The questions of each set are split in two by position: the even half fits, the
odd half only measures (``--fit-half odd`` swaps them: an idea that helps should help on both).
Every set weighs the same in each fit, however many questions it has.

1. Fusion: a log-linear (softmax) model over each question's candidates, maximising the
   probability of a right article: the ranking itself is what is trained.
2. Confidence: a logistic fit on each question's best candidate under the fusion without the
   classifier (right or not; an out-of-scope question's best candidate is never right).
3. Answer threshold: on the sets that have out-of-scope questions, the highest confidence below
   which the assistant hands over at least ``--escalation-recall`` of the out-of-scope questions
   (the operating point the product asks for; a higher threshold only answers less).

Step 1 runs twice: with every feature, and with the knowledge base's own classifier left out
(``PLAIN_WEIGHTS``: what ranks a knowledge base too large to train one, and the fused score
the confidence reads in every case). Prints one JSON object: the constants for ``fusion.py``
and ``decision.py`` and, per set, the held-out half's recall@1, answer accuracy and escalation
recall, ranked with the classifier (``held_out``) and without it (``held_out_plain``, the
baseline of the same run).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression

from rumbo.eval.dataset import load_set
from rumbo.knowledge.search.analysis import LANGUAGES, analyzer, detect_language, encode_terms
from rumbo.knowledge.search.chunking import chunk_article, embedding_text, lexical_text
from rumbo.knowledge.search.embeddings import MODEL_NAME, default_embedder, to_bytes
from rumbo.knowledge.search.fusion import FEATURES, calibration_features, candidates_of, features
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex
from rumbo.knowledge.search.scoring import Scores, score

Matrix = npt.NDArray[np.float32]


@dataclass
class Question:
    features: Matrix  # one row per candidate
    right: npt.NDArray[np.bool_]
    in_scope: bool
    scores: Scores
    candidates: list[int]
    index: SearchIndex


def _vectors(key: Path | None, texts: list[str], embed: Callable[[list[str]], object]) -> Matrix:
    """Vectors of ``texts``, read from ``key`` when it holds them for this model."""
    if key is not None and key.exists():
        cached: Matrix = np.load(key)
        if len(cached) == len(texts):
            return cached
    vectors = np.asarray(embed(texts), dtype=np.float32)
    if key is not None:
        key.parent.mkdir(parents=True, exist_ok=True)
        np.save(key, vectors)
    return vectors


def load(directory: Path, cache: Path | None) -> tuple[SearchIndex, list[Question]]:
    articles, queries = load_set(directory)
    model = default_embedder()
    rows, chunks, inputs = [], [], []
    for slot, article in enumerate(articles):
        language = article.language if article.language in LANGUAGES else "es"
        rows.append(ArticleRow(slot, article.title, article.id, language, "eval", "published"))
        analysis = analyzer(language)
        for chunk in chunk_article(article.title, article.body):
            inputs.append(embedding_text(article.title, chunk))
            terms = encode_terms(analysis.terms(lexical_text(article.title, chunk)))
            chunks.append((slot, chunk.position, language, chunk.text, terms))
    tag = MODEL_NAME.replace("/", "_")
    folder = cache / directory.name if cache else None
    passages = _vectors(folder / f"{tag}.passages.npy" if folder else None, inputs, model.passages)
    index = SearchIndex.build(
        rows,
        [ChunkRow(*chunk, to_bytes(v)) for chunk, v in zip(chunks, passages, strict=True)],
    )
    spelled = [index.spelled(q.query) for q in queries]
    vectors = _vectors(
        folder / f"{tag}.queries.npy" if folder else None,
        spelled,
        lambda texts: [model.query(t) for t in texts],
    )
    slot_of = {a.id: i for i, a in enumerate(articles)}
    allowed = index.published_mask(False)
    questions = []
    for query, vector in zip(queries, vectors, strict=True):
        scores = score(index, query.query, query.language or detect_language(query.query), vector)
        candidates, _, _ = candidates_of(scores, allowed, dense=True)
        relevant = {slot_of[r] for r in query.relevant if r in slot_of}
        questions.append(
            Question(
                features=features(index, scores, candidates, True),
                right=np.array([c in relevant for c in candidates], dtype=np.bool_),
                in_scope=bool(query.relevant),
                scores=scores,
                candidates=candidates,
                index=index,
            )
        )
    return index, questions


def fit_ranking(sets: dict[str, list[Question]], l2: float) -> Matrix:
    """Softmax over each question's candidates; the loss is -log P(a right candidate)."""
    groups = []
    for questions in sets.values():
        usable = [q for q in questions if q.in_scope and q.right.any()]
        for q in usable:
            groups.append((q.features.astype(np.float64), q.right.astype(np.float64), len(usable)))
    width = groups[0][0].shape[1]

    def loss(w: npt.NDArray[np.float64]) -> tuple[float, npt.NDArray[np.float64]]:
        total, grad = 0.0, np.zeros(width)
        for x, y, n in groups:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            right = float((p * y).sum()) + 1e-12
            total -= np.log(right) / n
            grad -= x.T @ (p * y / right - p) / n
        total += l2 * float((w[1:] ** 2).sum())
        grad[1:] += 2 * l2 * w[1:]
        return total, grad

    found = minimize(loss, np.zeros(width), jac=True, method="L-BFGS-B", options={"maxiter": 5000})
    weights: Matrix = found.x.astype(np.float32)
    weights[0] = 0.0  # a constant changes no ranking
    return weights


def best(question: Question, weights: Matrix, judging: Matrix) -> tuple[int, Matrix]:
    """The candidate ``weights`` rank first, and what the confidence reads of it: its fused
    score under ``judging`` (the weights without the classifier, as ``fusion.fuse`` does)."""
    top = int(np.argmax(question.features @ weights))
    calibration = calibration_features(
        question.index,
        question.scores,
        question.features @ judging,
        question.candidates,
        True,
    )
    return top, calibration[top]


def fit_calibration(sets: dict[str, list[Question]], weights: Matrix, judging: Matrix) -> Matrix:
    x, y, w = [], [], []
    for questions in sets.values():
        for q in questions:
            top, row = best(q, weights, judging)
            x.append(row)
            y.append(bool(q.right[top]) if q.right.size else False)
            w.append(1.0 / len(questions))
    model = LogisticRegression(C=1e4, fit_intercept=False, max_iter=5000)
    model.fit(np.array(x), np.array(y), sample_weight=np.array(w))
    coefficients: Matrix = model.coef_[0].astype(np.float32)
    return coefficients


def outcomes(
    questions: list[Question], weights: Matrix, judging: Matrix, calibration: Matrix
) -> list[tuple[bool, bool, float]]:
    """(in scope, best candidate right, confidence) per question."""
    out = []
    for q in questions:
        top, row = best(q, weights, judging)
        confidence = 1.0 / (1.0 + np.exp(-float(row @ calibration)))
        out.append((q.in_scope, bool(q.right.size and q.right[top]), confidence))
    return out


def rates(rows: list[tuple[bool, bool, float]], threshold: float) -> dict[str, float | None]:
    inside = [r for r in rows if r[0]]
    outside = [r for r in rows if not r[0]]
    right = sum(1 for _, ok, c in inside if ok)
    answered = sum(1 for _, ok, c in inside if ok and c >= threshold)
    caught = sum(1 for _, _, c in outside if c < threshold)
    return {
        "recall@1": round(right / len(inside), 4) if inside else None,
        "answer_accuracy": round(answered / len(inside), 4) if inside else None,
        "escalation_recall": round(caught / len(outside), 4) if outside else None,
    }


CLASSIFIER_COLUMNS = [i for i, name in enumerate(FEATURES) if name.startswith("classifier")]


def without_classifier(sets: dict[str, list[Question]]) -> dict[str, list[Question]]:
    """The same questions with the classifier's features zeroed (a fit gives them no weight)."""
    out = {}
    for name, questions in sets.items():
        plain = []
        for q in questions:
            x = q.features.copy()
            x[:, CLASSIFIER_COLUMNS] = 0.0
            plain.append(Question(x, q.right, q.in_scope, q.scores, q.candidates, q.index))
        out[name] = plain
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--cache", type=Path, help="keep the models' vectors here between runs")
    parser.add_argument("--l2", type=float, default=1e-7)
    parser.add_argument("--escalation-recall", type=float, default=0.75)
    parser.add_argument(
        "--fit-half",
        choices=("even", "odd"),
        default="even",
        help="the half of each set's questions that fits; the other half measures",
    )
    args = parser.parse_args()
    fit_half: dict[str, list[Question]] = {}
    held_out: dict[str, list[Question]] = {}
    first = 0 if args.fit_half == "even" else 1
    for directory in [d for d in args.sets if d.is_dir()]:  # the folder's README is no set
        print(f"indexing {directory.name}", file=sys.stderr)
        _, questions = load(directory, args.cache)
        fit_half[directory.name] = questions[first::2]
        held_out[directory.name] = questions[1 - first :: 2]
    weights = fit_ranking(fit_half, args.l2)
    plain_fit = without_classifier(fit_half)
    plain_weights = fit_ranking(plain_fit, args.l2)
    # The confidence is the plain fusion's, fitted on its own best candidates: the classifier
    # only reorders (see fusion.fuse), so the odds a fused score stands for do not move with it.
    calibration = fit_calibration(plain_fit, plain_weights, plain_weights)
    with_oos = {k: v for k, v in fit_half.items() if any(not q.in_scope for q in v)}
    fitted = {k: outcomes(v, weights, plain_weights, calibration) for k, v in with_oos.items()}
    threshold = 0.5
    if fitted:

        def enough(t: float) -> bool:
            return all(
                (rates(rows, t)["escalation_recall"] or 0.0) >= args.escalation_recall
                for rows in fitted.values()
            )

        grid = [round(float(t), 3) for t in np.linspace(0.01, 0.99, 99)]
        threshold = next((t for t in grid if enough(t)), grid[-1])
    report = {
        name: rates(outcomes(questions, weights, plain_weights, calibration), threshold)
        for name, questions in held_out.items()
    }
    plain_report = {
        name: rates(outcomes(questions, plain_weights, plain_weights, calibration), threshold)
        for name, questions in held_out.items()
    }
    print(
        json.dumps(
            {
                "HYBRID_WEIGHTS": [round(float(v), 3) for v in weights],
                "CALIBRATION": [round(float(v), 3) for v in calibration],
                "PLAIN_WEIGHTS": [round(float(v), 3) for v in plain_weights],
                "ANSWER_MIN": threshold,
                "held_out": report,
                "held_out_plain": plain_report,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
