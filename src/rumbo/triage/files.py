"""Grouping a file of requests: the JSONL in, the groups out (every id in exactly one group)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from rumbo.errors import ValidationFailed
from rumbo.textfiles import json_value
from rumbo.triage.grouping import GroupingConfig, group_texts

MAX_TEXT = 20_000


def read_requests(lines: Iterable[str]) -> tuple[list[str | int], list[str]]:
    """(ids, texts) from ``{"id", "text"}`` lines; the first bad line stops with its number."""
    ids: list[str | int] = []
    texts: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json_value(line)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                f"Line {number} is not JSON: {exc.msg}.", fields={f"line {number}": "not JSON"}
            ) from None
        if not isinstance(row, dict):
            raise ValidationFailed(
                f"Line {number} is not an object.", fields={f"line {number}": "not an object"}
            )
        raw_id, text = row.get("id"), row.get("text")
        if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool) or raw_id == "":
            raise ValidationFailed(
                f"Line {number}: 'id' must be a non-empty string or number.",
                fields={f"line {number}": "id"},
            )
        if not isinstance(text, str):
            raise ValidationFailed(
                f"Line {number}: 'text' must be a string.", fields={f"line {number}": "text"}
            )
        key = str(raw_id)
        if key in seen:
            raise ValidationFailed(
                f"Line {number}: id {key!r} appears twice.", fields={f"line {number}": "id"}
            )
        seen.add(key)
        ids.append(raw_id)  # given back as given: a number stays a number
        texts.append(text[:MAX_TEXT])
    return ids, texts


def group_file(
    lines: Iterable[str],
    *,
    config: GroupingConfig | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """``{"groups": [{"id", "label", "terms", "size", "members": [ids]}]}``, largest first."""
    if on_stage:
        on_stage("read")
    ids, texts = read_requests(lines)
    if not ids:
        return {"groups": []}
    if on_stage:
        on_stage("group")
    grouping = group_texts(texts, config)
    return {
        "groups": [
            {
                "id": group.id,
                "label": group.label,
                "terms": list(group.terms),
                "size": len(group.members),
                "members": [ids[i] for i in group.members],
            }
            for group in grouping.groups
        ]
    }
