"""``rumbo eval retrieval`` on a small set made here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumbo.cli.main import cli
from rumbo.errors import ValidationFailed
from rumbo.eval.dataset import load_set

KB = [
    {
        "id": "envios",
        "title": "Plazos de envío",
        "lang": "es",
        "body": "Los envíos nacionales llegan en 3 a 5 días hábiles.",
    },
    {
        "id": "facturas",
        "title": "Descargar una factura",
        "lang": "es",
        "body": "- ¿Dónde encuentro mi factura?\n- Quiero descargar la factura de mi compra",
    },
    {
        "id": "password",
        "title": "Change your password",
        "lang": "en",
        "body": "Open Profile > Security and choose Change password.",
    },
]
QUERIES = [
    {"id": "q1", "query": "¿Dónde encuentro mi factura?", "lang": "es", "relevant": ["facturas"]},
    {"id": "q2", "query": "¿Cuántos días tarda el envío?", "lang": "es", "relevant": ["envios"]},
    {"id": "q3", "query": "¿Venden bicicletas de montaña?", "lang": "es", "relevant": []},
]


def write_set(folder: Path, kb: list[dict[str, object]], queries: list[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("kb.jsonl", kb), ("queries.jsonl", queries)):
        text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def test_eval_prints_every_metric_as_clean_json(tmp_path: Path):
    folder = write_set(tmp_path / "mini", KB, QUERIES)
    result = CliRunner().invoke(cli, ["eval", "retrieval", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # nothing but the JSON object on stdout
    for key in (
        "n",
        "recall@1",
        "recall@5",
        "mrr@10",
        "ndcg@10",
        "answer_accuracy",
        "escalation_precision",
        "escalation_recall",
        "qps",
        "p95_ms",
        "embed_ms_p95",
    ):
        assert key in summary, key
    assert summary["n"] == 3
    assert summary["n_out_of_scope"] == 1
    # Both answerable questions find their article among the first five.
    assert summary["recall@5"] == 1.0


def test_a_question_copied_from_its_article_gives_perfect_recall(tmp_path: Path):
    folder = write_set(tmp_path / "exact", KB, QUERIES[:1])
    result = CliRunner().invoke(
        cli, ["eval", "retrieval", str(folder), "--json", "--limit-queries", "1"]
    )
    summary = json.loads(result.stdout)
    assert (summary["n"], summary["recall@1"], summary["mrr@10"]) == (1, 1.0, 1.0)
    assert summary["escalation_recall"] is None  # no out-of-scope question to measure it on


@pytest.mark.parametrize(
    ("kb", "queries", "field"),
    [
        ([{"id": "a", "title": "", "body": "x"}], QUERIES, "kb.jsonl"),
        (KB, [{"id": "q", "query": "hola", "relevant": ["missing"]}], "queries.jsonl"),
    ],
)
def test_a_malformed_set_is_refused_naming_file_and_line(
    tmp_path: Path, kb: list[dict[str, object]], queries: list[dict[str, object]], field: str
):
    with pytest.raises(ValidationFailed) as caught:
        load_set(write_set(tmp_path / "bad", kb, queries))
    assert caught.value.fields[field].startswith("line 1")


def test_a_missing_folder_is_a_clear_error(tmp_path: Path):
    result = CliRunner().invoke(cli, ["eval", "retrieval", str(tmp_path / "nowhere"), "--json"])
    assert result.exit_code == 2
    assert "kb.jsonl" in result.output
