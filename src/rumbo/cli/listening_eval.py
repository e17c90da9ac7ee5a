"""``rumbo eval sentiment|complaints|onsets|forecast``: listening analytics on real sets."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from rumbo.cli.common import handles_errors, print_json, progress_bar
from rumbo.cli.evaluation import eval_cli

_PATH = typer.Argument(help="A labelled CSV file, or a folder of them.", exists=True)


def _run(label: str, hidden: bool, job: Callable[[Callable[[int, int], None]], Any]) -> Any:
    with progress_bar(hidden=hidden) as bar:
        task = bar.add_task(label, total=None)

        def show(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        return job(show)


@eval_cli.command("sentiment")
@handles_errors
def sentiment(
    path: Annotated[Path, _PATH],
    json_out: Annotated[bool, typer.Option("--json", help="No progress display.")] = False,
) -> None:
    """Sentiment macro-F1 (negative/neutral/positive) of the enricher on labelled posts (JSON)."""
    from rumbo.listening.eval.enrichment import evaluate_sentiment

    print_json(_run("Sentimiento", json_out, lambda show: evaluate_sentiment(path, show)))


@eval_cli.command("complaints")
@handles_errors
def complaints(
    path: Annotated[Path, _PATH],
    json_out: Annotated[bool, typer.Option("--json", help="No progress display.")] = False,
) -> None:
    """Complaint detection F1 of the enricher on posts labelled complaint 1/0 (JSON)."""
    from rumbo.listening.eval.enrichment import evaluate_complaints

    print_json(_run("Quejas", json_out, lambda show: evaluate_complaints(path, show)))


@eval_cli.command("onsets")
@handles_errors
def onsets(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder of event folders with timeline.csv, or a CSV of time-stamped posts.",
            exists=True,
        ),
    ],
    json_out: Annotated[bool, typer.Option("--json", help="No progress display.")] = False,
) -> None:
    """First signal vs the known onset (lag) and false alarms before it, per stream (JSON)."""
    from rumbo.listening.eval.onsets import evaluate_onsets

    print_json(_run("Inicios", json_out, lambda show: evaluate_onsets(path, show)))


@eval_cli.command("forecast")
@handles_errors
def forecast(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Timeline folders or CSV files with a created_at_utc column.", exists=True
        ),
    ],
    step: Annotated[str, typer.Option(help="Series step: hour or day.")] = "hour",
    horizon: Annotated[int, typer.Option(help="Steps forecast in each fold.", min=1)] = 24,
    folds: Annotated[int, typer.Option(help="Rolling backtest folds.", min=1)] = 3,
    json_out: Annotated[bool, typer.Option("--json", help="No progress display.")] = False,
) -> None:
    """Backtest of the seasonal-naive baseline against Holt-Winters on post volume (JSON)."""
    from rumbo.listening.eval.forecasting import evaluate_forecast

    print_json(
        _run(
            "Pronóstico",
            json_out,
            lambda show: evaluate_forecast(paths, step, horizon, folds, show),
        )
    )
