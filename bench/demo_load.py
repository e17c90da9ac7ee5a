"""Time generating and loading the demo company; prints one JSON object.

    .venv/bin/python bench/demo_load.py --scale 10
    .venv/bin/python bench/demo_load.py --scale 1 --url postgresql+psycopg://postgres@127.0.0.1/x

Without ``--url`` it loads into a fresh SQLite file in a temporary folder (deleted afterwards).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
from pathlib import Path

from rumbo import storage
from rumbo.app import Rumbo
from rumbo.demo.generator import generate
from rumbo.demo.loader import load_demo
from rumbo.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--url", help="Database URL (an empty, reachable database).")
    args = parser.parse_args()
    anchor = dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)

    started = time.perf_counter()
    data = generate(args.seed, args.scale, anchor)
    generate_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        app = Rumbo(Settings(database_url=url, load_plugins=False))
        try:
            storage.upgrade(app.engine)
            summary = load_demo(app, seed=args.seed, scale=args.scale, anchor=anchor)
        finally:
            app.dispose()

    result = {
        "backend": url.split(":", 1)[0],
        "scale": args.scale,
        "generate_seconds": round(generate_seconds, 2),
        # Loading generates the data again before writing it.
        "load_seconds": summary.seconds,
        "step_seconds": summary.step_seconds,
        "counts": data.counts(),
        "tickets_per_second": round(data.counts()["tickets"] / summary.step_seconds["tickets"]),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
