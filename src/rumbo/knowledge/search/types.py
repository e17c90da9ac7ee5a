"""What a search returns."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Passage:
    """A passage of an article that matched, best first in :attr:`SearchHit.passages`."""

    text: str
    position: int
    score: float


@dataclass
class SearchHit:
    """One article that answers the query.

    ``score`` orders the hits; ``confidence`` is the estimated probability (0–1) that this
    article is the right one, calibrated on held-out questions so callers can threshold it.
    ``lexical_rank`` and ``dense_rank`` (1-based, None when that retriever missed it) explain it.
    """

    article_id: int
    title: str
    slug: str
    language: str
    category: str
    score: float
    confidence: float
    passages: list[Passage] = field(default_factory=list)
    lexical_rank: int | None = None
    dense_rank: int | None = None
    lexical_score: float = 0.0
    dense_score: float = 0.0


@dataclass
class SearchResult:
    query: str
    language: str
    hits: list[SearchHit]
    timings_ms: dict[str, float] = field(default_factory=dict)
    # Typo corrections and synonym expansions that took part, for explaining a result.
    expansions: dict[str, str] = field(default_factory=dict)
    # Ranked by words alone because the sentence model had a queue (``search(shed=True)``).
    shed: bool = False
