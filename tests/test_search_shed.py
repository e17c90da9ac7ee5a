"""A crowd of different questions: the help center answers by words instead of queueing.

Each new question costs the sentence model about 20 ms on one core. When a question would wait
behind several others, the public help center ranks it by its words alone (BM25, which costs
a millisecond); the assistant and the agents' searches always wait for the model.
"""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from rumbo.app import Rumbo
from rumbo.knowledge.search import embeddings, hybrid, search, store
from rumbo.knowledge.search.embeddings import E5_DIM, E5Embedder, Vectors
from rumbo.knowledge.search.index import SearchIndex


@pytest.fixture
def app(sqlite_app: Rumbo) -> Rumbo:
    # Shedding is decided in memory whatever the store: SQLite alone covers it.
    return sqlite_app


class SlowEngine:
    """An engine that holds each question until released (a busy model)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.asked: list[str] = []

    def query(self, text: str) -> Vectors:
        self.release.wait(10)
        self.asked.append(text)
        return np.ones(E5_DIM, dtype=np.float32) / np.sqrt(E5_DIM)


def test_the_model_counts_the_questions_waiting_for_it():
    engine = SlowEngine()
    embedder = E5Embedder(model=engine)
    engine.release.set()
    embedder.query("ya respondida")
    engine.release.clear()
    asking = [threading.Thread(target=embedder.query, args=(f"pregunta {i}",)) for i in range(5)]
    for thread in asking:
        thread.start()
    deadline = time.monotonic() + 5
    while embedder.queued("otra") < 5 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert embedder.queued("otra") == 5
    assert embedder.queued("ya respondida") == 0  # remembered: no wait at all
    engine.release.set()
    for thread in asking:
        thread.join()
    assert embedder.queued("otra") == 0
    assert len(engine.asked) == 6


def questions_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions the sentence models will be asked from now on (and still answer)."""
    asked: list[str] = []
    pair = embeddings.default_embedder()
    real_query = pair.query

    def counted(text: str) -> Vectors:
        asked.append(text)
        return real_query(text)

    monkeypatch.setattr(pair, "query", counted)
    return asked


def test_a_busy_model_makes_the_help_center_rank_by_words_and_the_rest_wait(
    app: Rumbo, shipping: int, monkeypatch: pytest.MonkeyPatch
):
    asked = questions_asked(monkeypatch)
    pair = embeddings.default_embedder()
    monkeypatch.setattr(pair, "queued", lambda _text: hybrid.SHED_QUEUE)
    with app.reading() as session:
        shed = search(app, session, "plazos de envío", language="es", shed=True)
        waited = search(app, session, "plazos de envío", language="es")
    assert (shed.shed, waited.shed) == (True, False)
    assert asked == [waited.query]  # only the search that may wait asked the model
    assert "embed_ms" not in shed.timings_ms
    assert [h.article_id for h in shed.hits][:1] == [shipping]  # found by its words
    assert shed.hits[0].dense_rank is None

    monkeypatch.setattr(pair, "queued", lambda _text: hybrid.SHED_QUEUE - 1)
    with app.reading() as session:
        assert not search(app, session, "plazos de envío", language="es", shed=True).shed


def test_the_help_center_search_page_sheds(
    app: Rumbo, shipping: int, monkeypatch: pytest.MonkeyPatch
):
    pair = embeddings.default_embedder()
    monkeypatch.setattr(pair, "queued", lambda _text: 99)
    monkeypatch.setattr(pair, "query", lambda _text: pytest.fail("the model was asked"))
    with TestClient(app.asgi()) as reader:
        page = reader.get("/help/search?q=plazos+de+env%C3%ADo&lang=es")
    assert page.status_code == 200
    assert "Plazos de envío de pedidos" in page.text


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
