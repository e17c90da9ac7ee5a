"""Search speed at 20,000 articles on one core: Rumbo's BM25 index against rank_bm25, and the
full hybrid search. Prints one JSON object.

Corpus: the 240 Spanish XQuAD articles of ``shared/eval/xquad_es`` (their 265 questions measure
recall@1), plus synthetic articles to reach 20,000: each takes a title and three passages of two
or three sentences drawn at random (fixed seed) from every sentence and example question of the
other sets. Embedding 80,000 passages would take the model an hour, so each passage's vector is
the normalised mean of its sentences' vectors (every distinct sentence and title is embedded once
with the real model and cached); the query is embedded by the real model on every search and
timed separately. Both lexical indexes read the same analysed terms of the same articles.

    python bench/kb_search.py [--articles 20000] [--eval-dir ../shared/eval] [--cache DIR]
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core, before numpy or the model load

import argparse  # noqa: E402
import json  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from rumbo.knowledge.search.analysis import analyzer, encode_terms  # noqa: E402
from rumbo.knowledge.search.chunking import chunk_article, lexical_text  # noqa: E402
from rumbo.knowledge.search.embeddings import (  # noqa: E402
    MODEL_NAME,
    default_embedder,
    to_bytes,
)
from rumbo.knowledge.search.hybrid import search_index  # noqa: E402
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex  # noqa: E402

HERE = Path(__file__).resolve().parent
SENTENCE = re.compile(r"(?<=[.!?])\s+")


def load(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def sentences(bodies: list[str]) -> list[str]:
    found: list[str] = []
    for body in bodies:
        for line in body.splitlines():
            line = line.lstrip("-* ").strip()
            found.extend(s for s in SENTENCE.split(line) if s)
    return list(dict.fromkeys(found))


def sentence_pool(eval_dir: Path) -> list[str]:
    """Every sentence and example question of the sets, except the measured articles' own (a
    distractor repeating an answer sentence would make recall meaningless)."""
    measured = {str(a["body"]) for a in load(eval_dir / "xquad_es" / "kb.jsonl")}
    pool: list[str] = []
    for kb in sorted(eval_dir.glob("*/kb.jsonl")):
        for article in load(kb):
            if str(article["body"]) in measured:
                continue
            for line in str(article["body"]).splitlines():
                line = line.lstrip("-* ").strip()
                pool.extend(s for s in SENTENCE.split(line) if len(s) > 15)
    return list(dict.fromkeys(pool))


def sentence_vectors(sentences: list[str], cache: Path) -> dict[str, np.ndarray]:
    """Each sentence's vector from the real model, kept in ``cache`` between runs."""
    cache.mkdir(parents=True, exist_ok=True)
    file = cache / f"sentences-{MODEL_NAME.replace('/', '_')}.npz"  # a model change starts anew
    known: dict[str, np.ndarray] = {}
    if file.exists():
        stored = np.load(file)
        known = dict(zip(stored["texts"].tolist(), stored["vectors"], strict=True))
    missing = [s for s in sentences if s not in known]
    if missing:
        model = default_embedder()
        for i in range(0, len(missing), 64):
            part = missing[i : i + 64]
            known.update(zip(part, model.passages(part), strict=True))
        texts = list(known)
        np.savez(file, texts=np.array(texts), vectors=np.vstack([known[t] for t in texts]))
    return {s: known[s] for s in sentences}


def build_corpus(
    eval_dir: Path, n_articles: int, vectors: dict[str, np.ndarray], pool: list[str]
) -> tuple[list[ArticleRow], list[ChunkRow], list[list[str]]]:
    rng = random.Random(20)
    titles = [str(a["title"]) for kb in eval_dir.glob("*/kb.jsonl") for a in load(kb)]
    real = load(eval_dir / "xquad_es" / "kb.jsonl")
    articles: list[ArticleRow] = []
    chunks: list[ChunkRow] = []
    doc_terms: list[list[str]] = []
    es = analyzer("es")

    def add(title: str, body: str) -> None:
        article_id = len(articles) + 1
        articles.append(
            ArticleRow(article_id, title, f"a-{article_id}", "es", "bench", "published")
        )
        terms_all: list[str] = []
        for chunk in chunk_article(title, body):
            terms = es.terms(lexical_text(title, chunk))
            terms_all.extend(terms)
            parts = [vectors[s] for s in SENTENCE.split(chunk.text) if s in vectors]
            mean = np.mean(parts, axis=0) if parts else vectors[title]  # a cut sentence
            chunks.append(
                ChunkRow(
                    article_id,
                    chunk.position,
                    "es",
                    chunk.text,
                    encode_terms(terms),
                    to_bytes(mean / np.linalg.norm(mean)),
                )
            )
        doc_terms.append(terms_all)

    for article in real:
        add(str(article["title"]), str(article["body"]))
    while len(articles) < n_articles:
        body = "\n\n".join(" ".join(rng.sample(pool, rng.randint(2, 3))) for _ in range(3))
        add(rng.choice(titles), body)
    return articles, chunks, doc_terms


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--eval-dir", type=Path, default=HERE.parent.parent / "shared" / "eval")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rumbo-bench")
    args = parser.parse_args()
    from rank_bm25 import BM25Okapi

    began = time.perf_counter()
    pool = sentence_pool(args.eval_dir)
    real = load(args.eval_dir / "xquad_es" / "kb.jsonl")
    titles = [str(a["title"]) for kb in args.eval_dir.glob("*/kb.jsonl") for a in load(kb)]
    measured = sentences(
        [c.text for a in real for c in chunk_article(str(a["title"]), str(a["body"]))]
    )
    vectors = sentence_vectors(list(dict.fromkeys(pool + measured + titles)), args.cache)
    embed_s = time.perf_counter() - began
    articles, chunks, doc_terms = build_corpus(args.eval_dir, args.articles, vectors, pool)
    began = time.perf_counter()
    index = SearchIndex.build(articles, chunks)
    build_s = time.perf_counter() - began
    began = time.perf_counter()
    reference = BM25Okapi(doc_terms)
    reference_build_s = time.perf_counter() - began

    queries = load(args.eval_dir / "xquad_es" / "queries.jsonl")
    real_ids = {
        str(a["id"]): i + 1 for i, a in enumerate(load(args.eval_dir / "xquad_es" / "kb.jsonl"))
    }
    es = analyzer("es")
    lexical = index.article_lexical["es"]
    ours: list[float] = []
    lexical_search: list[float] = []
    theirs: list[float] = []
    hybrid: list[float] = []
    embed: list[float] = []
    hits = {"rumbo_lexical": 0, "rank_bm25": 0, "rumbo_hybrid": 0}
    for q in queries:
        text = str(q["query"])
        relevant = {real_ids[r] for r in q["relevant"]}  # type: ignore[attr-defined]
        t0 = time.perf_counter()  # the index alone, doing what rank_bm25 does below
        scores_ = np.zeros(len(index.articles), dtype=np.float32)
        lexical.scores([(t, 1.0) for t in dict.fromkeys(es.terms(text))], scores_)
        best = np.argpartition(-scores_, 10)[:10]
        best = best[np.argsort(-scores_[best])]
        ours.append((time.perf_counter() - t0) * 1000)
        hits["rumbo_lexical"] += index.articles[int(best[0])].id in relevant
        t0 = time.perf_counter()  # the whole lexical search: typos, synonyms, passages, ranking
        search_index(index, text, language="es", limit=10, dense=False)
        lexical_search.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        scores = reference.get_scores(es.terms(text))
        top = np.argsort(-scores)[:10]
        theirs.append((time.perf_counter() - t0) * 1000)
        hits["rank_bm25"] += int(top[0]) + 1 in relevant
        t0 = time.perf_counter()
        result = search_index(index, text, language="es", limit=10)
        hybrid.append((time.perf_counter() - t0) * 1000)
        embed.append(result.timings_ms.get("embed_ms", 0.0))
        hits["rumbo_hybrid"] += result.hits[0].article_id in relevant

    n = len(queries)
    report = {
        "articles": len(articles),
        "passages": index.size,
        "queries": n,
        "corpus": "240 xquad_es articles + synthetic ones from other eval-set sentences (seed 20)",
        "lexical": {
            "rumbo_qps": round(1000 / statistics.mean(ours), 1),
            "rumbo_p95_ms": round(percentile(ours, 95), 3),
            "rank_bm25_qps": round(1000 / statistics.mean(theirs), 1),
            "rank_bm25_p95_ms": round(percentile(theirs, 95), 3),
            "qps_ratio": round(statistics.mean(theirs) / statistics.mean(ours), 1),
            "p95_ratio": round(percentile(theirs, 95) / percentile(ours, 95), 1),
            "rumbo_recall@1": round(hits["rumbo_lexical"] / n, 4),
            "rumbo_full_lexical_search_p95_ms": round(percentile(lexical_search, 95), 3),
            "rank_bm25_recall@1": round(hits["rank_bm25"] / n, 4),
        },
        "hybrid": {
            "p50_ms": round(percentile(hybrid, 50), 2),
            "p95_ms": round(percentile(hybrid, 95), 2),
            "query_embed_p95_ms": round(percentile(embed, 95), 2),
            "p95_without_embed_ms": round(
                percentile([h - e for h, e in zip(hybrid, embed, strict=True)], 95), 2
            ),
            "recall@1": round(hits["rumbo_hybrid"] / n, 4),
        },
        "build_s": {
            "rumbo_index": round(build_s, 2),
            "rank_bm25": round(reference_build_s, 2),
            "sentence_embeddings": round(embed_s, 1),
        },
        "threads": 1,
        "python": sys.version.split()[0],
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
