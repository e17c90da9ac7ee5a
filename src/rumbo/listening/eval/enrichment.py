"""Measuring enrichment on labelled sets: sentiment (macro-F1, 3 classes) and complaints (F1).

The sets are read from wherever the user keeps them (a CSV file, or a folder of CSV files); the
column layout tells what a file holds, so any file with the same columns can be measured:

- ``text,label`` with labels negative/neutral/positive (TASS-style sentiment);
- ``tweet,emotion`` (EmoEvent-style): joy → positive; anger, disgust, fear, sadness → negative;
  surprise and others → neutral (surprise can go either way, so it counts as neither);
- ``text,airline_sentiment`` (brand mentions, negative/neutral/positive);
- ``text,complaint`` with 1/0 (complaints).

A file named ``es_*`` or ``en_*`` gives its language to the report (the enricher detects it anyway).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from rumbo.errors import ValidationFailed
from rumbo.textfiles import csv_file_rows, csv_header

SENTIMENTS = ("negative", "neutral", "positive")
_EMOTION_POLARITY = {
    "joy": "positive",
    "anger": "negative",
    "disgust": "negative",
    "fear": "negative",
    "sadness": "negative",
    "surprise": "neutral",
    "others": "neutral",
}
Progress = Callable[[int, int], None]


def scores(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 and per-label precision/recall/F1."""
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p == label)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if g != label and p == label)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": sum(1 for g in gold if g == label),
        }
    correct = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_label.values()) / len(labels), 4),
        "labels": per_label,
    }


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(path.glob("*.csv"))
        if not files:
            raise ValidationFailed(f"path: no CSV files in {path}")
        return files
    if not path.is_file():
        raise ValidationFailed(f"path: {path} does not exist")
    return [path]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    return csv_file_rows(path)


def _language_of(path: Path) -> str | None:
    prefix = path.name[:3]
    return prefix[:2] if prefix in ("es_", "en_") else None


def _sentiment_rows(path: Path) -> list[tuple[str, str]]:
    header = csv_header(path)
    if "emotion" in header and "tweet" in header:
        return [(r["tweet"], _EMOTION_POLARITY.get(r["emotion"], "neutral")) for r in _rows(path)]
    label = next((c for c in ("label", "airline_sentiment", "sentiment") if c in header), None)
    if "text" not in header or label is None:
        raise ValidationFailed(
            f"path: {path.name} has no sentiment columns (text,label | tweet,emotion | "
            "text,airline_sentiment)"
        )
    return [(r["text"], r[label]) for r in _rows(path) if r[label] in SENTIMENTS]


def evaluate_sentiment(path: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Sentiment macro-F1 of every labelled file under ``path`` (language detected, not told)."""
    from rumbo.listening.enrich import Enricher

    enricher = Enricher()
    report: dict[str, Any] = {}
    files = _files(path)
    for done, file in enumerate(files, start=1):
        try:
            rows = _sentiment_rows(file)
        except ValidationFailed:
            if len(files) == 1:
                raise
            continue
        results = [enricher.enrich(text) for text, _ in rows]
        summary = scores([g for _, g in rows], [r.sentiment for r in results], SENTIMENTS)
        summary["language"] = _language_of(file)
        summary["detected_language"] = _share_of(r.language for r in results)
        report[file.name] = summary
        if progress is not None:
            progress(done, len(files))
    return {"task": "sentiment", "path": str(path), "files": report}


def evaluate_complaints(path: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Complaint F1 (and macro-F1 over complaint / not) of labelled files under ``path``."""
    from rumbo.listening.enrich import Enricher

    enricher = Enricher()
    report: dict[str, Any] = {}
    files = _files(path)
    for done, file in enumerate(files, start=1):
        rows = [(r["text"], r["complaint"]) for r in _rows(file) if "complaint" in r]
        if not rows:
            if len(files) == 1:
                raise ValidationFailed(f"path: {file.name} has no text,complaint columns")
            continue
        gold = ["complaint" if g.strip() in ("1", "true", "yes") else "other" for _, g in rows]
        predicted = ["complaint" if enricher.enrich(t).complaint else "other" for t, _ in rows]
        summary = scores(gold, predicted, ("complaint", "other"))
        summary["complaint_f1"] = summary["labels"]["complaint"]["f1"]
        report[file.name] = summary
        if progress is not None:
            progress(done, len(files))
    return {"task": "complaints", "path": str(path), "files": report}


def _share_of(values: Iterator[str] | Any) -> dict[str, float]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    total = sum(counts.values()) or 1
    return {k: round(v / total, 3) for k, v in sorted(counts.items())}
