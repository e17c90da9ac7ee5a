"""Hybrid search: BM25 and dense vectors, fused per article, with a calibrated confidence."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

import numpy as np

from rumbo.errors import ValidationFailed
from rumbo.knowledge.search.analysis import LANGUAGES, detect_language
from rumbo.knowledge.search.embeddings import Embedder, default_embedder
from rumbo.knowledge.search.fusion import fuse
from rumbo.knowledge.search.index import SearchIndex
from rumbo.knowledge.search.scoring import score
from rumbo.knowledge.search.types import Passage, SearchHit, SearchResult

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.app import Rumbo

MAX_QUERY_CHARS = 2_000
# With ``shed``, a question that would wait behind this many others for the sentence model
# (about 20 ms each on one core) is ranked by its words alone: a crowd asking different
# questions gets lexical results at once instead of a queue of seconds.
SHED_QUEUE = 4
MAX_LIMIT = 100
PASSAGES_PER_HIT = 3
WARM_UP_QUERY = "hola"

log = logging.getLogger(__name__)


def validate(query: str, language: str | None, limit: int) -> str:
    """The query stripped, or :class:`ValidationFailed` naming the bad field."""
    if not isinstance(query, str) or not query.strip():
        raise ValidationFailed("The search query is empty.", fields={"query": "empty"})
    if len(query) > MAX_QUERY_CHARS:
        raise ValidationFailed(
            f"The search query is longer than {MAX_QUERY_CHARS} characters.",
            fields={"query": f"at most {MAX_QUERY_CHARS} characters"},
        )
    if language is not None and language not in LANGUAGES:
        raise ValidationFailed(
            f"Unknown language {language!r}: use one of {', '.join(LANGUAGES)}.",
            fields={"language": f"one of {', '.join(LANGUAGES)}"},
        )
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed(
            f"The limit must be between 1 and {MAX_LIMIT}.", fields={"limit": "out of range"}
        )
    return query.strip()


def search(
    app: Rumbo,
    session: Session,
    query: str,
    *,
    language: str | None = None,
    limit: int = 10,
    include_drafts: bool = False,
    shed: bool = False,
) -> SearchResult:
    """Find the published articles that answer ``query``, best first.

    ``language`` ("es" or "en") is detected from the query when not given; articles of both
    languages are searched either way, each with its own analysis, and the dense vectors match
    across languages. Drafts are included only when asked; archived articles never are. With
    ``shed`` (the public help center), a question that would queue behind :data:`SHED_QUEUE`
    others for the sentence model is ranked by its words alone (``SearchResult.shed``).
    """
    from rumbo.knowledge.search.store import current_index

    text = validate(query, language, limit)
    started = time.perf_counter()
    index = current_index(app, session)
    loaded = time.perf_counter()
    return search_index(
        index,
        text,
        language=language,
        limit=limit,
        include_drafts=include_drafts,
        shed=shed,
        timings={"index_ms": (loaded - started) * 1000},
    )


def warm_up(app: Rumbo) -> threading.Thread:
    """Search once in the background, so that the first visitor after a start does not wait.

    The first search of a process loads the index from the database and builds the question
    encoder's int8 graph: about a second on one core, paid by whoever asks first (often a
    customer in the help center). A server starts this thread as it starts listening; a
    search that arrives meanwhile waits on the same locks and is no slower than it would
    have been. Searching has no side effects, so the question asked does not matter.
    """

    def run() -> None:
        try:
            with app.reading() as session:
                search(app, session, WARM_UP_QUERY, language="es")
        except Exception:  # a warm-up is never worth a crash; the first search will say why
            log.exception("search warm-up failed")

    thread = threading.Thread(target=run, name="rumbo-search-warm-up", daemon=True)
    thread.start()
    return thread


def search_index(
    index: SearchIndex,
    query: str,
    *,
    language: str | None = None,
    limit: int = 10,
    include_drafts: bool = False,
    embedder: Embedder | None = None,
    dense: bool = True,
    shed: bool = False,
    timings: dict[str, float] | None = None,
) -> SearchResult:
    """Search an index already in memory (``search`` finds the app's current one)."""
    timings = dict(timings or {})
    text = validate(query, language, limit)
    lang = language or detect_language(text)
    vector = None
    shedding = False
    if dense and index.has_vectors:
        model = embedder or default_embedder()
        spelled = index.spelled(text)
        shedding = shed and model.queued(spelled) >= SHED_QUEUE
        if not shedding:
            began = time.perf_counter()
            vector = model.query(spelled)
            timings["embed_ms"] = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    scores = score(index, text, lang, vector)
    allowed = index.published_mask(include_drafts)
    fused = fuse(index, scores, allowed, dense=vector is not None)
    hits: list[SearchHit] = []
    for slot in fused.order[:limit]:
        article = index.articles[slot]
        hits.append(
            SearchHit(
                article_id=article.id,
                title=article.title,
                slug=article.slug,
                language=article.language,
                category=article.category,
                score=round(float(fused.score[slot]), 6),
                confidence=round(float(fused.confidence[slot]), 4),
                passages=_passages(index, scores.chunk_lexical, scores.chunk_dense, int(slot)),
                lexical_rank=fused.lexical_rank.get(int(slot)),
                dense_rank=fused.dense_rank.get(int(slot)),
                lexical_score=round(float(scores.article_lexical[slot]), 4),
                dense_score=round(float(scores.article_dense[slot]), 4),
            )
        )
    timings["rank_ms"] = (time.perf_counter() - began) * 1000
    return SearchResult(
        query=text,
        language=lang,
        hits=hits,
        timings_ms=timings,
        expansions=scores.expansions,
        shed=shedding,
    )


def _passages(
    index: SearchIndex, lexical: np.ndarray, dense: np.ndarray, slot: int
) -> list[Passage]:
    """The article's best body passages (its title passage is not quoted as an answer)."""
    members = np.arange(index.article_start[slot], index.article_start[slot + 1])
    body = [int(i) for i in members if index.chunk_position[i] != 0] or [int(i) for i in members]
    peak = float(lexical[members].max()) or 1.0
    ranked = sorted(body, key=lambda i: -(dense[i] + 0.1 * lexical[i] / peak))
    return [
        Passage(
            text=index.chunk_text[i],
            position=int(index.chunk_position[i]),
            score=round(float(dense[i] + 0.1 * lexical[i] / peak), 4),
        )
        for i in ranked[:PASSAGES_PER_HIT]
    ]
