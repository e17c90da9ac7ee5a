"""Retrieval and decision metrics over judged questions."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class Outcome:
    """One question: the ranked article ids, the decision and the first cited article."""

    relevant: frozenset[str]
    ranked: list[str]
    decision: str
    cited: str | None
    search_ms: float
    embed_ms: float = 0.0


def _dcg(gains: Sequence[int]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def percentile(values: Sequence[float], pct: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1)]


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def summarize(outcomes: Sequence[Outcome], elapsed_s: float) -> dict[str, object]:
    """``recall@1``, ``recall@5``, ``mrr@10``, ``ndcg@10`` and ``answer_accuracy`` over the
    questions with relevant articles; escalation precision and recall over the others; speed."""
    in_scope = [o for o in outcomes if o.relevant]
    out_scope = [o for o in outcomes if not o.relevant]
    r1 = r5 = 0
    rr = ndcg = 0.0
    answered_right = 0
    for o in in_scope:
        hits = [1 if a in o.relevant else 0 for a in o.ranked[:10]]
        r1 += hits[:1] == [1]
        r5 += any(hits[:5])
        rr += next((1 / (i + 1) for i, h in enumerate(hits) if h), 0.0)
        ideal = _dcg([1] * min(len(o.relevant), 10))
        ndcg += _dcg(hits) / ideal
        answered_right += o.decision == "answer" and o.cited in o.relevant
    escalated = [o for o in outcomes if o.decision == "escalate"]
    n_in = len(in_scope)
    searches = [o.search_ms for o in outcomes]
    embeds = [o.embed_ms for o in outcomes]
    return {
        "n": len(outcomes),
        "n_in_scope": n_in,
        "n_out_of_scope": len(out_scope),
        "recall@1": ratio(r1, n_in),
        "recall@5": ratio(r5, n_in),
        "mrr@10": round(rr / n_in, 4) if n_in else None,
        "ndcg@10": round(ndcg / n_in, 4) if n_in else None,
        "answer_accuracy": ratio(answered_right, n_in),
        "answer_rate": ratio(sum(o.decision == "answer" for o in outcomes), len(outcomes)),
        "clarify_rate": ratio(sum(o.decision == "clarify" for o in outcomes), len(outcomes)),
        "escalation_rate": ratio(len(escalated), len(outcomes)),
        # Without out-of-scope questions, precision and recall of escalation are undefined.
        "escalation_precision": (
            ratio(sum(not o.relevant for o in escalated), len(escalated)) if out_scope else None
        ),
        "escalation_recall": ratio(
            sum(o.decision == "escalate" for o in out_scope), len(out_scope)
        ),
        "qps": round(len(outcomes) / elapsed_s, 2) if elapsed_s > 0 else None,
        "p50_ms": round(percentile(searches, 50), 2),
        "p95_ms": round(percentile(searches, 95), 2),
        "embed_ms_p95": round(percentile(embeds, 95), 2),
    }
