"""Questions are read by e5's own weights on int8 kernels, four times faster than the 4-bit
engine that reads the passages; the two must agree, or a question would miss its passage.
"""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

from rumbo.knowledge.search.e5_int8 import Int8E5
from rumbo.knowledge.search.embeddings import E5_DIM, E5Embedder, Vectors, default_embedder

QUESTIONS = [
    "¿Cuánto tarda un envío internacional?",
    "ENVÍO A CANARIAS",
    "no me llegó el reembolso de mi pedido",
    "How do I reset my password?",
    "¿Puedo pagar con tarjeta de débito?",
    "Mi cuenta fue bloqueada y necesito hablar con una persona",
    "pingüino ñandú crème brûlée — “comillas” ½ ﬁn 😀",
    "  espacios    de   más  ",
    "",
]


@pytest.fixture(scope="module")
def engines() -> tuple[Int8E5, object]:
    return default_embedder().e5._question_engine(), default_embedder().e5._get()


def test_the_tokenizer_splits_every_text_as_the_bundled_engine_does(engines):
    int8, bundled = engines
    for text in QUESTIONS:
        # The bundled engine counts the pieces it feeds, sentence marks included.
        assert len(int8.tokens(text)) == bundled.token_count(text, True), text


def test_a_question_points_where_the_bundled_engine_points(engines):
    int8, bundled = engines
    for text in QUESTIONS:
        ours, theirs = int8.query(text), bundled.query(text)
        assert ours.shape == (E5_DIM,)
        assert abs(float(np.linalg.norm(ours)) - 1.0) < 1e-5
        assert float(ours @ theirs) > 0.99, text


def test_a_question_finds_the_passage_the_bundled_engine_embedded(engines):
    int8, bundled = engines
    passages = bundled.passage(
        [
            "Los envíos internacionales tardan entre 7 y 15 días hábiles.",
            "Para cambiar la contraseña, entra en Mi cuenta y pulsa Seguridad.",
            "Aceptamos tarjetas de crédito y débito, y transferencia bancaria.",
        ]
    )
    for question, expected in [
        ("¿cuánto demora un paquete al extranjero?", 0),
        ("I forgot my password", 1),
        ("¿aceptan pago con tarjeta?", 2),
    ]:
        assert int(np.argmax(passages @ int8.query(question))) == expected, question


def test_a_question_longer_than_the_model_reads_is_cut_to_its_window(engines):
    int8, _ = engines
    long = "envío " * 2_000
    tokens = int8.tokens(long)
    assert len(tokens) == 512  # the model's positions: 510 pieces and two sentence marks
    assert tokens[0] == int8.tokenizer.bos
    assert tokens[-1] == int8.tokenizer.eos
    assert int8.query(long).shape == (E5_DIM,)


def test_the_engine_reads_a_question_on_one_thread(engines):
    int8, _ = engines
    options = int8._session.get_session_options()
    assert options.intra_op_num_threads == 1
    assert options.inter_op_num_threads == 1


class BlockedPassages:
    """A passage engine that holds its call until released."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()

    def passage(self, texts: list[str]) -> Vectors:
        self.started.set()
        self.release.wait(10)
        return np.ones((len(texts), E5_DIM), dtype=np.float32)


class Questions:
    def query(self, text: str) -> Vectors:
        return np.ones(E5_DIM, dtype=np.float32)


def test_a_question_does_not_wait_for_a_batch_of_passages():
    passages = BlockedPassages()
    embedder = E5Embedder(model=passages, questions=Questions())
    batch = threading.Thread(target=embedder.passages, args=(["un artículo largo"],))
    batch.start()
    try:
        assert passages.started.wait(5)
        answered = threading.Event()
        asking = threading.Thread(target=lambda: (embedder.query("¿y mi envío?"), answered.set()))
        asking.start()
        assert answered.wait(5)  # answered while the batch still holds the passage engine
        assert batch.is_alive()
    finally:
        passages.release.set()
        batch.join()


def test_without_onnx_runtime_the_bundled_engine_reads_questions(engines, monkeypatch):
    int8, _ = engines
    monkeypatch.setitem(sys.modules, "rumbo.knowledge.search.e5_int8", None)  # import fails
    embedder = E5Embedder()

    vector = embedder.query("¿Cuánto tarda un envío internacional?")

    assert type(embedder._question_engine()).__name__ == "_SameEngine"
    assert float(vector @ int8.query("¿Cuánto tarda un envío internacional?")) > 0.99
