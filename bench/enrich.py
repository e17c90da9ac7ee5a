"""Enrichment and detection speed on one core. Prints one JSON object.

Texts: by default 20,000 short synthetic posts in Spanish and English (fixed seed), built from
customer-service phrases, emoji, hashtags, mentions and product names; with ``--csv FILE
--column text`` the texts of a real file instead. Each text is enriched twice: the first pass
fills the per-word caches (``cold``), the second is the steady state of a long-running stream
(``warm``). Detection is timed on the enriched posts as a stream of ``--per-minute`` posts.

    python bench/enrich.py [--texts 20000] [--csv FILE --column text]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rumbo.listening.detect import Engine, Observation
from rumbo.listening.enrich import Enricher

_OPENERS = [
    "Hola @tenderete,",
    "@tenderete",
    "Buenos días,",
    "Otra vez",
    "Hi @tenderete",
    "Hey",
    "Urgente:",
    "",
    "",
    "",
]
_BODIES = [
    "la Fibra 600 no funciona desde ayer",
    "me cobraron dos veces la factura de marzo",
    "el pedido no ha llegado y nadie responde",
    "muy contento con el servicio, gracias",
    "sin servicio en todo el barrio",
    "la app se cae cada vez que intento pagar",
    "my order never arrived and customer service is useless",
    "thanks for the quick refund!",
    "the app is down again, can't log in",
    "I was charged twice for the same bill",
    "great support today, really helpful agent",
    "still waiting for my refund after 3 weeks",
    "el router nuevo va genial",
    "llevo una hora esperando al teléfono",
    "not happy with the new prices",
    "precio abusivo por un servicio pésimo",
]
_TAILS = ["", "", " 😡", " #caida", " #fail", " 🙏", "!!", " ¿alguien más?", " 😍", " :("]


def synthetic(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(_OPENERS)} {rng.choice(_BODIES)}{rng.choice(_TAILS)}".strip()
        for _ in range(n)
    ]


def from_csv(path: Path, column: str, n: int) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        texts = [row[column] for row in csv.DictReader(handle) if row.get(column)]
    return (texts * (n // max(len(texts), 1) + 1))[:n] if texts else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=20_000)
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--column", default="text")
    parser.add_argument(
        "--per-minute", type=float, default=300.0, help="event-time density of the stream"
    )
    args = parser.parse_args()
    texts = from_csv(args.csv, args.column, args.texts) if args.csv else synthetic(args.texts)
    if not texts:
        raise SystemExit("no texts to enrich")

    started = time.process_time()
    enricher = Enricher(products=["Fibra 600", "Router Max", "Plan Móvil 20GB"])
    build_s = time.process_time() - started

    started = time.process_time()
    enricher.enrich_many(texts)
    cold = time.process_time() - started
    started = time.process_time()
    results = enricher.enrich_many(texts)
    warm = time.process_time() - started

    start = datetime(2026, 3, 2, tzinfo=UTC)
    step = timedelta(minutes=1) / args.per_minute
    observations = [
        Observation(
            at=start + step * i,
            key=f"bench:{i}",
            terms=r.terms,
            topic=r.topic,
            sentiment=r.sentiment,
            complaint=r.complaint,
            reach=0,
        )
        for i, r in enumerate(results)
    ]
    engine = Engine()
    started = time.process_time()
    signals = engine.observe_many(observations)
    detect = time.process_time() - started

    n = len(texts)
    print(
        json.dumps(
            {
                "texts": n,
                "source": str(args.csv) if args.csv else "synthetic",
                "mean_chars": round(sum(map(len, texts)) / n, 1),
                "build_ms": round(build_s * 1000, 1),
                "enrich_cold_us_per_text": round(cold / n * 1e6, 2),
                "enrich_warm_us_per_text": round(warm / n * 1e6, 2),
                "enrich_texts_per_s": round(n / warm),
                "mean_terms": round(sum(len(r.terms) for r in results) / n, 2),
                "detect_us_per_event": round(detect / n * 1e6, 2),
                "detect_signals": len(signals),
                "per_minute": args.per_minute,
                "target_us_per_text": 30,
            }
        )
    )


if __name__ == "__main__":
    main()
