"""Keeping the in-memory index in step with the database, in every process.

Each search asks the database for a cheap signature (row counts, newest passage id, passages
still waiting for a vector, newest article and synonym change). When it differs from the one the
index was built at, the index is rebuilt from the stored passage terms and vectors, so a change
made by another process (a second web worker, the CLI) is seen on the next query, without any
message between processes.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rumbo.knowledge.models import Article, ArticleChunk, Synonym
from rumbo.knowledge.search.embeddings import MODEL_NAME
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex

if TYPE_CHECKING:
    from rumbo.app import Rumbo

_indexes: weakref.WeakKeyDictionary[Any, SearchIndex] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def signature(session: Session) -> tuple[object, ...]:
    """What changes whenever an article, its passages or a synonym group changes.

    Read on every search, so each part comes from an index rather than the rows: SQLite counts
    a whole table from its b-tree, the newest id and change are the ends of an index, and the
    passages still missing a current vector (rare once the background filler caught up) are a
    range of the ``embedding_model`` index. At 20,000 articles this is well under a millisecond
    where counting the vectors themselves read every passage (about 40 ms).
    """
    model = ArticleChunk.embedding_model
    # The model is set exactly when the vector is: "no current vector" is a null or another name.
    missing = or_(model.is_(None), model < MODEL_NAME, model > MODEL_NAME)
    row = session.execute(
        select(
            select(func.count()).select_from(ArticleChunk).scalar_subquery(),
            select(func.max(ArticleChunk.id)).scalar_subquery(),
            # Vectors filled in later (in the background) change no id: count what is missing.
            select(func.count()).select_from(ArticleChunk).where(missing).scalar_subquery(),
            select(func.count()).select_from(Article).scalar_subquery(),
            select(func.max(Article.updated_at)).scalar_subquery(),
            select(func.count()).select_from(Synonym).scalar_subquery(),
            select(func.max(Synonym.updated_at)).scalar_subquery(),
        )
    ).one()
    return tuple(str(v) for v in row)


def load_index(session: Session, sig: tuple[object, ...] = ()) -> SearchIndex:
    """Build the index from the database (articles with passages, and synonym groups)."""
    articles = [
        ArticleRow(*row)
        for row in session.execute(
            select(
                Article.id,
                Article.title,
                Article.slug,
                Article.language,
                Article.category,
                Article.status,
            ).order_by(Article.id)
        )
    ]
    chunks = [
        ChunkRow(*row)
        for row in session.execute(
            select(
                ArticleChunk.article_id,
                ArticleChunk.position,
                ArticleChunk.language,
                ArticleChunk.text,
                ArticleChunk.terms,
                ArticleChunk.embedding,
            ).order_by(ArticleChunk.article_id, ArticleChunk.position)
        )
    ]
    synonyms = [
        (lang, list(terms or []))
        for lang, terms in session.execute(
            select(Synonym.language, Synonym.terms).order_by(Synonym.id)
        )
    ]
    return SearchIndex.build(articles, chunks, synonyms, signature=sig)


def current_index(app: Rumbo, session: Session) -> SearchIndex:
    """The app's index, rebuilt first if the database changed since it was built."""
    sig = signature(session)
    index = _indexes.get(app)
    if index is not None and index.signature == sig:
        return index
    with _lock:
        index = _indexes.get(app)
        if index is None or index.signature != sig:
            index = load_index(session, sig)
            _indexes[app] = index
    return index


def forget(app: Rumbo) -> None:
    """Drop the app's index (the next search rebuilds it)."""
    _indexes.pop(app, None)
