"""A server searches once as it starts, so that its first visitor does not wait.

The first search of a process loads the index from the database and builds the question
encoder: about two seconds on the demo, which the first customer in the help center would pay.
"""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from rumbo.app import Rumbo
from rumbo.knowledge.search import hybrid, search, store
from rumbo.knowledge.search.index import SearchIndex
from tests.conftest import questions_asked


def test_a_started_server_warms_search_up_so_its_first_visitor_does_not_wait(
    app: Rumbo, shipping: int, monkeypatch: pytest.MonkeyPatch
):
    # The first search of a process loads the index and builds the question encoder; a
    # server does it in the background as it starts, with a search that changes nothing.
    loads: list[int] = []
    real_load = store.load_index

    def counted_load(session: Session, sig: tuple[object, ...] = ()) -> SearchIndex:
        loads.append(1)
        return real_load(session, sig)

    asked = questions_asked(monkeypatch)
    monkeypatch.setattr(store, "load_index", counted_load)
    store.forget(app)
    hybrid.warm_up(app).join(timeout=60)
    assert (len(loads), len(asked)) == (1, 1)  # the index was loaded and the model asked

    with app.reading() as session:
        found = search(app, session, "plazos de envío", language="es")
    assert len(loads) == 1  # the visitor's search found the index ready
    assert [h.article_id for h in found.hits][:1] == [shipping]


def test_a_failed_warm_up_is_logged_and_leaves_search_working(
    app: Rumbo, shipping: int, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    def broken(*_args: object, **_kwargs: object) -> SearchIndex:
        raise RuntimeError("the database went away")

    store.forget(app)
    with monkeypatch.context() as patch:
        patch.setattr(store, "load_index", broken)
        hybrid.warm_up(app).join(timeout=60)
    assert "search warm-up failed" in caplog.text
    with app.reading() as session:
        assert search(app, session, "plazos de envío", language="es").hits
