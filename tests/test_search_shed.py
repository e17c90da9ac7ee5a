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

from rumbo.app import Rumbo
from rumbo.knowledge.search import embeddings, hybrid, search
from rumbo.knowledge.search.embeddings import E5_DIM, E5Embedder, Vectors
from tests.conftest import questions_asked


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
