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
