"""Reading what people hand over (text files, JSON, CSV rows, YAML) with errors that say what is
wrong and where, and limits that keep a hostile file from exhausting the stack or memory.

Every reader of user files goes through these, so "not UTF-8", "nested too deeply" and "a YAML
that expands to millions of values" get one clear message instead of a crash or a hang.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Generator, Iterable, Iterator
from pathlib import Path
from typing import Any

import orjson

# A YAML file of a few kilobytes can name one list nine times, nine times over ("billion laughs"):
# anchors and aliases are followed while counting, and past this many values it is refused.
MAX_YAML_VALUES = 100_000


class FileProblem(ValueError):
    """A file that cannot be read as what it should be; the message says why and where."""


def not_utf8(name: str, exc: UnicodeDecodeError) -> FileProblem:
    byte = exc.object[exc.start] if exc.start < len(exc.object) else 0
    return FileProblem(f"{name} is not UTF-8 text (it has byte 0x{byte:02x}); save it as UTF-8")


def read_text(path: Path) -> str:
    """The file as text: UTF-8, with or without a byte-order mark."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise not_utf8(path.name, exc) from None


def text_lines(path: Path, *, newline: str | None = None) -> Generator[str, None, None]:
    """The file's lines, read as they are needed (any size of file), UTF-8 with or without a
    byte-order mark; a byte that is not UTF-8 stops the reading with a :class:`FileProblem`."""
    with path.open(encoding="utf-8-sig", newline=newline) as handle:
        try:
            yield from handle
        except UnicodeDecodeError as exc:
            raise not_utf8(path.name, exc) from None


# Past this, orjson gives a float for what Python's decoder gives as an exact integer.
_EXACT_INTEGERS = 2.0**63
_LOOKED_INTO = frozenset({float, dict, list})  # what may hold such a float


def json_value(text: str) -> Any:
    """``json.loads``, where nesting too deep is malformed JSON like any other (the decoder
    would otherwise exhaust the stack).

    orjson reads a well-formed line about four times faster, which matters when a file or a
    webhook hands over tens of thousands of events. What it refuses (``NaN``, a number past a
    double) and what it would read as a float though Python reads an integer (past 64 bits) go
    to the standard decoder, which also words the error the way every reader reports it: the
    value never depends on which decoder read it.
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    else:
        if not _has_huge_float(value):
            return value
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text, 0) from None


def _has_huge_float(value: Any) -> bool:
    kind = type(value)
    if kind is float:
        return not -_EXACT_INTEGERS < value < _EXACT_INTEGERS
    items = value.values() if kind is dict else value if kind is list else ()
    # Only numbers and containers are looked into (a line is mostly text), in a loop: any()
    # over a generator took twice as long, on every line read.
    for item in items:  # noqa: SIM110
        if type(item) in _LOOKED_INTO and _has_huge_float(item):
            return True
    return False


def csv_rows(lines: Iterable[str], name: str) -> Iterator[dict[str, str]]:
    """``csv.DictReader`` rows, where a broken row (a field past the CSV module's limit, a
    stray quote at the end) is a :class:`FileProblem` naming its line."""
    reader = csv.DictReader(lines)
    try:
        yield from reader
    except csv.Error as exc:
        line = max(reader.line_num, 1)
        raise FileProblem(f"{name}, line {line}: not valid CSV ({exc})") from None


def yaml_document(text: str) -> tuple[Any, Any]:
    """(root node, value) of one YAML document, with the safe loader (libyaml when installed).

    YAML syntax errors propagate as ``yaml.YAMLError`` (they carry the line); a document nested
    too deeply or expanding past :data:`MAX_YAML_VALUES` is a :class:`FileProblem`.
    """
    import yaml

    # One parse: the document's nodes are counted, then built into values by the same loader.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, None
        if _expanded(root, {}) > MAX_YAML_VALUES:
            raise FileProblem(
                f"the YAML expands to more than {MAX_YAML_VALUES:,} values (through anchors "
                "and aliases)"
            )
        value = loader.construct_document(root)
    except RecursionError:
        raise FileProblem("the YAML is nested too deeply") from None
    finally:
        loader.dispose()
    return root, value


def _expanded(node: Any, memo: dict[int, int]) -> int:
    """How many values ``node`` stands for once every alias is followed (nodes are shared, so
    each is counted once and its total reused; a node met again while it is being counted is
    a loop, counted as too many)."""
    import yaml

    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = MAX_YAML_VALUES + 1
    total = 1
    if isinstance(node, yaml.MappingNode):
        for name, value in node.value:
            total += _expanded(name, memo) + _expanded(value, memo)
            if total > MAX_YAML_VALUES:
                break
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            total += _expanded(item, memo)
            if total > MAX_YAML_VALUES:
                break
    memo[key] = total
    return total


def csv_file_rows(path: Path) -> Iterator[dict[str, str]]:
    """The rows of a UTF-8 CSV file with a header line (see :func:`csv_rows`)."""
    return csv_rows(text_lines(path, newline=""), path.name)


def csv_header(path: Path) -> list[str]:
    """The column names on the first line of a CSV file ([] for an empty file)."""
    lines = text_lines(path, newline="")
    try:
        return next(csv.reader(lines), [])
    except csv.Error as exc:
        raise FileProblem(f"{path.name}, line 1: not valid CSV ({exc})") from None
    finally:
        lines.close()
