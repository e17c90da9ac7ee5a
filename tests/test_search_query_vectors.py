"""Query vectors: each question is embedded once per process, on one core.

A page that suggests articles (the ticket page, the portal, the help search) embeds a question on
every view; remembering recent vectors makes a second view free, and a single OpenMP thread keeps
a short question fast when the machine's cores are busy with other work.
"""

from __future__ import annotations

import numpy as np

from rumbo.knowledge.search.embeddings import DIM, E5Embedder, Vectors, default_embedder


class RecordingOpenMP:
    """The two OpenMP calls the embedder makes, with the per-thread count they govern."""

    def __init__(self, threads: int) -> None:
        self.threads = threads

    def omp_get_max_threads(self) -> int:
        return self.threads

    def omp_set_num_threads(self, count: int) -> None:
        self.threads = count


class RecordingEngine:
    """An engine that records each question it embeds and the thread count it ran with."""

    def __init__(self, threads: int = 4) -> None:
        self._lib = RecordingOpenMP(threads)
        self.asked: list[tuple[str, int]] = []

    def query(self, text: str) -> Vectors:
        self.asked.append((text, self._lib.threads))
        vector = np.zeros(DIM, dtype=np.float32)
        vector[len(self.asked) % DIM] = 1.0
        return vector


def test_the_same_question_reaches_the_model_once():
    engine = RecordingEngine()
    embedder = E5Embedder(model=engine)

    first = embedder.query("¿Dónde está mi envío?")
    again = embedder.query("¿Dónde está mi envío?")

    assert [text for text, _ in engine.asked] == ["¿Dónde está mi envío?"]
    assert np.array_equal(first, again)
    first[:] = 0.0  # a caller changing its copy does not change what is remembered
    assert np.array_equal(embedder.query("¿Dónde está mi envío?"), again)


def test_a_question_runs_on_one_thread_and_the_callers_count_comes_back():
    engine = RecordingEngine(threads=4)
    embedder = E5Embedder(model=engine)

    embedder.query("Quiero devolver un producto")

    assert engine.asked == [("Quiero devolver un producto", 1)]
    assert engine._lib.threads == 4


def test_only_recent_questions_are_remembered():
    engine = RecordingEngine()
    embedder = E5Embedder(model=engine, query_memory=2)

    for question in ("factura", "envío", "contraseña", "factura"):
        embedder.query(question)

    # "factura" was the oldest when "contraseña" came, so it is embedded again.
    assert [text for text, _ in engine.asked] == ["factura", "envío", "contraseña", "factura"]


def test_the_bundled_engine_lets_a_question_run_on_one_thread():
    """If an upgrade of the engine hid its OpenMP runtime, questions would silently go slow."""
    model = default_embedder()._get()
    library = model._lib
    before = library.omp_get_max_threads()

    vector = default_embedder().query("¿Cuánto tarda un envío internacional?")

    assert vector.shape == (DIM,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3
    assert library.omp_get_max_threads() == before
