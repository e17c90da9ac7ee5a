"""``rumbo eval``: measuring search and the assistant on evaluation sets."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rumbo.cli.common import handles_errors, print_json, progress_bar
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
    from rich.progress import TaskID

    from rumbo.eval.retrieval import run_retrieval

    with progress_bar(hidden=json_out) as bar:
        tasks: dict[str, TaskID] = {}

        def show(stage: str, done: int, total: int) -> None:
            label = {"index": "Indexando", "search": "Buscando"}.get(stage, stage)
            if stage not in tasks:
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        summary = run_retrieval(directory, limit_queries=limit_queries, progress=show)
    print_json(summary)
