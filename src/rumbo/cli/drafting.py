"""`rumbo draft` writes a draft from a plain request; `rumbo drafts` reviews, approves and sends."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    fail,
    handles_errors,
    invalid_input,
    plain,
    print_json,
    system_work,
)
from rumbo.cli.main import cli

if TYPE_CHECKING:
    from rumbo.drafting.schemas import DraftOut

drafts_cli = typer.Typer(help="Review, approve and send drafts.", no_args_is_help=True)
cli.add_typer(drafts_cli, name="drafts")
DraftId = Annotated[int, typer.Argument(help="The draft's id.")]
NoteOpt = Annotated[str | None, typer.Option(help="A note kept with the approval.")]


@cli.command("draft")
@handles_errors
def draft(
    request: Annotated[str, typer.Argument(help="What to write, as you would ask a person.")],
    customer: Annotated[
        str | None, typer.Option(help="The customer's email, to personalise from the CRM.")
    ] = None,
    context: Annotated[
        Path | None, typer.Option(help='JSON file: {"customer": {"name": ..., "plan": ...}}.')
    ] = None,
    brand: Annotated[Path | None, typer.Option(help="Brand voice file (YAML or JSON).")] = None,
    channel: Annotated[
        str | None, typer.Option(help="email, chat, social, sms, statement or reply.")
    ] = None,
    composer: Annotated[
        bool, typer.Option("--composer", help="Write offline even if an LLM is configured.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Draft a message, reply, email, statement or plan; the critic checks it; it is stored."""
    from pydantic import ValidationError

    from rumbo.drafting import actions
    from rumbo.drafting.context import load_context_file
    from rumbo.drafting.schemas import DraftIn
    from rumbo.drafting.voice import dump_voice, load_voice

    if customer and context:
        raise fail("give --customer or --context, not both")
    # Files are read before anything is stored, so a broken one stops the command cleanly.
    context_doc = None
    if context is not None:
        context_doc = {"customer": load_context_file(context).model_dump(mode="json")}
    brand_text = dump_voice(load_voice(brand)) if brand is not None else None
    try:
        data = DraftIn(
            request=request,
            customer_email=customer,
            context=context_doc,
            brand=brand_text,
            channel=channel,
            backend="composer" if composer else "auto",
        )
    except ValidationError as exc:
        raise invalid_input(exc, "request") from None
    app = build_app()
    with system_work(app, "draft-cli") as ctx:
        stored, result = actions.create_draft(ctx, data)
        out = {"id": stored.id, "status": stored.status, **result.as_json()}
    if json_out:
        print_json(out)
        return
    _show_result(out)


def _show_result(out: dict[str, Any]) -> None:
    understood = out["understood"]
    console.print(
        f"[bold]#{out['id']}[/] {plain(understood['situation'])} · {plain(understood['output'])} · "
        f"{plain(understood['language'])} · {plain(out['backend'])}",
        highlight=False,
        markup=True,
    )
    if out["subject"]:
        console.print(f"[bold]{plain(out['subject'])}[/]", highlight=False, markup=True)
    console.print(out["text"], highlight=False)
    if out["plan"] and understood["output"] != "plan":
        from rumbo.drafting.plans import render_plan

        console.print()
        console.print(render_plan(out["plan"], understood["language"]), highlight=False)
    _show_critique(out["critique"])
    for question in out.get("questions", []):
        console.print(f"[cyan]?[/] {plain(question)}", highlight=False, markup=True)


def _show_critique(findings: list[dict[str, Any]]) -> None:
    if not findings:
        console.print("[green]Crítica: sin observaciones.[/]", markup=True)
        return
    for f in findings:
        colour = {"error": "red", "warning": "yellow"}.get(f["severity"], "blue")
        console.print(
            f"[{colour}]{f['severity']}[/] {f['code']}: {plain(f['message'])}",
            highlight=False,
            markup=True,
        )


def _out(draft_id: int) -> DraftOut:
    from rumbo.drafting import queries
    from rumbo.drafting.schemas import draft_out
    from rumbo.errors import NotFound

    app = build_app()
    with app.reading() as session:
        found = queries.get_draft(session, draft_id)
        if found is None:
            raise NotFound(f"Draft {draft_id} does not exist.")
        return draft_out(found)


def _print_draft(out: DraftOut, json_out: bool) -> None:
    if json_out:
        print_json(out.model_dump(mode="json"))
        return
    console.print(f"[bold]#{out.id}[/] v{out.version} · {out.status}", highlight=False, markup=True)
    if out.subject:
        console.print(f"[bold]{plain(out.subject)}[/]", highlight=False, markup=True)
    console.print(out.text, highlight=False)
    _show_critique(out.critique)


@drafts_cli.command("list")
@handles_errors
def list_drafts(
    status: Annotated[str | None, typer.Option(help="draft, in_review, approved or sent.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Stored drafts, newest first."""
    from rumbo.drafting import queries
    from rumbo.drafting.schemas import draft_out

    app = build_app()
    with app.reading() as session:
        rows, total = queries.list_drafts(session, status=status, limit=100)
        items = [draft_out(d) for d in rows]
    if json_out:
        print_json({"items": [i.model_dump(mode="json") for i in items], "total": total})
        return
    for item in items:
        console.print(
            f"#{item.id} {item.status:<10} {item.situation:<16} {item.output:<18} "
            f"{item.text[:60]!r}",
            highlight=False,
        )


@drafts_cli.command("show")
@handles_errors
def show(draft_id: DraftId, json_out: JsonOpt = False) -> None:
    """One draft's current version, review state and the critic's findings."""
    _print_draft(_out(draft_id), json_out)


@drafts_cli.command("edit")
@handles_errors
def edit(
    draft_id: DraftId,
    text_file: Annotated[Path, typer.Option("--text-file", help="File with the new text.")],
    subject: Annotated[str | None, typer.Option(help="New subject.")] = None,
    note: NoteOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Store new words as the next version (the critic reads them again)."""
    from rumbo.drafting import actions
    from rumbo.drafting.schemas import DraftEdit, draft_out
    from rumbo.textfiles import FileProblem, read_text

    try:
        text = read_text(text_file)
    except (OSError, FileProblem) as exc:
        raise fail(f"--text-file: cannot read {text_file}: {exc}") from None
    app = build_app()
    with system_work(app, "draft-cli") as ctx:
        out = draft_out(
            actions.edit_draft(ctx, draft_id, DraftEdit(text=text, subject=subject, note=note))
        )
    _print_draft(out, json_out)


def _transition(draft_id: int, step: str, note: str | None, json_out: bool) -> None:
    from rumbo.drafting import actions
    from rumbo.drafting.schemas import draft_out

    app = build_app()
    with system_work(app, "draft-cli") as ctx:
        if step == "submit":
            changed = actions.submit_draft(ctx, draft_id)
        elif step == "approve":
            changed = actions.approve_draft(ctx, draft_id, note)
        else:
            changed = actions.legal_signoff(ctx, draft_id, note)
        out = draft_out(changed)
    if json_out:
        print_json(out.model_dump(mode="json"))
    else:
        console.print(f"#{out.id} v{out.version}: {out.status}", highlight=False)


@drafts_cli.command("submit")
@handles_errors
def submit(draft_id: DraftId, json_out: JsonOpt = False) -> None:
    """Send a draft to review."""
    _transition(draft_id, "submit", None, json_out)


@drafts_cli.command("approve")
@handles_errors
def approve(draft_id: DraftId, note: NoteOpt = None, json_out: JsonOpt = False) -> None:
    """Approve the current version."""
    _transition(draft_id, "approve", note, json_out)


@drafts_cli.command("legal-signoff")
@handles_errors
def signoff(draft_id: DraftId, note: NoteOpt = None, json_out: JsonOpt = False) -> None:
    """Legal and compliance sign off the current version."""
    _transition(draft_id, "legal_signoff", note, json_out)


@drafts_cli.command("send")
@handles_errors
def send(
    draft_id: DraftId,
    email: Annotated[list[str] | None, typer.Option(help="Send to this address.")] = None,
    segment_country: Annotated[
        str | None, typer.Option(help="Send to CRM contacts in this country (MX, CO…).")
    ] = None,
    segment_plan: Annotated[str | None, typer.Option(help="… whose company has this plan.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST the draft to this URL.")] = None,
    social: Annotated[bool, typer.Option("--social", help="Export for social networks.")] = False,
    json_out: JsonOpt = False,
) -> None:
    """Deliver an approved draft; nobody receives it twice."""
    from pydantic import ValidationError

    from rumbo.drafting import actions
    from rumbo.drafting.schemas import SegmentIn, SendIn

    segment = None
    if segment_country or segment_plan:
        segment = SegmentIn(country=segment_country, plan=segment_plan)
    channel = "social" if social else "webhook" if webhook else "email"
    try:
        data = SendIn(channel=channel, to=email or [], segment=segment, url=webhook)
    except ValidationError as exc:
        raise invalid_input(exc, "request") from None
    app = build_app()
    with system_work(app, "draft-cli") as ctx:
        report = actions.send_draft(ctx, draft_id, data)
    if json_out:
        print_json(report.model_dump(mode="json"))
        return
    console.print(
        f"#{draft_id}: {report.sent} sent, {report.skipped} skipped, {report.failed} failed",
        highlight=False,
    )
    if report.export:
        console.print(report.export["text"], highlight=False)
