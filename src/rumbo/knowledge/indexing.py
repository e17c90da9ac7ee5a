"""Keeping an article's search passages (``article_chunks``) in step with the article.

:func:`attach` subscribes to the article events, so every change made through the knowledge
actions is indexed right after it commits, without the actions knowing about search; every
process's in-memory index notices through the index signature (``rumbo.knowledge.search.store``).
Passages whose text did not change keep their vectors: nothing is embedded twice
(``content_hash`` names the model and the exact text embedded).
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from rumbo.context import Actor, Context
from rumbo.knowledge.models import Article, ArticleChunk
from rumbo.knowledge.search.analysis import LANGUAGES, analyzer, encode_terms
from rumbo.knowledge.search.chunking import chunk_article, embedding_text, lexical_text
from rumbo.knowledge.search.embeddings import Embedder, content_hash, default_embedder, to_bytes

if TYPE_CHECKING:
    from rumbo.app import Rumbo

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (articles done, articles in all)
EMBED_BATCH = 32


@dataclass
class IndexReport:
    articles: int = 0
    passages: int = 0
    embedded: int = 0  # passages the model read; the rest reused a stored vector
    unchanged: int = 0  # articles whose passages were already up to date
    deferred: int = 0  # passages stored without a vector, for the background filler


def index_article(ctx: Context, article_id: int, *, embedder: Embedder | None = None) -> None:
    """Rebuild one article's passages (call it after creating or changing the article)."""
    index_articles(ctx.session, [article_id], embedder=embedder)


def index_articles(
    session: Session,
    article_ids: Iterable[int],
    *,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    embed_limit: int | None = None,
) -> IndexReport:
    """Rebuild the passages of these articles; unchanged passages keep their vectors.

    With ``embed_limit``, a batch needing more new vectors than that stores its passages without
    them (searchable lexically at once) and leaves the vectors to :class:`VectorFiller`.
    """
    model = embedder or default_embedder()
    ids = list(dict.fromkeys(article_ids))
    report = IndexReport()
    for start in range(0, len(ids), 200):
        batch = ids[start : start + 200]
        articles = list(session.scalars(select(Article).where(Article.id.in_(batch))))
        _index_batch(session, articles, model, report, embed_limit)
        if progress:
            progress(min(start + 200, len(ids)), len(ids))
    session.flush()
    return report


def reindex_all(
    session: Session, *, embedder: Embedder | None = None, progress: Progress | None = None
) -> IndexReport:
    """Rebuild every article's passages (``rumbo kb reindex``)."""
    ids = list(session.scalars(select(Article.id).order_by(Article.id)))
    session.execute(delete(ArticleChunk).where(ArticleChunk.article_id.not_in(ids)))
    return index_articles(session, ids, embedder=embedder, progress=progress)


@dataclass
class _Planned:
    article: Article
    rows: list[ArticleChunk]
    inputs: list[str]


def _plan(article: Article, model_name: str) -> _Planned:
    language = article.language if article.language in LANGUAGES else "es"
    analysis = analyzer(language)
    rows: list[ArticleChunk] = []
    inputs: list[str] = []
    for chunk in chunk_article(article.title, article.body_md):
        text = embedding_text(article.title, chunk)
        rows.append(
            ArticleChunk(
                article_id=article.id,
                position=chunk.position,
                language=language,
                text=chunk.text,
                terms=encode_terms(analysis.terms(lexical_text(article.title, chunk))),
                content_hash=content_hash(model_name, text),
            )
        )
        inputs.append(text)
    return _Planned(article, rows, inputs)


def _index_batch(
    session: Session,
    articles: Sequence[Article],
    model: Embedder,
    report: IndexReport,
    embed_limit: int | None = None,
) -> None:
    plans = [_plan(a, model.name) for a in articles]
    existing: dict[int, list[ArticleChunk]] = {}
    for row in session.scalars(
        select(ArticleChunk).where(ArticleChunk.article_id.in_([a.id for a in articles]))
    ):
        existing.setdefault(row.article_id, []).append(row)
    vectors = _stored_vectors(session, {r.content_hash for p in plans for r in p.rows}, model.name)
    missing: dict[str, str] = {}
    for plan in plans:
        report.articles += 1
        report.passages += len(plan.rows)
        old = sorted(existing.get(plan.article.id, []), key=lambda r: r.position)
        if [(r.content_hash, r.terms, r.language) for r in old] == [
            (r.content_hash, r.terms, r.language) for r in plan.rows
        ] and all(r.embedding for r in old):
            report.unchanged += 1
            plan.rows.clear()
            continue
        for row in old:
            session.delete(row)
        for row, text in zip(plan.rows, plan.inputs, strict=True):
            if row.content_hash not in vectors:
                missing[row.content_hash] = text
    session.flush()  # deletions first: (article_id, position) is unique
    hashes = list(missing)
    if embed_limit is not None and len(hashes) > embed_limit:
        report.deferred += len(hashes)
        hashes = []
    for start in range(0, len(hashes), EMBED_BATCH):
        part = hashes[start : start + EMBED_BATCH]
        for key, vector in zip(part, model.passages([missing[h] for h in part]), strict=True):
            vectors[key] = to_bytes(vector)
    report.embedded += len(hashes)
    for plan in plans:
        for row in plan.rows:
            row.embedding = vectors.get(row.content_hash)
            row.embedding_model = model.name if row.embedding else None
            session.add(row)
    session.flush()


def _stored_vectors(session: Session, hashes: set[str], model_name: str) -> dict[str, bytes]:
    """Vectors already computed for these texts, by any article."""
    found: dict[str, bytes] = {}
    keys = list(hashes)
    for start in range(0, len(keys), 500):
        for key, blob in session.execute(
            select(ArticleChunk.content_hash, ArticleChunk.embedding).where(
                ArticleChunk.content_hash.in_(keys[start : start + 500]),
                ArticleChunk.embedding_model == model_name,
                ArticleChunk.embedding.is_not(None),
            )
        ):
            if blob:
                found[key] = blob
    return found


# An edit of one article embeds at once (about a second); a bulk load (an import, the demo)
# stores its passages for lexical search at once and leaves the vectors to a background thread.
IMMEDIATE_EMBED_LIMIT = 64

_attached: weakref.WeakSet[Rumbo] = weakref.WeakSet()
INDEXED_EVENTS = ("article.created", "article.updated", "article.batch_upserted")


def attach(app: Rumbo) -> None:
    """Keep passages in step with articles: index each changed article after its commit.

    Subscribes to the article events (which carry the article ids). Safe to call more than once.
    A change whose indexing failed (logged by the event bus) is repaired by ``rumbo kb reindex``.
    """
    if app in _attached:
        return
    _attached.add(app)

    def on_change(_name: str, payload: dict[str, Any]) -> None:
        ids = payload.get("article_ids") or ([payload["id"]] if "id" in payload else [])
        if not ids:
            return
        with app.unit_of_work(Actor.system("search-index")) as ctx:
            report = index_articles(
                ctx.session, [int(i) for i in ids], embed_limit=IMMEDIATE_EMBED_LIMIT
            )
        if report.deferred:
            filler_for(app).start()

    for name in INDEXED_EVENTS:
        app.events.subscribe(name, on_change)


def fill_missing_vectors(
    session: Session, *, embedder: Embedder | None = None, limit: int = EMBED_BATCH
) -> int:
    """Embed up to ``limit`` passages stored without a vector, or with another model's (an
    upgrade that changed the models heals in the background); returns how many were filled."""
    model = embedder or default_embedder()
    rows = list(
        session.scalars(
            select(ArticleChunk)
            .where(
                or_(
                    ArticleChunk.embedding.is_(None),
                    ArticleChunk.embedding_model.is_(None),
                    ArticleChunk.embedding_model != model.name,
                )
            )
            .order_by(ArticleChunk.id)
            .limit(limit)
        )
    )
    if not rows:
        return 0
    inputs = [_embedding_input(session, row) for row in rows]
    for row, vector in zip(rows, model.passages(inputs), strict=True):
        row.embedding = to_bytes(vector)
        row.embedding_model = model.name
    session.flush()
    return len(rows)


def _embedding_input(session: Session, row: ArticleChunk) -> str:
    article = session.get(Article, row.article_id)
    title = article.title if article else ""
    for chunk in chunk_article(title, article.body_md if article else row.text):
        if chunk.position == row.position:
            return embedding_text(title, chunk)
    return row.text


class VectorFiller:
    """A background thread that embeds passages stored without vectors, batch by batch.

    Each batch commits on its own, so search gains vectors as they come and a stop (the process
    exiting, ``app.dispose()``) loses at most one batch, which the next filler redoes.
    """

    def __init__(self, app: Rumbo) -> None:
        self._app = app
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(
                target=self._run, name="rumbo-vector-filler", daemon=True
            )
            self._thread.start()

    def _run(self) -> None:
        from sqlalchemy.exc import OperationalError

        pause = 1.0
        try:
            while not self._stop.is_set():
                try:
                    with self._app.unit_of_work(Actor.system("search-index")) as ctx:
                        if fill_missing_vectors(ctx.session) == 0:
                            return
                    pause = 1.0
                except OperationalError as exc:
                    # A long import or reindex can hold SQLite's write lock past the busy
                    # timeout: the batch is rolled back whole, so wait and redo it.
                    if "locked" not in str(exc) or pause > 60:
                        raise
                    log.warning("search vectors wait for the database (locked); retrying")
                    self._stop.wait(pause)
                    pause *= 2
        except Exception:
            log.exception("filling search vectors stopped; `rumbo kb reindex` completes them")

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()


_fillers: weakref.WeakKeyDictionary[Rumbo, VectorFiller] = weakref.WeakKeyDictionary()


def filler_for(app: Rumbo) -> VectorFiller:
    filler = _fillers.get(app)
    if filler is None:
        filler = _fillers[app] = VectorFiller(app)
    return filler


def stop_filler(app: Rumbo) -> None:
    """Stop the app's background filler, if one runs (the app is being closed)."""
    filler = _fillers.get(app)
    if filler is not None:
        filler.stop()
