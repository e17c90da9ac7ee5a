"""The in-memory search index: articles, their passages, BM25 per language and the vectors."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from rumbo.knowledge.search.analysis import LANGUAGES, analyzer, decode_terms
from rumbo.knowledge.search.classifier import ArticleClassifier, Lazy, train
from rumbo.knowledge.search.embeddings import DIM, PARTS, Vectors, from_bytes, query_form
from rumbo.knowledge.search.lexical import LexicalIndex

# Up to this many passages every query is compared with every passage vector (about 6 ms on one
# core at 50,000); above it, with the passages of the articles whose mean vector or BM25 is best.
EXACT_DENSE_LIMIT = 50_000
SAMPLE = 4096
# The article mean vectors of a large index are first compared in their COARSE_DIM main
# directions: 20,000 rows of 384 floats do not fit the processor's cache, 128 do, and reading
# them from memory was most of a query's ranking time. The best COARSE_POOL by that estimate are
# then compared exactly (on the benchmark's 20,000 articles, 99.6% of the exact best 300 are in
# the pool).
COARSE_DIM = 128
COARSE_POOL = 2000


@dataclass(frozen=True)
class Shortlist:
    """What a large index compares a question with before any passage: its articles' mean
    vectors, and a sample of passages for the cosine statistics the confidence needs."""

    centroids: Vectors  # one unit e5 row per article
    projection: Vectors  # e5 space -> the centroids' COARSE_DIM main directions
    coarse: Vectors  # the centroids in those directions
    sample: npt.NDArray[np.int64]  # the sampled passages
    # The sample's mean e5 vector and covariance: a query's cosines over the sample have mean
    # ``mean @ q`` and variance ``q @ cov @ q``, without multiplying thousands of rows.
    sample_mean: npt.NDArray[np.float64]
    sample_cov: npt.NDArray[np.float64]

    @classmethod
    def build(cls, vectors: Vectors, starts: npt.NDArray[np.int64]) -> Shortlist:
        sums = np.add.reduceat(vectors, starts[:-1], axis=0)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        centroids = (sums / np.where(norms == 0, 1.0, norms)).astype(np.float32)
        projection, coarse = _main_directions(centroids, COARSE_DIM)
        rng = np.random.default_rng(0)
        sample = np.sort(rng.choice(len(vectors), SAMPLE, replace=False))
        picked = vectors[sample].astype(np.float64)
        return cls(
            centroids=centroids,
            projection=projection,
            coarse=coarse,
            sample=sample,
            sample_mean=picked.mean(axis=0),
            sample_cov=np.cov(picked, rowvar=False, bias=True),
        )


@dataclass(frozen=True)
class ArticleRow:
    id: int
    title: str
    slug: str
    language: str
    category: str
    status: str


@dataclass(frozen=True)
class ChunkRow:
    article_id: int
    position: int
    language: str
    text: str
    terms: str
    embedding: bytes | None


@dataclass
class SearchIndex:
    """Everything a query needs, in arrays; immutable once built (a change builds a new one)."""

    articles: list[ArticleRow]
    chunk_article: npt.NDArray[np.int32]  # chunk -> index in ``articles``
    chunk_position: npt.NDArray[np.int32]
    chunk_text: list[str]
    lexical: dict[str, LexicalIndex]  # passages as documents
    article_lexical: dict[str, LexicalIndex]  # whole articles as documents
    article_start: npt.NDArray[np.int64]  # article slot -> its first passage (passages sorted)
    vectors: Vectors  # e5: one unit row per chunk; zero rows for chunks not embedded yet
    use_vectors: Vectors  # the Universal Sentence Encoder's, row for row
    synonyms: dict[str, list[list[tuple[str, ...]]]] = field(default_factory=dict)
    signature: tuple[object, ...] = ()
    embedded: int = 0  # passages with a vector
    shortlist: Shortlist | None = None  # large indexes only (over EXACT_DENSE_LIMIT passages)
    _masks: dict[bool, npt.NDArray[np.bool_]] = field(default_factory=dict, repr=False)
    _spelling: dict[str, str] | None = field(default=None, repr=False)
    _classifier: Lazy = field(default_factory=Lazy, init=False, repr=False, compare=False)

    @property
    def has_vectors(self) -> bool:
        """Whether any passage is embedded (else search is lexical only)."""
        return self.embedded > 0

    @property
    def size(self) -> int:
        return len(self.chunk_text)

    @property
    def classifier(self) -> ArticleClassifier | None:
        """The knowledge base's article classifier (:mod:`.classifier`), trained on first use
        from the passages of every article a search with drafts may return (archived ones are
        no class). None for a large index (it has a shortlist), and until every passage has its
        vectors: an article still waiting for them would have no class and sink, and each step
        of a background fill rebuilds the index, which would train again for nothing."""
        if self.shortlist is not None or not self.size or self.embedded < self.size:
            return None

        def build() -> ArticleClassifier | None:
            rows = np.flatnonzero(self.published_mask(True)[self.chunk_article])
            return train(
                (self.vectors[rows], self.use_vectors[rows]),
                self.chunk_article[rows],
                len(self.articles),
            )

        return self._classifier.get(build)

    def published_mask(self, include_drafts: bool) -> npt.NDArray[np.bool_]:
        """Articles a search may return: published ones, or all but archived with drafts."""
        mask = self._masks.get(include_drafts)
        if mask is None:
            allowed = {"published", "draft"} if include_drafts else {"published"}
            mask = np.fromiter(
                (a.status in allowed for a in self.articles), np.bool_, len(self.articles)
            )
            self._masks[include_drafts] = mask
        return mask

    def spelled(self, query: str) -> str:
        """The question as the model should read it: each word as the knowledge base writes it.

        Customers type "envio", "ENVÍO" or "envío"; the passages say "envío". A word typed
        without accents, or in capitals, takes the spelling the articles use most for it, so
        every variant reaches the same vector; the customer's capital initial is kept (it marks
        a sentence start or a name). A word typed with its accents is kept as typed.
        """
        spelling = self._spelling
        if spelling is None:
            spelling = self._spelling = _spelling(self.chunk_text)
        return _WORD.sub(lambda m: _respell(m.group(), spelling), query)

    @classmethod
    def build(
        cls,
        articles: Sequence[ArticleRow],
        chunks: Sequence[ChunkRow],
        synonyms: Sequence[tuple[str, Sequence[str]]] = (),
        signature: tuple[object, ...] = (),
    ) -> SearchIndex:
        """Build from plain rows; chunks of unknown articles are ignored."""
        # Only articles with passages are searchable; passages are kept grouped by article.
        with_chunks = {c.article_id for c in chunks}
        articles = [a for a in articles if a.id in with_chunks]
        slot = {a.id: i for i, a in enumerate(articles)}
        kept = sorted(chunks, key=lambda c: (slot.get(c.article_id, -1), c.position))
        kept = [c for c in kept if c.article_id in slot]
        by_language: dict[str, tuple[list[list[str]], list[int]]] = {}
        whole: dict[str, dict[int, list[str]]] = {}
        for i, chunk in enumerate(kept):
            docs, ids = by_language.setdefault(chunk.language, ([], []))
            terms = decode_terms(chunk.terms)
            docs.append(terms)
            ids.append(i)
            whole.setdefault(chunk.language, {}).setdefault(slot[chunk.article_id], []).extend(
                terms
            )
        lexical = {
            lang: LexicalIndex(docs, ids, len(kept)) for lang, (docs, ids) in by_language.items()
        }
        article_lexical = {
            lang: LexicalIndex(list(docs.values()), list(docs), len(articles))
            for lang, docs in whole.items()
        }
        owner = np.fromiter((slot[c.article_id] for c in kept), np.int32, len(kept))
        starts = np.searchsorted(owner, np.arange(len(articles) + 1)).astype(np.int64)
        both = np.zeros((len(kept), DIM), dtype=np.float32)
        # A vector of another size (another model's) counts as missing until reindexed.
        embedded = [i for i, c in enumerate(kept) if c.embedding and len(c.embedding) == DIM]
        if embedded:
            both[embedded] = from_bytes([kept[i].embedding or b"" for i in embedded])
        # Each model's rows contiguous: a query multiplies one model's matrix at a time.
        vectors, use_vectors = (np.ascontiguousarray(both[:, part]) for part in PARTS)
        del both
        large = len(kept) > EXACT_DENSE_LIMIT and len(articles)
        return cls(
            shortlist=Shortlist.build(vectors, starts) if large else None,
            articles=list(articles),
            chunk_article=owner,
            chunk_position=np.fromiter((c.position for c in kept), np.int32, len(kept)),
            chunk_text=[c.text for c in kept],
            lexical=lexical,
            article_lexical=article_lexical,
            article_start=starts,
            vectors=vectors,
            use_vectors=use_vectors,
            synonyms=_analysed_synonyms(synonyms),
            signature=signature,
            embedded=len(embedded),
        )


_WORD = re.compile(r"[^\W\d_]+")
# The spelling table reads at most this much passage text: word spellings settle long before.
_SPELLING_SAMPLE_CHARS = 3_000_000


def _respell(word: str, spelling: dict[str, str]) -> str:
    shouted = len(word) > 1 and word.isupper()
    folded = query_form(word)
    if not shouted and folded != word.lower():
        return word  # written with its accents: "qué" is not "que", so it is never overruled
    known = spelling.get(folded)
    if known is None:
        return word.lower() if shouted else word
    if shouted:
        return known
    head = known[0].upper() if word[0].isupper() else known[0].lower()
    return head + known[1:]


def _spelling(texts: Sequence[str]) -> dict[str, str]:
    """Folded word → the spelling the passages use most (an evenly spread sample of them)."""
    total = sum(len(t) for t in texts) or 1
    step = max(1, -(-total // _SPELLING_SAMPLE_CHARS))
    counts = Counter(_WORD.findall("\n".join(texts[::step])))
    best: dict[str, tuple[int, str]] = {}
    for word, count in counts.items():
        key = query_form(word)
        if count > best.get(key, (0, ""))[0]:
            best[key] = (count, word)
    return {key: word for key, (_, word) in best.items()}


def _analysed_synonyms(
    rows: Sequence[tuple[str, Sequence[str]]],
) -> dict[str, list[list[tuple[str, ...]]]]:
    """Synonym groups as analysed phrases, per language; words that analyse to nothing drop."""
    groups: dict[str, list[list[tuple[str, ...]]]] = {}
    for language, terms in rows:
        if language not in LANGUAGES:
            continue
        analysis = analyzer(language)
        phrases = [tuple(analysis.terms(str(t))) for t in terms if isinstance(t, str)]
        phrases = list(dict.fromkeys(p for p in phrases if p))
        if len(phrases) >= 2:
            groups.setdefault(language, []).append(phrases)
    return groups


def _main_directions(rows: Vectors, count: int) -> tuple[Vectors, Vectors]:
    """The ``count`` directions along which ``rows`` vary most (principal components), and the
    rows expressed in them. Ranking rows by ``coarse @ (q @ projection)`` approximates ranking
    them by ``rows @ q``: the mean's share is the same for every row."""
    centred = rows.astype(np.float64) - rows.mean(axis=0)
    _, vectors = np.linalg.eigh(centred.T @ centred)  # ascending eigenvalues
    projection = np.ascontiguousarray(vectors[:, ::-1][:, :count], dtype=np.float32)
    return projection, np.ascontiguousarray(rows @ projection)
