"""``rumbo eval``: measuring search and the assistant on evaluation sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rumbo.cli.common import err_console, handles_errors, print_json
from rumbo.cli.main import cli

eval_cli = typer.Typer(
    help="Measure search and the assistant on evaluation sets.", no_args_is_help=True
)
cli.add_typer(eval_cli, name="eval")


@eval_cli.command("retrieval")
@handles_errors
def retrieval(
    directory: Annotated[
        Path, typer.Argument(help="Folder with kb.jsonl and queries.jsonl.", file_okay=False)
    ],
    json_out: Annotated[bool, typer.Option("--json", help="No progress display.")] = False,
    limit_queries: Annotated[
        int | None, typer.Option(help="Evaluate only the first N questions.", min=1)
    ] = None,
) -> None:
    """Load a set into a temporary store, index it, and score search and decisions (JSON)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TimeElapsedColumn,
    )

    from rumbo.eval.retrieval import run_retrieval

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=json_out,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def show(stage: str, done: int, total: int) -> None:
            label = {"index": "Indexando", "search": "Buscando"}.get(stage, stage)
            if stage not in tasks:
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        summary = run_retrieval(directory, limit_queries=limit_queries, progress=show)
    print_json(summary)
