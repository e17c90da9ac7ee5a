"""Evaluation sets on disk: ``kb.jsonl`` (articles) and ``queries.jsonl`` (questions).

``kb.jsonl``: one ``{"id", "title", "body", "lang"}`` per line. ``queries.jsonl``: one
``{"id", "query", "lang", "relevant": [article ids]}`` per line; an empty ``relevant`` marks a
question the knowledge base does not cover (the right move is to hand over to a person).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rumbo.errors import ValidationFailed


@dataclass(frozen=True)
class EvalArticle:
    id: str
    title: str
    body: str
    language: str


@dataclass(frozen=True)
class EvalQuery:
    id: str
    query: str
    language: str | None
    relevant: tuple[str, ...]


def _lines(path: Path) -> list[tuple[int, dict[str, Any]]]:
    if not path.is_file():
        raise ValidationFailed(f"{path} does not exist.", fields={"dir": f"{path.name} missing"})
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValidationFailed(
                    f"{path.name} line {number} is not JSON: {exc.msg}.",
                    fields={path.name: f"line {number}"},
                ) from None
            if not isinstance(row, dict):
                raise ValidationFailed(
                    f"{path.name} line {number} is not an object.",
                    fields={path.name: f"line {number}"},
                )
            rows.append((number, row))
    return rows


def _text(row: dict[str, Any], key: str, name: str, number: int) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(
            f"{name} line {number}: '{key}' must be a non-empty string.",
            fields={name: f"line {number}: {key}"},
        )
    return value


def load_set(directory: Path) -> tuple[list[EvalArticle], list[EvalQuery]]:
    """Read and check an evaluation folder; errors name the file, line and key."""
    articles = [
        EvalArticle(
            id=_text(row, "id", "kb.jsonl", n),
            title=_text(row, "title", "kb.jsonl", n),
            body=_text(row, "body", "kb.jsonl", n),
            language=str(row.get("lang") or "es"),
        )
        for n, row in _lines(directory / "kb.jsonl")
    ]
    known = {a.id for a in articles}
    if len(known) != len(articles):
        raise ValidationFailed("kb.jsonl repeats an id.", fields={"kb.jsonl": "duplicate id"})
    queries = []
    for n, row in _lines(directory / "queries.jsonl"):
        relevant = row.get("relevant", [])
        if not isinstance(relevant, list) or any(r not in known for r in relevant):
            raise ValidationFailed(
                f"queries.jsonl line {n}: 'relevant' must list ids from kb.jsonl.",
                fields={"queries.jsonl": f"line {n}: relevant"},
            )
        queries.append(
            EvalQuery(
                id=str(row.get("id", n)),
                query=_text(row, "query", "queries.jsonl", n),
                language=row.get("lang") if row.get("lang") in ("es", "en") else None,
                relevant=tuple(str(r) for r in relevant),
            )
        )
    if not articles or not queries:
        raise ValidationFailed(
            f"{directory} has no articles or no queries.", fields={"dir": "empty set"}
        )
    return articles, queries
