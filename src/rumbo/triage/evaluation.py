"""Measuring the grouping on labelled requests: adjusted Rand index and purity.

A labelled CSV (a text column and an intent column) is grouped by Rumbo, which is not told how
many intents there are, and by a plain baseline in the same run: k-means on TF-IDF vectors given
the true number of intents (an advantage Rumbo does not get).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rumbo.errors import ValidationFailed
from rumbo.textfiles import csv_file_rows, csv_header
from rumbo.triage.grouping import GroupingConfig, group_texts


def read_labelled(
    path: Path, text_column: str | None = None, label_column: str | None = None
) -> tuple[list[str], list[str]]:
    """(texts, labels) from a CSV; columns are guessed (text/utterance, intent/category)."""
    header = csv_header(path)
    text_col = text_column or next((c for c in ("text", "utterance", "query") if c in header), None)
    label_col = label_column or next(
        (c for c in ("intent", "category", "label") if c in header), None
    )
    for name, value in (("text column", text_col), ("label column", label_col)):
        if value is None or value not in header:
            raise ValidationFailed(
                f"{path.name}: no {name} (columns: {', '.join(header)}).",
                fields={name: "missing"},
            )
    rows = [(r[text_col or ""], r[label_col or ""]) for r in csv_file_rows(path)]
    return [t for t, _ in rows], [label for _, label in rows]


def purity(truth: Sequence[str], groups: Sequence[int]) -> float:
    """Share of requests whose group's most common true intent is their own."""
    by_group: dict[int, Counter[str]] = {}
    for label, group in zip(truth, groups, strict=True):
        by_group.setdefault(group, Counter())[label] += 1
    return sum(c.most_common(1)[0][1] for c in by_group.values()) / max(len(truth), 1)


def baseline_kmeans(texts: Sequence[str], k: int, seed: int = 0) -> list[int]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    return [int(x) for x in KMeans(k, n_init=3, random_state=seed).fit_predict(matrix)]


def evaluate(
    texts: Sequence[str],
    truth: Sequence[str],
    *,
    config: GroupingConfig | None = None,
    baseline: bool = True,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    if not texts:
        raise ValidationFailed("No labelled requests to group.", fields={"file": "empty"})
    k = len(set(truth))
    if on_stage:
        on_stage("rumbo")
    began = time.perf_counter()
    grouping = group_texts(texts, config)
    seconds = time.perf_counter() - began
    labels = grouping.labels.tolist()
    result: dict[str, Any] = {
        "n": len(texts),
        "true_groups": k,
        "rumbo": {
            "groups": len(grouping.groups),
            "ari": round(float(adjusted_rand_score(truth, labels)), 4),
            "purity": round(purity(truth, labels), 4),
            "seconds": round(seconds, 2),
        },
    }
    if baseline:
        if on_stage:
            on_stage("baseline")
        began = time.perf_counter()
        base = baseline_kmeans(texts, k)
        result["baseline_tfidf_kmeans_true_k"] = {
            "groups": k,
            "ari": round(float(adjusted_rand_score(truth, base)), 4),
            "purity": round(purity(truth, base), 4),
            "seconds": round(time.perf_counter() - began, 2),
        }
    return result


def sample(
    texts: list[str], truth: list[str], limit: int | None, seed: int = 0
) -> tuple[list[str], list[str]]:
    if limit is None or limit >= len(texts):
        return texts, truth
    keep = np.sort(np.random.default_rng(seed).choice(len(texts), size=limit, replace=False))
    return [texts[i] for i in keep], [truth[i] for i in keep]
