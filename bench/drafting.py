"""Drafting speed on one core: the offline composer's whole draft (understand, compose, critique,
revise, critique again) and one critic run, over the realistic request suite of the tests, with and
without a customer and the demo brand voice. Prints one JSON object.

    python bench/drafting.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rumbo.drafting.context import Customer
from rumbo.drafting.critic import critique
from rumbo.drafting.studio import critic_context, make_draft
from rumbo.drafting.voice import load_voice

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from tests.test_draft_suite import ALL, ARGENTINA, MEXICO, VOICE_FILE  # noqa: E402


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    voice = load_voice(VOICE_FILE)
    customers: list[Customer | None] = [None, MEXICO, ARGENTINA]
    make_draft(ALL[0][1])  # warm caches (phrase tables, plan library, regexes)
    drafts: list[float] = []
    critics: list[float] = []
    clean = 0
    for _ in range(args.rounds):
        for _situation, request in ALL:
            for customer in customers:
                for brand in (None, voice):
                    started = time.perf_counter()
                    result = make_draft(request, customer=customer, voice=brand)
                    drafts.append((time.perf_counter() - started) * 1000)
                    clean += not [f for f in result.critique if f.severity != "info"]
                    ctx = critic_context(
                        result.understood,
                        register=result.register,
                        market=result.market,
                        voice=brand,
                        customer=customer,
                    )
                    started = time.perf_counter()
                    critique(result.text, ctx)
                    critics.append((time.perf_counter() - started) * 1000)
    print(
        json.dumps(
            {
                "requests": len(ALL),
                "drafts": len(drafts),
                "drafts_without_warnings": clean,
                "draft_p50_ms": round(statistics.median(drafts), 3),
                "draft_p95_ms": round(percentile(drafts, 95), 3),
                "critic_p50_ms": round(statistics.median(critics), 3),
                "critic_p95_ms": round(percentile(critics, 95), 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
