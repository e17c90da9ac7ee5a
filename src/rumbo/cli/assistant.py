"""`rumbo assistant`: ask the assistant, manage its notices, read its metrics."""

from __future__ import annotations

from typing import Annotated

import typer

from rumbo.cli.common import JsonOpt, build_app, console, handles_errors, print_json, system_work
from rumbo.cli.main import cli

assistant_cli = typer.Typer(help="The self-service assistant.", no_args_is_help=True)
cli.add_typer(assistant_cli, name="assistant")


@assistant_cli.command("ask")
@handles_errors
def ask(
    question: Annotated[str, typer.Argument(help="The customer's question.")],
    language: Annotated[
        str | None, typer.Option(help="es or en (detected when not given).")
    ] = None,
    email: Annotated[str | None, typer.Option(help="The customer's email, to personalise.")] = None,
    conversation: Annotated[str | None, typer.Option(help="Continue this conversation id.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Ask as a customer would: prints the answer, its citations, confidence and decision."""
    from pydantic import ValidationError

    from rumbo.assistant import actions
    from rumbo.assistant.schemas import AskIn
    from rumbo.cli.common import fail

    try:
        data = AskIn(
            question=question,
            language=language,
            contact_email=email,
            conversation_id=conversation,
            channel="cli",
        )
    except ValidationError as exc:
        first = exc.errors()[0]
        raise fail(f"{first['loc'][0]}: {first['msg']}") from None
    app = build_app()
    with system_work(app, "assistant-cli") as ctx:
        result = actions.ask(ctx, data)
    if json_out:
        print_json(result.model_dump(mode="json"))
        return
    console.print(f"[bold]{result.decision}[/] (confianza {result.confidence:.2f})", markup=True)
    console.print(result.answer, highlight=False)
    for c in result.citations:
        console.print(f"  · {c.title} — {c.url}", highlight=False)


@assistant_cli.command("metrics")
def metrics(json_out: JsonOpt = False) -> None:
    """Deflection, escalation reasons and recent unanswered questions."""
    from rumbo.assistant import queries

    app = build_app()
    with app.reading() as session:
        result = queries.metrics(session)
    if json_out:
        print_json(result.model_dump(mode="json"))
        return
    rate = "—" if result.deflection_rate is None else f"{result.deflection_rate:.0%}"
    console.print(f"Preguntas: {result.questions} · resueltas sin persona: {rate}")
    for reason, count in result.escalation_reasons.items():
        console.print(f"  {reason}: {count}")


@assistant_cli.command("notice")
@handles_errors
def notice(
    title: Annotated[str, typer.Argument(help="Short title, e.g. 'Caída del servicio'.")],
    body: Annotated[str, typer.Option(help="What customers should know now.")],
    keyword: Annotated[list[str], typer.Option(help="A word that marks related questions.")],
    language: Annotated[str, typer.Option(help="es or en.")] = "es",
    json_out: JsonOpt = False,
) -> None:
    """Show a status notice first to questions about its topic, until it is ended."""
    from rumbo.assistant import actions
    from rumbo.assistant.schemas import NoticeIn, NoticeOut

    app = build_app()
    with system_work(app) as ctx:
        created = actions.add_notice(
            ctx,
            NoticeIn(title=title, body=body, keywords=keyword, language=language),
        )
        out = NoticeOut.model_validate(created).model_dump(mode="json")
    if json_out:
        print_json(out)
    else:
        console.print(f"Aviso activo #{out['id']}: {out['title']}")


@assistant_cli.command("end-notice")
@handles_errors
def end_notice(notice_id: Annotated[int, typer.Argument(help="The notice's id.")]) -> None:
    """Stop showing a notice."""
    from rumbo.assistant import actions

    app = build_app()
    with system_work(app) as ctx:
        actions.end_notice(ctx, notice_id)
    console.print(f"Aviso #{notice_id} finalizado.")
