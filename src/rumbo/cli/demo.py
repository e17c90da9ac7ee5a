"""`rumbo demo`: load Tenderete, the fictional company that shows what Rumbo does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from rumbo.cli.common import JsonOpt, build_app, console, handles_errors, print_json
from rumbo.cli.main import cli

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.demo.loader import DemoSummary


COUNT_LABELS = (
    ("companies", "empresas"),
    ("contacts", "contactos"),
    ("orders", "pedidos"),
    ("tickets", "tickets"),
    ("messages", "mensajes"),
    ("satisfaction", "respuestas CSAT/NPS"),
    ("articles", "artículos"),
    ("products", "productos"),
    ("users", "personas del equipo"),
)


@cli.command()
@handles_errors
def demo(
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same company.")] = 7,
    scale: Annotated[
        float, typer.Option(min=0.01, max=100.0, help="Volume multiplier (1 = 3000 tickets).")
    ] = 1.0,
    force: Annotated[
        bool, typer.Option("--force", help="Run every upsert again even if already loaded.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Load a demo company: 100 days of tickets, customers, orders, surveys and articles."""
    from rumbo.demo.loader import load_demo

    app = build_app()
    try:
        if json_out:
            summary = load_demo(app, seed=seed, scale=scale, force=force)
        else:
            summary = _load_with_progress(app, seed, scale, force)
    finally:
        app.dispose()
    if json_out:
        print_json(summary.as_dict())
        return
    _show(summary)


def _load_with_progress(app: Rumbo, seed: int, scale: float, force: bool) -> DemoSummary:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from rumbo.demo.loader import load_demo

    columns = (
        TextColumn("[bold]{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("Preparando", total=None)

        def advance(label: str, done: int, total: int) -> None:
            bar.update(task, description=label, completed=done, total=total)

        return load_demo(app, seed=seed, scale=scale, force=force, progress=advance)


def _show(summary: DemoSummary) -> None:
    if summary.already_loaded:
        console.print(
            "[bold]La empresa de demostración ya estaba cargada[/]; no se cambió nada.", markup=True
        )
    else:
        console.print(
            f"[bold green]Empresa de demostración cargada[/] en {summary.seconds:.1f} s "
            f"(semilla {summary.seed}, escala {summary.scale:g}).",
            markup=True,
        )
    for key, label in COUNT_LABELS:
        if key in summary.counts:
            console.print(f"  {summary.counts[key]:>6}  {label}")
    console.print()
    console.print(
        f"Entra en [bold]{summary.url}[/] (arráncalo con [bold]rumbo serve[/])", markup=True
    )
    console.print(f"  correo:     [bold]{summary.email}[/]", highlight=False, markup=True)
    console.print(f"  contraseña: [bold]{summary.password}[/]", highlight=False, markup=True)
