"""Grouping requests that ask the same thing, without being told how many things are asked.

The method, in order:

1. Each text becomes index terms in its own language (folded, stopwords out, Snowball stems)
   plus its two-word phrases; texts with the same terms are one near-duplicate and are weighed,
   not repeated.
2. TF-IDF over those terms, reduced by a truncated SVD to a few hundred latent dimensions, so
   requests that share no word but share the words' company ("no me llegó la tarjeta" /
   "tarjeta todavía sin recibir") still land near each other.
3. Many small clusters first (k-means with far more centres than there can be topics), then
   the centres are merged by average-linkage with a cosine-distance threshold. The threshold,
   not a number of groups, decides the granularity: a surge of one request makes one big group
   whatever else is in the queue.
4. Each group is labelled with the words that set it apart (class-based TF-IDF), shown in the
   form customers wrote them, not as stems.

A fitted :class:`Grouping` assigns new requests online: a dictionary lookup per term and a dot
product with the group centres, with no library call in the loop, so thousands per second.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from rumbo.knowledge.search.analysis import analyzer, detect_language, tokens
from rumbo.knowledge.search.stopwords import STOPWORDS

if TYPE_CHECKING:
    from numpy.typing import NDArray

NEW_GROUP = -1


@dataclass(frozen=True)
class GroupingConfig:
    """How coarse the groups are and how much work goes into finding them."""

    dimensions: int = 160
    # Cosine distance under which two cluster centres ask "the same thing". Chosen on the
    # development parts of the public intent sets; the held-out parts judge it.
    merge_distance: float = 0.8
    # A new request joins a group when its cosine similarity to the centre reaches this.
    assign_similarity: float = 0.3
    points_per_centre: int = 6
    max_centres: int = 1500
    label_terms: int = 3
    seed: int = 7


@dataclass
class Group:
    """One group: its members (positions in the input), label and distinguishing words."""

    id: int
    label: str
    terms: tuple[str, ...]
    members: list[int] = field(default_factory=list)


# Addresses, links and reference numbers differ per customer: they must not pull requests
# together (or apart), and they are personal data besides.
_NOISE = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\b[A-Z]{2,}-[A-Z0-9-]*\d+\b|\d[\d.,:/-]*")


def _features(text: str) -> tuple[list[str], list[str]]:
    """(index terms with two-word phrases, surface words) of one request."""
    text = _NOISE.sub(" ", text)
    language = detect_language(text)
    stems = analyzer(language).terms(text)
    phrases = [f"{a}_{b}" for a, b in pairwise(stems)]
    stop = STOPWORDS[language]
    words = [w for w in tokens(text) if w not in stop and not w.isdigit()]
    return stems + phrases, words


class Grouping:
    """The result of grouping: labels per input, the groups, and what assigns new requests."""

    def __init__(
        self,
        labels: NDArray[np.int64],
        groups: list[Group],
        vocabulary: dict[str, int],
        idf: NDArray[np.float32],
        projection: NDArray[np.float32],
        centres: NDArray[np.float32],
        config: GroupingConfig,
    ) -> None:
        self.labels = labels
        self.groups = groups
        self.vocabulary = vocabulary
        self.idf = idf
        self.projection = projection
        self.centres = centres
        self.config = config

    def vector(self, text: str) -> NDArray[np.float32] | None:
        """The request's position in the latent space, or None when none of its terms is known."""
        terms, _ = _features(text)
        counts = Counter(t for t in terms if t in self.vocabulary)
        if not counts:
            return None
        rows = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        weights = np.fromiter(
            (1.0 + math.log(c) for c in counts.values()), dtype=np.float32, count=len(counts)
        )
        weights *= self.idf[rows]
        weights /= float(np.linalg.norm(weights)) or 1.0
        vector = weights @ self.projection[rows]
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else None

    def assign(self, text: str) -> tuple[int, float]:
        """(group id, similarity) for a new request; ``NEW_GROUP`` when no group is close."""
        vector = self.vector(text)
        if vector is None or not len(self.centres):
            return NEW_GROUP, 0.0
        similarities = self.centres @ vector
        best = int(np.argmax(similarities))
        similarity = float(similarities[best])
        if similarity < self.config.assign_similarity:
            return NEW_GROUP, similarity
        return self.groups[best].id, similarity


def group_texts(texts: Sequence[str], config: GroupingConfig | None = None) -> Grouping:
    """Group ``texts``; every text ends in exactly one group (empty ones share a group)."""
    config = config or GroupingConfig()
    features = [_features(t) for t in texts]
    # Near-duplicates (the same terms) are clustered once, weighed by how often they came.
    keys = [" ".join(sorted(terms)) for terms, _ in features]
    unique: dict[str, int] = {}
    for key in keys:
        unique.setdefault(key, len(unique))
    doc_of = np.fromiter((unique[k] for k in keys), dtype=np.int64, count=len(keys))
    weight = np.bincount(doc_of, minlength=len(unique)).astype(np.float32)
    first_terms: list[list[str]] = [[] for _ in unique]
    for (terms, _), d in zip(features, doc_of, strict=True):
        if not first_terms[d]:
            first_terms[d] = terms
    vocabulary, idf, matrix = _tfidf(first_terms, weight)
    latent, projection = _reduce(matrix, config)
    labels = _cluster(latent, weight, config)[doc_of]
    groups, centres, numbered = _describe(labels, latent[doc_of], features, config)
    return Grouping(numbered, groups, vocabulary, idf, projection, centres, config)


def _tfidf(
    docs: list[list[str]], weight: NDArray[np.float32]
) -> tuple[dict[str, int], NDArray[np.float32], Any]:
    from scipy import sparse

    df: Counter[str] = Counter()
    for terms, w in zip(docs, weight, strict=True):
        for term in set(terms):
            df[term] += int(w)
    total = float(weight.sum())
    # A term seen in one request only cannot tie two requests together.
    vocabulary = {t: i for i, t in enumerate(sorted(t for t, n in df.items() if n >= 2))}
    idf = np.zeros(len(vocabulary), dtype=np.float32)
    for term, i in vocabulary.items():
        idf[i] = math.log((1.0 + total) / (1.0 + df[term])) + 1.0
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for d, terms in enumerate(docs):
        counts = Counter(t for t in terms if t in vocabulary)
        for term, c in counts.items():
            rows.append(d)
            cols.append(vocabulary[term])
            vals.append((1.0 + math.log(c)) * float(idf[vocabulary[term]]))
    matrix = sparse.csr_matrix(
        (np.asarray(vals, dtype=np.float32), (rows, cols)),
        shape=(len(docs), max(len(vocabulary), 1)),
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    matrix = sparse.diags(1.0 / norms) @ matrix
    return vocabulary, idf, matrix.tocsr()


def _reduce(matrix: Any, config: GroupingConfig) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Latent vectors of the documents and the term → latent projection."""
    from sklearn.decomposition import TruncatedSVD

    n_docs, n_terms = matrix.shape
    dims = min(config.dimensions, n_terms - 1, n_docs - 1)
    # A few hundred requests cannot teach which words keep company: there the terms themselves
    # are the dimensions, and only large queues are reduced.
    if dims < 2 or n_docs < 3 * config.dimensions:
        projection = np.eye(n_terms, dtype=np.float32)
        latent = np.asarray(matrix.todense(), dtype=np.float32)
    else:
        svd = TruncatedSVD(dims, algorithm="randomized", n_iter=4, random_state=config.seed)
        svd.fit(matrix)
        projection = np.ascontiguousarray(svd.components_.T, dtype=np.float32)
        latent = np.asarray(matrix @ projection, dtype=np.float32)
    norms = np.linalg.norm(latent, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return latent / norms, projection


def _cluster(
    latent: NDArray[np.float32], weight: NDArray[np.float32], config: GroupingConfig
) -> NDArray[np.int64]:
    """Cluster ids per document: many small k-means clusters, merged by a distance threshold."""
    from sklearn.cluster import AgglomerativeClustering, MiniBatchKMeans

    n = len(latent)
    empty = ~latent.any(axis=1)
    if n <= 2:
        return np.arange(n, dtype=np.int64)
    centres_wanted = min(config.max_centres, max(2, n // config.points_per_centre))
    if n <= config.max_centres:  # few enough to link every request directly
        points, fine = latent, np.arange(n, dtype=np.int64)
    else:
        kmeans = MiniBatchKMeans(
            centres_wanted,
            random_state=config.seed,
            n_init=1,
            batch_size=4096,
            max_iter=50,
        )
        fine = kmeans.fit_predict(latent, sample_weight=weight).astype(np.int64)
        points = kmeans.cluster_centers_.astype(np.float32)
        alive = np.bincount(fine, minlength=len(points)) > 0
        remap = np.cumsum(alive) - 1
        points, fine = points[alive], remap[fine]
    norms = np.linalg.norm(points, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    merged = AgglomerativeClustering(
        n_clusters=None,
        distance_threshold=config.merge_distance,
        metric="cosine",
        linkage="average",
    ).fit_predict(points / norms + 1e-9)
    clusters = np.asarray(merged, dtype=np.int64)[fine]
    if empty.any():  # requests with no usable words go together, apart from the rest
        clusters = clusters.copy()
        clusters[empty] = clusters.max() + 1
    return clusters


def _describe(
    labels: NDArray[np.int64],
    latent: NDArray[np.float32],
    features: list[tuple[list[str], list[str]]],
    config: GroupingConfig,
) -> tuple[list[Group], NDArray[np.float32], NDArray[np.int64]]:
    """Groups ordered by size (largest first, ids from 1), labelled; their centres; the
    group id of every input."""
    order = [int(c) for c, _ in Counter(labels.tolist()).most_common()]
    renumber = {old: new for new, old in enumerate(order)}
    words_in: list[Counter[str]] = [Counter() for _ in order]
    members: list[list[int]] = [[] for _ in order]
    for position, (label, (_, words)) in enumerate(zip(labels.tolist(), features, strict=True)):
        g = renumber[label]
        members[g].append(position)
        words_in[g].update(set(words))
    groups_with_word: Counter[str] = Counter()
    for counter in words_in:
        groups_with_word.update(counter.keys())
    # Words found all over the queue ("how", "quiero", "ayuda") describe it, not one group.
    common = {w for w, n in groups_with_word.items() if n > max(3, 0.3 * len(order))}
    groups: list[Group] = []
    centres = np.zeros((len(order), latent.shape[1]), dtype=np.float32)
    for g, old in enumerate(order):
        size = len(members[g])
        scored = sorted(
            ((w, n) for w, n in words_in[g].items() if w not in common),
            key=lambda item: (
                # Shared by most of the group first, then rare elsewhere: a label should
                # describe the group, not its most unusual member.
                -((item[1] / size) ** 2) * math.log(1 + len(order) / groups_with_word[item[0]]),
                item[0],
            ),
        )
        terms = tuple(w for w, _ in scored[: config.label_terms])
        centre = latent[labels == old].mean(axis=0)
        norm = float(np.linalg.norm(centre))
        centres[g] = centre / norm if norm else centre
        groups.append(Group(g + 1, " · ".join(terms) or "sin texto", terms, members[g]))
    labels_out = np.fromiter(
        (renumber[int(c)] + 1 for c in labels), dtype=np.int64, count=len(labels)
    )
    return groups, np.ascontiguousarray(centres), labels_out
