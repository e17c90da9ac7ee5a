"""Surge grouping speed on one core: group 50,000 requests, then assign new ones online.

Requests: every distinct text of three public intent sets in ``shared/data`` (banking77,
clinc150, bitext; about 39,000) and, to reach the size, repeats of randomly drawn ones (a surge
is many people writing the same thing). New requests for the online part are drawn from the same
pool with a word dropped, so they are not exact repeats of what was grouped. The baseline, in
the same run, is TF-IDF + k-means told the number of groups Rumbo found, on the same requests.
Prints one JSON object.

    python bench/surge.py [--requests 50000] [--data ../shared/data] [--online 5000]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core, before numpy loads

import argparse  # noqa: E402
import csv  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from rumbo.triage.grouping import NEW_GROUP, group_texts  # noqa: E402

HERE = Path(__file__).resolve().parent
SOURCES = (
    ("banking77/train.csv", "text"),
    ("clinc150/train.csv", "text"),
    ("clinc150/val.csv", "text"),
    ("bitext_customer_support/dev.csv", "utterance"),
)


def pool(data: Path) -> list[str]:
    texts: dict[str, None] = {}
    for name, column in SOURCES:
        with (data / name).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                texts.setdefault(row[column], None)
    return list(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=50_000)
    parser.add_argument("--online", type=int, default=5_000)
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--baseline", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    rng = random.Random(13)
    distinct = pool(args.data)
    requests = distinct[: args.requests]
    while len(requests) < args.requests:
        requests.append(rng.choice(distinct))

    began = time.perf_counter()
    grouping = group_texts(requests)
    group_seconds = time.perf_counter() - began

    arriving = []
    for _ in range(args.online):
        words = rng.choice(distinct).split()
        if len(words) > 3:
            del words[rng.randrange(len(words))]
        arriving.append(" ".join(words))
    began = time.perf_counter()
    joined = sum(1 for text in arriving if grouping.assign(text)[0] != NEW_GROUP)
    assign_seconds = time.perf_counter() - began

    result: dict[str, object] = {
        "requests": len(requests),
        "distinct_texts": len(set(requests)),
        "groups": len(grouping.groups),
        "group_seconds": round(group_seconds, 2),
        "group_target_seconds": 30,
        "online_assignments_per_s": round(len(arriving) / assign_seconds),
        "online_target_per_s": 5000,
        "online_joined_existing_group": round(joined / len(arriving), 3),
    }
    if args.baseline:
        from sklearn.cluster import MiniBatchKMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        began = time.perf_counter()
        matrix = TfidfVectorizer(sublinear_tf=True).fit_transform(requests)
        MiniBatchKMeans(len(grouping.groups), n_init=1, random_state=0).fit(matrix)
        base = time.perf_counter() - began
        result["baseline_tfidf_minibatch_kmeans_seconds"] = round(base, 2)
        result["speed_ratio_vs_baseline"] = round(base / group_seconds, 2)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
