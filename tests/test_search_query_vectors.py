"""Query vectors: each question is embedded once per process, on one core.

A page that suggests articles (the ticket page, the portal, the help search) embeds a question on
every view; remembering recent vectors makes a second view free, and a single OpenMP thread keeps
a short question fast when the machine's cores are busy with other work.
"""

from __future__ import annotations

import numpy as np

from rumbo.knowledge.search.embeddings import (
    DIM,
    E5_DIM,
    PARTS,
    USE_DIM,
    E5Embedder,
    PairEmbedder,
    UseEncoder,
    Vectors,
    default_embedder,
    from_bytes,
    to_bytes,
)


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
        vector = np.zeros(E5_DIM, dtype=np.float32)
        vector[len(self.asked) % E5_DIM] = 1.0
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


def test_the_bundled_question_engine_gives_both_parts_as_unit_vectors():
    vector = default_embedder().query("¿Cuánto tarda un envío internacional?")

    assert vector.shape == (DIM,)
    for part in PARTS:  # e5's vector, then the Universal Sentence Encoder's: each a unit
        assert abs(float(np.linalg.norm(vector[part])) - 1.0) < 1e-3


class RecordingEncoder:
    """A sentence encoder that records what it reads, one batch per call."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []

    def encode(self, texts: list[str]) -> Vectors:
        self.batches.append(list(texts))
        vectors = np.zeros((len(texts), USE_DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            vectors[i, len(text) % USE_DIM] = 1.0
        return vectors


def test_the_sentence_encoder_reads_each_text_once_questions_and_passages_alike():
    encoder = RecordingEncoder()
    use = UseEncoder(model=encoder)

    first = use.encode(["Envíos", "Devoluciones", "Envíos"])
    again = use.encode(["Devoluciones", "¿Dónde está mi envío?"])

    assert encoder.batches == [["Envíos", "Devoluciones"], ["¿Dónde está mi envío?"]]
    assert np.array_equal(first[1], again[0])


def test_a_stored_vector_is_both_models_side_by_side():
    pair = PairEmbedder(E5Embedder(model=RecordingEngine()), UseEncoder(model=RecordingEncoder()))

    vector = pair.query("¿Dónde está mi envío?")

    assert vector.shape == (DIM,)
    e5, use = (vector[part] for part in PARTS)
    assert e5.shape == (E5_DIM,)
    assert use.shape == (USE_DIM,)
    assert float(np.linalg.norm(e5)) == float(np.linalg.norm(use)) == 1.0
    # Stored as int8, each part scaled on its own: both come back as unit vectors.
    (restored,) = from_bytes([to_bytes(vector)])
    assert all(abs(float(np.linalg.norm(restored[p])) - 1.0) < 1e-6 for p in PARTS)
