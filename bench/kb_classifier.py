"""What the knowledge base's own article classifier costs, on one core. Prints one JSON object.

An index trains its classifier on the first search after every change (``classifier.py``), so
that search waits for it. For knowledge bases shaped like FAQ help centers (a title and a dozen
example questions per article) this measures, side by side: building the index itself from its
rows (the baseline, paid at every change too), training the classifier, and scoring one query
with it. Vectors are random but clustered by article as sentence vectors are (fixed seed), with
articles as close as near-twin intents so that the fit runs to its iteration limit: the worst
case for each size.

    python bench/kb_classifier.py [--sizes 30x8,77x13,150x13,180x12,300x4,300x10]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core, before numpy loads

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

from rumbo.knowledge.search.analysis import analyzer, encode_terms  # noqa: E402
from rumbo.knowledge.search.classifier import MAX_WORK  # noqa: E402
from rumbo.knowledge.search.embeddings import DIM, PARTS, to_bytes  # noqa: E402
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex  # noqa: E402


def rows_of(articles: int, passages: int) -> tuple[list[ArticleRow], list[ChunkRow]]:
    rng = np.random.default_rng(11)
    shared = rng.standard_normal(DIM)
    analysis = analyzer("es")
    article_rows, chunk_rows = [], []
    for a in range(articles):
        article_rows.append(ArticleRow(a + 1, f"Artículo {a}", f"a-{a}", "es", "x", "published"))
        own = rng.standard_normal(DIM) * 0.12  # near-twins: the fit runs to its last iteration
        for p in range(passages):
            vector = shared + own + rng.standard_normal(DIM) * 0.6
            for part in PARTS:
                vector[part] /= np.linalg.norm(vector[part])
            text = f"Pregunta {p} sobre el envío y el pago del artículo {a}"
            terms = encode_terms(analysis.terms(text))
            chunk_rows.append(
                ChunkRow(a + 1, p, "es", text, terms, to_bytes(vector.astype(np.float32)))
            )
    return article_rows, chunk_rows


def measure(articles: int, passages: int) -> dict[str, object]:
    article_rows, chunk_rows = rows_of(articles, passages)
    began = time.perf_counter()
    index = SearchIndex.build(article_rows, chunk_rows)
    build_s = time.perf_counter() - began
    began = time.perf_counter()
    model = index.classifier
    train_s = time.perf_counter() - began
    out: dict[str, object] = {
        "articles": articles,
        "passages": articles * passages,
        "work": articles * articles * passages,
        "index_build_s": round(build_s, 3),
        "classifier_train_s": round(train_s, 3) if model is not None else None,
        "train_over_build": round(train_s / build_s, 1) if model is not None else None,
    }
    if model is not None:
        query = np.concatenate([index.vectors[0], index.use_vectors[0]])
        times = []
        for _ in range(200):
            began = time.perf_counter()
            model.log_probabilities(query)
            times.append((time.perf_counter() - began) * 1000)
        out["query_ms_median"] = round(statistics.median(times), 4)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="30x8,77x13,150x13,180x12,300x4,300x10")
    args = parser.parse_args()
    sizes = [tuple(int(n) for n in size.split("x")) for size in args.sizes.split(",")]
    import sklearn.linear_model  # noqa: F401  (imported once per process: not a training cost)

    results = [measure(a, p) for a, p in sizes]
    print(json.dumps({"max_work": MAX_WORK, "cores": 1, "sizes": results}, indent=2))


if __name__ == "__main__":
    main()
