"""An in-memory BM25 inverted index over analysed passage terms, in compressed numpy arrays.

Postings are sorted by term (CSR layout) with their BM25 impact precomputed at build time, so a
query costs one vectorised add per query term. The index is built from the terms stored in
``article_chunks.terms``, identically on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int32]


class LexicalIndex:
    """BM25 over documents numbered 0..n-1 (passages), for one language's terms."""

    def __init__(self, docs: Sequence[Sequence[str]], doc_ids: Sequence[int], n_docs: int) -> None:
        """Index ``docs[i]`` (its terms) as document ``doc_ids[i]``, out of ``n_docs`` in all."""
        self.vocab: dict[str, int] = {}
        vocab = self.vocab
        term_ids: list[int] = []
        owners: list[int] = []
        lengths = np.zeros(n_docs, dtype=np.float32)
        for doc, terms in zip(doc_ids, docs, strict=True):
            lengths[doc] = len(terms)
            term_ids.extend(vocab.setdefault(term, len(vocab)) for term in terms)
            owners.extend([doc] * len(terms))
        self.words = list(vocab)
        self.size = len(doc_ids)
        avgdl = float(sum(len(terms) for terms in docs)) / max(len(docs), 1) or 1.0
        # One posting per (term, doc) pair; how often the pair occurs is the term frequency.
        span = max(n_docs, 1)
        keys = np.asarray(term_ids, dtype=np.int64) * span + np.asarray(owners, dtype=np.int64)
        unique, counts = np.unique(keys, return_counts=True)
        post_terms = unique // span
        self.docs: IntArray = (unique % span).astype(np.int32)
        per_term = np.bincount(post_terms, minlength=len(vocab))
        self.df = per_term.astype(np.float32)
        self.idf: FloatArray = np.log1p((self.size - self.df + 0.5) / (self.df + 0.5)).astype(
            np.float32
        )
        tf = counts.astype(np.float32)
        norm = K1 * (1 - B + B * lengths[self.docs] / avgdl)
        self.impacts: FloatArray = (self.idf[post_terms] * tf * (K1 + 1) / (tf + norm)).astype(
            np.float32
        )
        self.offsets = np.zeros(len(vocab) + 1, dtype=np.int64)
        np.cumsum(per_term, out=self.offsets[1:])
        self._deletions: dict[str, list[int]] | None = None

    def scores(self, weighted_terms: Iterable[tuple[str, float]], into: FloatArray) -> None:
        """Add each term's BM25 contribution times its weight to ``into`` (indexed by doc)."""
        for term, weight in weighted_terms:
            term_id = self.vocab.get(term)
            if term_id is None:
                continue
            start, end = self.offsets[term_id], self.offsets[term_id + 1]
            into[self.docs[start:end]] += weight * self.impacts[start:end]

    def __contains__(self, term: str) -> bool:
        return term in self.vocab

    def doc_freq(self, term: str) -> int:
        term_id = self.vocab.get(term)
        return 0 if term_id is None else int(self.df[term_id])

    def near(self, term: str) -> str | None:
        """The most frequent indexed term one edit away (insert, delete, substitute, swap)."""
        if len(term) < 4:
            return None
        if self._deletions is None:
            self._deletions = {}
            for word in self.vocab:
                if len(word) >= 3:
                    for variant in _deletes(word):
                        self._deletions.setdefault(variant, []).append(self.vocab[word])
        candidates: set[int] = set()
        for variant in _deletes(term):
            candidates.update(self._deletions.get(variant, ()))
        best = max(candidates, key=lambda t: (self.df[t], self.words[t]), default=None)
        return None if best is None else self.words[best]


def _deletes(word: str) -> set[str]:
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}
