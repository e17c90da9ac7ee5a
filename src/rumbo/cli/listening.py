"""``rumbo listen``: bring mentions in, replay streams, manage sources; ``rumbo insights``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    err_console,
    fail,
    handles_errors,
    invalid_input,
    json_rows,
    print_json,
    progress_bar,
    system_work,
)
from rumbo.cli.main import cli

listen_cli = typer.Typer(help="Listening: mentions in, replays, sources.", no_args_is_help=True)
sources_cli = typer.Typer(help="Where mentions come from.", no_args_is_help=True)
insights_cli = typer.Typer(help="What the conversation says, joined to the CRM.")
cli.add_typer(listen_cli, name="listen")
listen_cli.add_typer(sources_cli, name="sources")
cli.add_typer(insights_cli, name="insights", no_args_is_help=True)

FileArg = Annotated[
    Path, typer.Argument(help="A .jsonl or .csv file of events.", exists=True, dir_okay=False)
]


def _report(report: Any, json_out: bool) -> None:
    if json_out:
        print_json(report.model_dump(mode="json"))
        return
    console.print(
        f"{report.accepted} nuevas, {report.duplicates} ya estaban, "
        f"{len(report.rejected)} rechazadas, {len(report.alerts)} alertas."
    )
    for bad in report.rejected[:20]:
        err_console.print(f"  evento {bad.index} ({bad.id or '—'}): {bad.field}: {bad.reason}")


@listen_cli.command("import")
@handles_errors
def import_file(
    path: FileArg,
    source: Annotated[str, typer.Option(help="Source of events that do not name one.")] = "import",
    batch: Annotated[int, typer.Option(min=1, max=50_000, help="Events per commit.")] = 2000,
    json_out: JsonOpt = False,
) -> None:
    """Import mentions from a file; importing it again (or resuming) adds nothing twice."""
    from rumbo.context import Actor
    from rumbo.listening.pipeline import ingest
    from rumbo.listening.sources.files import count_lines, read_events

    app = build_app()
    try:
        events = read_events(path)
        with progress_bar(hidden=json_out) as bar:
            task = bar.add_task("Importando menciones", total=count_lines(path))
            report = ingest(
                app,
                Actor.system("cli-listen-import"),
                events,
                default_source=source.strip().lower(),
                batch_size=batch,
                progress=lambda done: bar.update(task, completed=done),
            )
    except ValueError as exc:
        raise fail(str(exc)) from None
    _report(report, json_out)


@listen_cli.command("replay")
@handles_errors
def replay_file(path: FileArg, json_out: JsonOpt = False) -> None:
    """Replay a time-stamped stream on a fresh temporary store; print the alerts it raises."""
    from rumbo.listening.replay import replay

    try:
        with progress_bar() as bar:
            task = bar.add_task("Reproduciendo", total=None)
            result = replay(
                path, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
    except ValueError as exc:
        raise fail(str(exc)) from None
    if result.rejected:
        err_console.print(
            f"{len(result.rejected)} evento(s) rechazados; el primero: "
            f"{result.rejected[0].field}: {result.rejected[0].reason}",
        )
    if json_out:
        print_json(result.alerts)
        return
    console.print(f"{result.events} eventos en {result.seconds} s; {len(result.alerts)} alertas.")
    for alert in result.alerts:
        line = f"  {alert['at']}  [{alert['severity']}]  {alert['explanation']['summary']}"
        console.print(line, highlight=False)


@listen_cli.command("poll")
@handles_errors
def poll(json_out: JsonOpt = False) -> None:
    """Read every active RSS/Atom source and the tickets opened since the last poll."""
    from rumbo.listening.polling import poll_all

    app = build_app()
    results = poll_all(app)
    if json_out:
        print_json({k: v.model_dump(mode="json") for k, v in results.items()})
        return
    for key, report in results.items():
        console.print(
            f"{key}: {report.accepted} nuevas, {report.duplicates} ya estaban, "
            f"{len(report.rejected)} rechazadas."
        )


@sources_cli.command("list")
@handles_errors
def list_sources(json_out: JsonOpt = False) -> None:
    """Show the sources (never their secrets)."""
    from rumbo.listening import queries
    from rumbo.listening.schemas import SourceOut

    app = build_app()
    with app.reading() as session:
        rows = json_rows(SourceOut, queries.list_sources(session))
    if json_out:
        print_json(rows)
        return
    for row in rows:
        state = "activa" if row["active"] else "inactiva"
        line = f"{row['key']}  {row['kind']}  {state}  {row['url'] or ''}"
        console.print(line, highlight=False)


@sources_cli.command("add")
@handles_errors
def add_source(
    key: Annotated[str, typer.Argument(help="Short name, e.g. twitter-es.")],
    kind: Annotated[str, typer.Option(help="webhook, rss, file or connector.")] = "webhook",
    url: Annotated[str | None, typer.Option(help="Feed URL (rss).")] = None,
    title: Annotated[str | None, typer.Option(help="Name shown to people.")] = None,
    network: Annotated[str | None, typer.Option(help="Network whose handles it carries.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a source; a webhook source's signing secret is printed once."""
    from pydantic import ValidationError

    from rumbo.listening import actions
    from rumbo.listening.schemas import SourceCreated, SourceIn

    try:
        data = SourceIn(key=key, kind=kind, url=url, title=title, network=network)
    except ValidationError as exc:
        raise invalid_input(exc) from None
    app = build_app()
    with system_work(app, "cli-listen-sources") as ctx:
        shown = SourceCreated.model_validate(actions.add_source(ctx, data)).model_dump(mode="json")
    if json_out:
        print_json(shown)
        return
    console.print(f"Fuente {shown['key']} creada.")
    if shown["secret"]:
        console.print(f"Secreto para firmar (no se vuelve a mostrar): {shown['secret']}")


@sources_cli.command("rotate-secret")
@handles_errors
def rotate(key: Annotated[str, typer.Argument(help="The webhook source.")]) -> None:
    """Give a webhook source a new signing secret; the old one stops working at once."""
    from rumbo.listening import actions

    app = build_app()
    with system_work(app, "cli-listen-sources") as ctx:
        secret = actions.rotate_secret(ctx, key).secret
    console.print(f"Nuevo secreto: {secret}")


@sources_cli.command("disable")
@handles_errors
def disable(key: Annotated[str, typer.Argument(help="The source.")]) -> None:
    """Stop taking events from a source (its mentions stay)."""
    from rumbo.listening import actions

    app = build_app()
    with system_work(app, "cli-listen-sources") as ctx:
        actions.set_source_active(ctx, key, False)
    console.print(f"Fuente {key} desactivada.")


@insights_cli.command("terms")
@handles_errors
def terms(
    since: Annotated[str, typer.Option(help="Span to look at: 24h, 7d…")] = "7d",
    limit: Annotated[int, typer.Option(min=1, max=100, help="How many terms.")] = 20,
    json_out: JsonOpt = False,
) -> None:
    """Rising problem terms: counts now vs before, customers, ARR, CSAT/NPS, orders."""
    from rumbo.listening.insights import parse_since, rising_problem_terms

    span = parse_since(since)
    app = build_app()
    with app.reading() as session:
        result = rising_problem_terms(session, span, limit=limit)
    if json_out:
        print_json(result)
        return
    if not result["terms"]:
        console.print("Ningún término de problema en aumento.")
    for row in result["terms"]:
        console.print(
            f"{row['term']}: {row['now']} (antes {row['baseline']}), {row['customers']} clientes, "
            f"{row['accounts']} cuentas, ARR {row['arr']}",
        )


@cli.command("ask")
@handles_errors
def ask_command(
    question: Annotated[str, typer.Argument(help="A question in Spanish or English.")],
    json_out: JsonOpt = False,
) -> None:
    """Answer a plain question over the listening analytics (the configured LLM, or offline)."""
    from rumbo.listening.ask_llm import ask_question

    app = build_app()
    with app.reading() as session:
        answer = ask_question(app, session, question)
    if json_out:
        print_json(answer)
        return
    if answer["answered_by"] == "offline":
        console.print(f"{answer['title']} — {answer['summary']}", highlight=False)
    else:
        console.print(answer["final_answer"], highlight=False)
    if answer["fallback_reason"]:
        note = f"(sin modelo de lenguaje: {answer['fallback_reason']})"
        console.print(note, highlight=False)
