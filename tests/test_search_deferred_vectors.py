"""A bulk load is searchable at once; its vectors arrive in the background."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rumbo.app import Rumbo
from rumbo.knowledge import actions, indexing
from rumbo.knowledge.models import ArticleChunk
from rumbo.knowledge.schemas import ArticleIn
from rumbo.knowledge.search import search
from tests.conftest import SYSTEM

BODY = (
    "## Devoluciones\n\nPuedes devolver un producto dentro de los 30 días posteriores a la "
    "entrega.\n\n## Reembolsos\n\nEl reembolso llega a tu tarjeta en 5 a 10 días hábiles.\n\n"
    "## Cambios\n\nSi el producto llegó dañado, lo cambiamos sin costo."
)


def missing_vectors(app: Rumbo) -> int:
    with app.reading() as session:
        stmt = select(func.count(ArticleChunk.id)).where(ArticleChunk.embedding.is_(None))
        return session.scalar(stmt) or 0


def test_bulk_loads_defer_vectors_and_the_filler_completes_them(
    app: Rumbo, monkeypatch: pytest.MonkeyPatch
):
    # A load bigger than the immediate limit: here two articles are already "bulk".
    monkeypatch.setattr(indexing, "IMMEDIATE_EMBED_LIMIT", 2)
    indexing.stop_filler(app)
    rows = [
        ArticleIn(
            title="Devoluciones y reembolsos",
            category="Envíos",
            status="published",
            body_md=BODY,
            external_id="a",
        ),
        ArticleIn(
            title="Cambios de productos dañados",
            category="Envíos",
            status="published",
            body_md=BODY,
            external_id="b",
        ),
    ]
    filler = indexing.filler_for(app)
    monkeypatch.setattr(filler, "start", lambda: None)  # run it by hand below, deterministically
    with app.unit_of_work(SYSTEM) as ctx:
        actions.upsert_articles(ctx, rows)
    assert missing_vectors(app) > 0

    with app.reading() as session:
        lexical = search(app, session, "reembolso tarjeta")
    assert lexical.hits, "passages without vectors are still found by their words"

    while True:
        with app.unit_of_work(SYSTEM) as ctx:
            if indexing.fill_missing_vectors(ctx.session, limit=4) == 0:
                break
    assert missing_vectors(app) == 0
    with app.reading() as session:
        english = search(app, session, "How long until my refund arrives?")
    assert english.hits
    assert english.hits[0].dense_rank is not None


def test_the_filler_waits_out_a_locked_database_instead_of_stopping(
    app: Rumbo, monkeypatch: pytest.MonkeyPatch
):
    from sqlalchemy.exc import OperationalError

    indexing.stop_filler(app)
    calls: list[str] = []
    real = indexing.fill_missing_vectors

    def busy_once(session, **options):  # type: ignore[no-untyped-def]
        # A lock held past the 30 s busy timeout is what a long import does to SQLite.
        calls.append("call")
        if len(calls) == 1:
            raise OperationalError("UPDATE article_chunks", {}, Exception("database is locked"))
        return real(session, **options)

    monkeypatch.setattr(indexing, "fill_missing_vectors", busy_once)
    monkeypatch.setattr(indexing, "IMMEDIATE_EMBED_LIMIT", 0)
    filler = indexing.filler_for(app)
    monkeypatch.setattr(filler, "start", lambda: None)
    with app.unit_of_work(SYSTEM) as ctx:
        actions.upsert_articles(
            ctx,
            [ArticleIn(title="Reembolsos", category="Pagos", status="published", body_md=BODY)],
        )
    assert missing_vectors(app) > 0
    filler._run()  # in this thread: it must retry after the lock and finish the work
    assert len(calls) >= 2
    assert missing_vectors(app) == 0


def test_vectors_of_an_older_model_are_replaced_in_the_background(app: Rumbo):
    """An upgrade that changes the embedding models: the stored vectors no longer fit, search
    stays lexical for those passages, and the filler re-embeds them with the current models."""
    from rumbo.knowledge.search.embeddings import DIM, E5_NAME, MODEL_NAME

    indexing.stop_filler(app)
    with app.unit_of_work(SYSTEM) as ctx:
        actions.upsert_articles(
            ctx,
            [ArticleIn(title="Reembolsos", category="Pagos", status="published", body_md=BODY)],
        )
    with app.unit_of_work(SYSTEM) as ctx:
        for row in ctx.session.scalars(select(ArticleChunk)):
            row.embedding, row.embedding_model = bytes(384), E5_NAME  # as an older install kept
    with app.reading() as session:
        before = search(app, session, "reembolso tarjeta")
    assert before.hits
    assert before.hits[0].dense_rank is None

    with app.unit_of_work(SYSTEM) as ctx:
        filled = indexing.fill_missing_vectors(ctx.session, limit=100)
    with app.reading() as session:
        rows = list(session.scalars(select(ArticleChunk)))
        after = search(app, session, "How long until my refund arrives?")
    assert filled == len(rows) > 0
    assert {(r.embedding_model, len(r.embedding or b"")) for r in rows} == {(MODEL_NAME, DIM)}
    assert after.hits[0].dense_rank == 1
