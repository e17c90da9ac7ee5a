"""Precision and recall of the critic, per code, on a labelled set of drafts.

Each line of the set is a JSON object: ``text`` (or ``plan`` with ``"kind": "plan"``), the
context fields of :class:`CriticContext` (``language``, ``channel``, ``register``, ``market``,
``situation``, ``facts``, ``crm``), ``voice`` (``"demo"`` for the demo company's voice, or a
voice object), ``expected`` (the codes a careful reader finds) and ``split`` (``dev`` or
``heldout``: rules are tuned on ``dev`` only; ``heldout`` measures them honestly).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from rumbo.drafting.critic.engine import critique
from rumbo.drafting.critic.plans import critique_plan
from rumbo.drafting.critic.types import CODES, CriticContext
from rumbo.drafting.voice import BrandVoice, voice_from_data
from rumbo.errors import ValidationFailed
from rumbo.textfiles import FileProblem, json_value, read_text


def default_set() -> Path:
    return Path(str(resources.files("rumbo.drafting.critic").joinpath("labelled.jsonl")))


@lru_cache(maxsize=1)
def demo_voice() -> BrandVoice:
    from rumbo.demo.brand import demo_voice as load_demo_voice

    return load_demo_voice()


def read_set(path: Path) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    try:
        lines = read_text(path).splitlines()
    except FileProblem as exc:
        raise ValidationFailed(str(exc), fields={"file": str(path)}) from None
    except OSError as exc:
        raise ValidationFailed(
            f"{path}: {exc.strerror or exc}", fields={"file": str(path)}
        ) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json_value(line)
        except json.JSONDecodeError as exc:
            raise ValidationFailed(
                f"{path}, line {number}: not JSON ({exc.msg})", fields={"line": str(number)}
            ) from None
        if not isinstance(item, dict) or not isinstance(item.get("expected"), list):
            raise ValidationFailed(
                f"{path}, line {number}: each item needs an 'expected' list of codes",
                fields={"line": str(number)},
            )
        items.append(item)
    return items


def context_for(item: Mapping[str, Any]) -> CriticContext:
    voice_spec = item.get("voice")
    voice = None
    if voice_spec == "demo":
        voice = demo_voice()
    elif isinstance(voice_spec, dict):
        voice = voice_from_data(voice_spec)
    return CriticContext(
        language=item.get("language", "es"),
        kind=item.get("kind", "message"),
        channel=item.get("channel"),
        register=item.get("register"),
        market=item.get("market"),
        voice=voice,
        situation=item.get("situation"),
        apology_due=item.get("apology_due"),
        facts=item.get("facts") or {},
        crm=item.get("crm"),
    )


def found_codes(item: Mapping[str, Any]) -> set[str]:
    ctx = context_for(item)
    if ctx.kind == "plan":
        return {f.code for f in critique_plan(item["plan"], ctx)}
    return {f.code for f in critique(item["text"], ctx)}


def evaluate(
    items: Iterable[Mapping[str, Any]],
    *,
    split: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """Per-code true/false positives, precision and recall, plus the items the critic got wrong."""
    chosen = [i for i in items if split in (None, "all") or i.get("split") == split]
    counts = {code: {"tp": 0, "fp": 0, "fn": 0, "support": 0} for code in CODES}
    mistakes: list[dict[str, Any]] = []
    exact = 0
    for done, item in enumerate(chosen, 1):
        expected = set(item["expected"])
        got = found_codes(item)
        for code in expected | got:
            row = counts.setdefault(code, {"tp": 0, "fp": 0, "fn": 0, "support": 0})
            row["support"] += code in expected
            if code in expected and code in got:
                row["tp"] += 1
            elif code in got:
                row["fp"] += 1
            else:
                row["fn"] += 1
        if expected == got:
            exact += 1
        else:
            mistakes.append(
                {
                    "id": item.get("id"),
                    "missed": sorted(expected - got),
                    "extra": sorted(got - expected),
                }
            )
        if progress:
            progress(done, len(chosen))
    per_code = {code: _scores(row) for code, row in counts.items()}
    total = {k: sum(r[k] for r in counts.values()) for k in ("tp", "fp", "fn", "support")}
    return {
        "items": len(chosen),
        "split": split or "all",
        "exact_match": round(exact / len(chosen), 3) if chosen else None,
        "micro": _scores(total),
        "per_code": per_code,
        "mistakes": mistakes,
    }


def _scores(row: Mapping[str, int]) -> dict[str, Any]:
    tp, fp, fn = row["tp"], row["fp"], row["fn"]
    return {
        **row,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "recall": round(tp / (tp + fn), 3) if tp + fn else None,
    }
