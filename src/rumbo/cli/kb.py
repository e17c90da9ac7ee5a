"""``rumbo kb``: the knowledge base from the command line.

:data:`kb_cli` is the shared ``kb`` group: other modules add their commands to it
(``from rumbo.cli.kb import kb_cli``).
"""

from __future__ import annotations

from typing import Annotated

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    handles_errors,
    plain,
    print_json,
    progress_bar,
)
from rumbo.cli.main import cli

kb_cli = typer.Typer(help="Knowledge base: articles and search.", no_args_is_help=True)
cli.add_typer(kb_cli, name="kb")


@kb_cli.command("reindex")
@handles_errors
def reindex(json_out: JsonOpt = False) -> None:
    """Rebuild every article's search passages; unchanged passages keep their vectors."""
    import time

    from rumbo.cli.common import system_work
    from rumbo.knowledge.indexing import reindex_all

    app = build_app()
    began = time.perf_counter()
    with progress_bar(hidden=json_out) as bar:
        task = bar.add_task("Indexando artículos", total=None)
        with system_work(app, "kb-reindex") as ctx:
            report = reindex_all(
                ctx.session,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    info = {
        "articles": report.articles,
        "passages": report.passages,
        "embedded": report.embedded,
        "unchanged": report.unchanged,
        "seconds": round(time.perf_counter() - began, 2),
    }
    if json_out:
        print_json(info)
    else:
        console.print(
            f"Índice reconstruido: {info['articles']} artículos, {info['passages']} pasajes "
            f"({info['embedded']} vectorizados, {info['unchanged']} artículos sin cambios) "
            f"en {info['seconds']} s."
        )


@kb_cli.command("search")
@handles_errors
def search_command(
    query: Annotated[str, typer.Argument(help="The question or words to look for.")],
    language: Annotated[
        str | None, typer.Option(help="es or en (detected when not given).")
    ] = None,
    limit: Annotated[int, typer.Option(help="How many articles to show.")] = 5,
    drafts: Annotated[bool, typer.Option("--drafts", help="Include draft articles.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Search the knowledge base as the help center and the assistant do."""
    from dataclasses import asdict

    from rumbo.knowledge.search import search

    app = build_app()
    with app.reading() as session:
        result = search(app, session, query, language=language, limit=limit, include_drafts=drafts)
    if json_out:
        print_json(asdict(result))
        return
    if not result.hits:
        console.print("Sin resultados.")
    for rank, hit in enumerate(result.hits, 1):
        console.print(
            f"{rank}. [bold]{plain(hit.title)}[/] ({hit.language}, {plain(hit.category)}) "
            f"confianza {hit.confidence:.2f}",
            highlight=False,
            markup=True,
        )
        if hit.passages:
            console.print(f"   {hit.passages[0].text[:200]}", highlight=False)
