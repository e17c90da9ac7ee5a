"""End-to-end listening ingestion: events per second and burst-to-alert latency.

    .venv/bin/python bench/ingest.py [--scale 10] [--batch 2000]

The stream is the demo company's conversation (its tickets and public posts, at ``--scale``)
with an injected burst of a complaint nobody used before. Each event goes through the real
pipeline as a JSON line: decode (``rumbo.textfiles.json_value``, as imports do), parse,
enrich, store in SQLite (``INSERT … ON CONFLICT DO NOTHING``, committed per batch), count,
detect, alert. ``alert_latency_s`` is the wall time from handing over the batch that holds the
burst's first event to the commit of the batch that raised its alert.

The baseline, run in the same process on its own SQLite file, is what one would write by hand
in plain Python: ``json.loads``, lower-case word split, a running count per term and 5-minute
bucket, a fixed "3× the average of its earlier buckets" test, and ``INSERT OR IGNORE`` per batch.
``compiled`` says whether the listening hot path ran compiled (mypyc, built at install) or
as Python (``RUMBO_PURE_PYTHON=1``). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sqlite3
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

BURST_TEXT = "la app borra mis facturas al sincronizar, perdí todo #borrado"
BURST_EVENTS = 250


def demo_stream(scale: float, seed: int = 7) -> tuple[list[str], str]:
    """JSON lines in event time, and the created_at of the burst's first event."""
    from rumbo.demo.generator import generate
    from rumbo.demo.listening import social_posts

    data = generate(seed, scale)
    events: list[dict[str, Any]] = []
    for n, ticket in enumerate(data.tickets):
        if ticket.created_at is None:
            continue
        body = ticket.messages[0].body if ticket.messages else ""
        events.append(
            {
                "id": f"t{n}",
                "created_at": ticket.created_at.isoformat(),
                "text": f"{ticket.subject}. {body}",
                "source": "tickets",
                "lang": ticket.language,
            }
        )
    first = min(e["created_at"] for e in events)
    events += social_posts(data, dt.datetime.fromisoformat(first))
    events.sort(key=lambda e: e["created_at"])
    # The burst: two-thirds through the history, 250 posts over 20 minutes.
    start = dt.datetime.fromisoformat(events[len(events) * 2 // 3]["created_at"])
    for i in range(BURST_EVENTS):
        at = start + dt.timedelta(seconds=i * 1200 / BURST_EVENTS)
        events.append(
            {
                "id": f"burst{i}",
                "created_at": at.isoformat(),
                "text": BURST_TEXT,
                "author": f"burst{i}",
                "source": "social",
            }
        )
    events.sort(key=lambda e: e["created_at"])
    return [json.dumps(e, ensure_ascii=False) for e in events], start.isoformat()


def run_pipeline(lines: list[str], folder: Path, batch: int, burst_id: str) -> dict[str, Any]:
    from rumbo import storage
    from rumbo.app import Rumbo
    from rumbo.context import Actor
    from rumbo.listening.pipeline import parse_all, store_batch
    from rumbo.settings import Settings
    from rumbo.textfiles import json_value

    app = Rumbo(
        Settings(
            database_url=f"sqlite:///{folder / 'rumbo.db'}",
            secret_key="bench-" + "x" * 24,
            load_plugins=False,
        )
    )
    storage.upgrade(app.engine)
    actor = Actor.system("bench")
    burst_sent: float | None = None
    latency: float | None = None
    alerts = 0
    began = time.perf_counter()
    for start in range(0, len(lines), batch):
        chunk = lines[start : start + batch]
        handed = time.perf_counter()
        drafts, _rejected = parse_all([json_value(line) for line in chunk], "bench")
        if burst_sent is None and any(d.external_id == burst_id for d in drafts):
            burst_sent = handed
        outcome = store_batch(app, actor, drafts)
        alerts += len(outcome.alert_ids)
        fired = any("borra" in s.terms or "#borrado" in s.terms for s in outcome.signals)
        if burst_sent is not None and latency is None and fired:
            latency = time.perf_counter() - burst_sent
    seconds = time.perf_counter() - began
    app.dispose()
    return {
        "events": len(lines),
        "seconds": round(seconds, 3),
        "events_per_s": round(len(lines) / seconds),
        "alert_latency_s": None if latency is None else round(latency, 3),
        "alerts": alerts,
    }


def run_baseline(lines: list[str], folder: Path, batch: int, burst_id: str) -> dict[str, Any]:
    """Hand-written counting and storing, for comparison."""
    db = sqlite3.connect(folder / "baseline.db")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE TABLE mentions (source TEXT, external_id TEXT, created_at TEXT, text TEXT, "
        "terms TEXT, UNIQUE (source, external_id))"
    )
    # Per term: [current bucket, its count, sum of earlier buckets' counts, earlier buckets].
    counts: dict[str, list[int]] = defaultdict(lambda: [-1, 0, 0, 0])
    fired: set[str] = set()
    burst_sent: float | None = None
    latency: float | None = None
    began = time.perf_counter()
    for start in range(0, len(lines), batch):
        handed = time.perf_counter()
        rows = []
        raised = False
        for line in lines[start : start + batch]:
            event = json.loads(line)
            if event["id"] == burst_id and burst_sent is None:
                burst_sent = handed
            at = dt.datetime.fromisoformat(event["created_at"])
            bucket = int(at.timestamp()) // 300
            terms = [w.strip(".,;:!?¿¡()") for w in event["text"].lower().split()]
            for term in terms:
                state = counts[term]
                if state[0] != bucket:
                    if state[0] >= 0:
                        state[2] += state[1]
                        state[3] += 1
                    state[0], state[1] = bucket, 0
                state[1] += 1
                average = state[2] / state[3] if state[3] else 0.0
                if state[1] >= 5 and state[1] > 3 * average and term not in fired:
                    fired.add(term)
                    raised = raised or term == "#borrado"
            rows.append(
                (
                    event.get("source", "bench"),
                    str(event["id"]),
                    event["created_at"],
                    event["text"],
                    " ".join(terms),
                )
            )
        db.executemany("INSERT OR IGNORE INTO mentions VALUES (?, ?, ?, ?, ?)", rows)
        db.commit()
        if raised and latency is None and burst_sent is not None:
            latency = time.perf_counter() - burst_sent
    seconds = time.perf_counter() - began
    db.close()
    return {
        "events_per_s": round(len(lines) / seconds),
        "seconds": round(seconds, 3),
        "alert_latency_s": None if latency is None else round(latency, 3),
        "terms_fired": len(fired),
    }


def _compiled_hot_path() -> bool:
    import importlib

    from rumbo import _compiled

    return all(_compiled.is_compiled(importlib.import_module(n)) for n in _compiled.COMPILED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--batch", type=int, default=2000)
    args = parser.parse_args()
    built = time.perf_counter()
    lines, _burst_at = demo_stream(args.scale)
    stream_seconds = time.perf_counter() - built
    with tempfile.TemporaryDirectory(prefix="rumbo-bench-") as folder:
        ours = run_pipeline(lines, Path(folder), args.batch, "burst0")
        baseline = run_baseline(lines, Path(folder), args.batch, "burst0")
    print(
        json.dumps(
            {
                "scale": args.scale,
                "events": ours["events"],
                "batch": args.batch,
                "events_per_s": ours["events_per_s"],
                "alert_latency_s": ours["alert_latency_s"],
                "alerts": ours["alerts"],
                "seconds": ours["seconds"],
                "baseline": baseline,
                "ratio_events_per_s": round(ours["events_per_s"] / baseline["events_per_s"], 2),
                "stream_build_seconds": round(stream_seconds, 1),
                "compiled": _compiled_hot_path(),
            }
        )
    )


if __name__ == "__main__":
    main()
