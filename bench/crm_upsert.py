"""Contacts written per second: the batch upsert against one action call per contact.

    .venv/bin/python bench/crm_upsert.py --rows 5000

Baseline, measured in the same run on a fresh SQLite file: ``create_contact``
called once per row inside one unit of work. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from rumbo import storage
from rumbo.app import Rumbo
from rumbo.context import Actor
from rumbo.crm import actions
from rumbo.crm.schemas import ContactIn, HandleIn
from rumbo.settings import Settings


def rows(n: int) -> list[ContactIn]:
    return [
        ContactIn(
            source="bench",
            external_id=f"c{i}",
            name=f"Persona Número {i}",
            emails=[f"persona{i}@bench.example"],
            phones=[f"+52155{i:08d}"],
            handles=[HandleIn(network="x", handle=f"persona{i}")],
            address_form="tu" if i % 3 else "usted",
        )
        for i in range(n)
    ]


def fresh_app(folder: Path, name: str) -> Rumbo:
    app = Rumbo(Settings(database_url=f"sqlite:///{folder / name}.db", load_plugins=False))
    storage.upgrade(app.engine)
    return app


def timed(app: Rumbo, work: list[ContactIn], batch: bool) -> float:
    started = time.perf_counter()
    with app.unit_of_work(Actor.system("bench")) as ctx:
        if batch:
            actions.upsert_contacts(ctx, work)
        else:
            for row in work:
                actions.create_contact(ctx, row)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    work = rows(args.rows)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch_app = fresh_app(folder, "batch")
        first = timed(batch_app, work, batch=True)
        again = timed(batch_app, work, batch=True)
        batch_app.dispose()
        single_app = fresh_app(folder, "single")
        baseline = timed(single_app, work, batch=False)
        single_app.dispose()
    print(
        json.dumps(
            {
                "rows": args.rows,
                "backend": "sqlite",
                "batch_first_load_rows_per_s": round(args.rows / first),
                "batch_reimport_rows_per_s": round(args.rows / again),
                "baseline_create_contact_rows_per_s": round(args.rows / baseline),
                "speedup_vs_baseline": round(baseline / first, 2),
            }
        )
    )


if __name__ == "__main__":
    main()
