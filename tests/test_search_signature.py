"""The check every search makes (is the in-memory index current?) reads indexes, not passages."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from rumbo.app import Rumbo
from rumbo.knowledge import actions, indexing, synonyms
from rumbo.knowledge.schemas import ArticleIn, ArticlePatch, SynonymIn
from rumbo.knowledge.search.store import signature
from tests.conftest import SYSTEM


def test_the_signature_changes_with_every_kind_of_change(app: Rumbo):
    indexing.stop_filler(app)

    def current() -> tuple[object, ...]:
        with app.reading() as session:
            return signature(session)

    empty = current()
    with app.unit_of_work(SYSTEM) as ctx:
        article = actions.create_article(
            ctx, ArticleIn(title="Envíos", category="Envíos", body_md="Llega en 3 días.")
        )
        article_id = article.id
    created = current()
    assert created != empty
    with app.unit_of_work(SYSTEM) as ctx:
        actions.update_article(ctx, article_id, ArticlePatch(body_md="Llega en 5 días."))
    edited = current()
    assert edited != created
    with app.unit_of_work(SYSTEM) as ctx:
        synonyms.add_synonym(ctx, SynonymIn(language="es", terms=["envío", "despacho"]))
    assert current() != edited


def test_the_signature_never_reads_every_passage(app: Rumbo):
    # At 20,000 articles, counting vectors row by row cost about 40 ms on every search.
    if app.engine.dialect.name != "sqlite":
        pytest.skip("the query plan checked is SQLite's")
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    event.listen(app.engine, "before_cursor_execute", keep)
    try:
        with app.reading() as session:
            signature(session)
    finally:
        event.remove(app.engine, "before_cursor_execute", keep)
    ((statement, parameters),) = statements
    with app.engine.connect() as conn:
        plan = [
            row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
        ]
    # A table's size may come from an index's b-tree; no step may read the passages' rows.
    scans = [s for s in plan if s.startswith("SCAN") and "INDEX" not in s and "CONSTANT" not in s]
    assert scans == [], plan
    # The vectors still missing are counted from the index alone (a covering index).
    assert any("COVERING INDEX ix_article_chunks_embedding_model" in step for step in plan), plan
