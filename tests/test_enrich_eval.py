"""``rumbo eval sentiment`` and ``rumbo eval complaints`` on labelled files of any known layout."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from rumbo.cli.main import cli
from rumbo.listening.eval.enrichment import scores

runner = CliRunner()


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_scores_are_standard_macro_f1() -> None:
    gold = ["a", "a", "b", "b"]
    report = scores(gold, ["a", "b", "b", "b"], ("a", "b"))
    assert report["accuracy"] == 0.75
    assert report["labels"]["a"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert report["macro_f1"] == round((0.6667 + 0.8) / 2, 4)


def test_sentiment_of_a_folder_of_differently_shaped_files(tmp_path: Path) -> None:
    write(
        tmp_path / "es_tass.csv",
        ["id", "text", "label"],
        [
            ["1", "Me encanta, qué buen servicio, gracias", "positive"],
            ["2", "Pésimo servicio, una vergüenza", "negative"],
            ["3", "El paquete llega el martes", "neutral"],
        ],
    )
    write(
        tmp_path / "en_emotions.csv",
        ["id", "tweet", "emotion"],
        [["1", "I love this, wonderful day", "joy"], ["2", "This is awful and sad", "sadness"]],
    )
    write(tmp_path / "notes.csv", ["a", "b"], [["x", "y"]])  # not a sentiment file: skipped
    result = runner.invoke(cli, ["eval", "sentiment", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)["files"]
    assert set(files) == {"es_tass.csv", "en_emotions.csv"}
    assert files["es_tass.csv"]["n"] == 3
    assert files["es_tass.csv"]["language"] == "es"
    assert files["es_tass.csv"]["detected_language"] == {"es": 1.0}
    assert files["en_emotions.csv"]["labels"]["positive"]["support"] == 1
    assert files["en_emotions.csv"]["macro_f1"] > 0


def test_complaints_report_f1(tmp_path: Path) -> None:
    path = write(
        tmp_path / "dev.csv",
        ["tweet_id", "text", "complaint"],
        [
            ["1", "@acme my order never arrived and nobody answers", "1"],
            ["2", "@acme thanks, lovely shoes!", "0"],
        ],
    )
    result = runner.invoke(cli, ["eval", "complaints", str(path), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["files"]["dev.csv"]
    assert report["n"] == 2
    assert report["labels"]["complaint"]["support"] == 1
    assert 0.0 <= report["complaint_f1"] <= 1.0


def test_a_file_without_the_columns_is_refused_naming_them(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", ["a"], [["b"]])
    result = runner.invoke(cli, ["eval", "sentiment", str(path)])
    assert result.exit_code == 2
    assert "text,label" in result.output
    result = runner.invoke(cli, ["eval", "complaints", str(path)])
    assert result.exit_code == 2
    assert "complaint" in result.output
