"""Plain BM25 with stemming on the evaluation sets: the baseline the retrieval targets are set
against ("recall@1 at least 10 points above plain BM25 with stemming"). Prints one JSON object.

Plain means what one would set up by hand: lower case, accents folded, words split on
non-letters, each language's Snowball stemmer, ``rank_bm25``'s BM25Okapi with its defaults over
each article's title and body, and the best-scoring article as the answer. No stopwords, no
synonyms, no typo tolerance, no passages, no vectors. Out-of-scope questions are left out, as
they are from recall@1 in ``rumbo eval retrieval``.

    python bench/bm25_baseline.py [--eval-dir ../shared/eval] [SET ...]
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from pathlib import Path

import numpy as np
import Stemmer
from rank_bm25 import BM25Okapi

STEMMERS = {"es": "spanish", "en": "english", "pt": "portuguese"}
WORD = re.compile(r"\w+")


def analyse(text: str, language: str, stemmers: dict[str, Stemmer.Stemmer]) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    stemmer = stemmers.get(language) or stemmers["es"]
    return list(stemmer.stemWords(WORD.findall(folded)))


def recall_at_1(folder: Path) -> dict[str, object]:
    stemmers = {code: Stemmer.Stemmer(name) for code, name in STEMMERS.items()}
    with (folder / "kb.jsonl").open(encoding="utf-8") as lines:
        articles = [json.loads(line) for line in lines if line.strip()]
    with (folder / "queries.jsonl").open(encoding="utf-8") as lines:
        queries = [json.loads(line) for line in lines if line.strip()]
    index = BM25Okapi(
        [analyse(f"{a['title']} {a['body']}", a.get("lang", "es"), stemmers) for a in articles]
    )
    ids = [str(a["id"]) for a in articles]
    answered = [q for q in queries if q.get("relevant")]
    hits = 0
    for query in answered:
        scores = index.get_scores(analyse(query["query"], query.get("lang", "es"), stemmers))
        hits += ids[int(np.argmax(scores))] in {str(r) for r in query["relevant"]}
    return {
        "articles": len(articles),
        "questions": len(answered),
        "recall@1": round(hits / max(len(answered), 1), 4),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval-dir", type=Path, default=Path("../shared/eval"))
    parser.add_argument("sets", nargs="*", default=["banking77_faq", "clinc150_faq"])
    args = parser.parse_args()
    print(json.dumps({name: recall_at_1(args.eval_dir / name) for name in args.sets}))


if __name__ == "__main__":
    main()
