"""Reading mentions from JSON Lines and CSV files, one event at a time (any size of file)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rumbo.textfiles import csv_rows, json_value, text_lines


@dataclass(frozen=True, slots=True)
class Unreadable:
    """A line that is not an event at all; the parser rejects it with this reason."""

    reason: str


def read_events(path: Path) -> Iterator[Any]:
    """Events of a ``.jsonl``/``.ndjson``/``.json`` or ``.csv`` file, in file order."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        yield from _csv(path)
    elif suffix in {".jsonl", ".ndjson", ".json"}:
        yield from _jsonl(path)
    else:
        raise ValueError(f"{path.name}: use a .jsonl or .csv file")


def _jsonl(path: Path) -> Iterator[Any]:
    for number, line in enumerate(text_lines(path), 1):
        if not line.strip():
            continue
        try:
            yield json_value(line)
        except json.JSONDecodeError as exc:
            yield Unreadable(f"line {number} is not valid JSON ({exc.msg})")


def _csv(path: Path) -> Iterator[Any]:
    for row in csv_rows(text_lines(path, newline=""), path.name):
        yield {k.strip().lower(): v for k, v in row.items() if k is not None}


def count_lines(path: Path) -> int:
    """Events in the file, roughly (for a progress bar): its non-empty lines."""
    with path.open("rb") as handle:
        total = sum(1 for line in handle if line.strip())
    return total - 1 if path.suffix.lower() == ".csv" else total
