"""`rumbo playbook` and `rumbo status`: playbooks and the public status page from a terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    fail,
    handles_errors,
    parse_input,
    print_json,
    system_work,
)
from rumbo.cli.crisis import (
    IncidentId,
    playbook_cli,
    status_cli,
    update_cli,
)


@playbook_cli.command("validate")
@handles_errors
def validate(file: Annotated[Path, typer.Argument(help="A playbook YAML file.")]) -> None:
    """Check a playbook; each problem is printed with its line number."""
    from rumbo.crisis.playbook import PlaybookInvalid, parse_playbook
    from rumbo.textfiles import read_text

    if not file.is_file():
        raise fail(f"file: {file} does not exist")
    try:
        spec = parse_playbook(read_text(file), str(file))
    except PlaybookInvalid as exc:
        for p in exc.problems:
            # FILE:LINE: field: message, the form editors and CI annotate lines from.
            field = f" {p.field}:" if p.field else ""
            typer.echo(f"{file}:{p.line or 1}:{field} {p.message}", err=True)
        raise fail(f"{file}: {len(exc.problems)} problem(s)") from None
    tasks = sum(len(s.tasks) for s in spec.stages)
    console.print(
        f"{file}: valid ({spec.type}, {len(spec.stages)} stages, {tasks} tasks)",
        highlight=False,
    )


@playbook_cli.command("list")
def list_playbooks(json_out: JsonOpt = False) -> None:
    """The playbook in force for every incident type."""
    from rumbo.crisis.models import INCIDENT_TYPES
    from rumbo.crisis.playbook import parse_playbook
    from rumbo.crisis.playbooks_store import current_text

    app = build_app()
    rows = []
    with app.reading() as session:
        for kind in INCIDENT_TYPES:
            text, stored = current_text(session, kind)
            spec = parse_playbook(text, kind)
            rows.append(
                {"type": kind, "name": spec.name, "version": stored.version if stored else None}
            )
    if json_out:
        print_json(rows)
        return
    for row in rows:
        version = f"v{row['version']}" if row["version"] else "shipped"
        console.print(f"{row['type']:<22} {version:<8} {row['name']}", highlight=False)


@playbook_cli.command("show")
@handles_errors
def show_playbook(incident_type: Annotated[str, typer.Argument(help="The incident type.")]) -> None:
    """Print the YAML of the playbook in force for a type."""
    from rumbo.crisis.playbooks_store import current_text

    app = build_app()
    with app.reading() as session:
        text, _stored = current_text(session, incident_type)
    typer.echo(text, nl=False)


@playbook_cli.command("import")
@handles_errors
def import_playbook(
    file: Annotated[Path, typer.Argument(help="A playbook YAML file.")],
    note: Annotated[str | None, typer.Option(help="What changed.")] = None,
) -> None:
    """Store a playbook file as the next version of its type (checked first)."""
    from rumbo.crisis.playbooks_store import import_playbook as store
    from rumbo.textfiles import read_text

    if not file.is_file():
        raise fail(f"file: {file} does not exist")
    text = read_text(file)  # not UTF-8: handles_errors says so, naming the file
    app = build_app()
    with system_work(app, "playbook-cli") as ctx:
        version = store(ctx, text, note=note)
        label = f"{version.incident_type} v{version.version}"
    console.print(f"Playbook {label} guardado.", highlight=False)


@status_cli.command("component")
@handles_errors
def component(
    key: Annotated[str, typer.Argument(help="Short key, e.g. pos or payments.")],
    name: Annotated[str, typer.Argument(help="Name customers know it by.")],
    state: Annotated[
        str,
        typer.Option(
            "--state", help="operational, degraded, partial_outage, major_outage or maintenance."
        ),
    ] = "operational",
    position: Annotated[int, typer.Option(help="Order on the page.")] = 0,
) -> None:
    """Create or change a component of the status page."""
    from rumbo.crisis import status_actions
    from rumbo.crisis.schemas import ComponentIn

    data = parse_input(ComponentIn, key=key, name=name, status=state, position=position)
    app = build_app()
    with system_work(app, "status-cli") as ctx:
        status_actions.save_component(ctx, data)
    console.print(f"Componente {key}: {state}", highlight=False)


@status_cli.command("deliver")
@handles_errors
def deliver(update_id: Annotated[int, typer.Argument(help="A published update's id.")]) -> None:
    """Email a published update to confirmed subscribers not yet served (safe to re-run)."""
    from rumbo.crisis.notify import deliver_update
    from rumbo.mail import MailError

    app = build_app()
    try:
        sent = deliver_update(app, update_id)
    except MailError as exc:
        raise fail(str(exc)) from None
    console.print(f"Correos enviados: {sent}")


@update_cli.command("draft")
@handles_errors
def draft_update(
    incident_id: IncidentId,
    title: Annotated[str, typer.Option(help="Headline of the update.")],
    body: Annotated[str, typer.Option(help="What customers should know now.")],
    phase: Annotated[
        str, typer.Option(help="investigating, identified, monitoring or resolved.")
    ] = "investigating",
    language: Annotated[str, typer.Option(help="es or en.")] = "es",
    component: Annotated[
        list[str] | None, typer.Option(help="KEY=STATE, e.g. pos=major_outage.")
    ] = None,
    json_out: JsonOpt = False,
) -> None:
    """Draft a status update (published only after approval)."""
    from rumbo.crisis import status_actions
    from rumbo.crisis.schemas import StatusUpdateIn, StatusUpdateOut

    pairs = [c.partition("=") for c in component or []]
    if any(not sep for _k, sep, _v in pairs):
        raise fail("component: use KEY=STATE, e.g. pos=major_outage")
    data = parse_input(
        StatusUpdateIn,
        incident_id=incident_id,
        title=title,
        body=body,
        phase=phase,
        language=language,
        component_statuses={k: v for k, _sep, v in pairs},
    )
    app = build_app()
    with system_work(app, "status-cli") as ctx:
        out = StatusUpdateOut.model_validate(status_actions.draft_update(ctx, data))
    _show_update(out, json_out)


def _show_update(out: Any, json_out: bool) -> None:
    if json_out:
        print_json(out.model_dump(mode="json"))
    else:
        console.print(f"Actualización #{out.id} [{out.state}] {out.title}", highlight=False)


@update_cli.command("approve")
@handles_errors
def approve_update(update_id: Annotated[int, typer.Argument()], json_out: JsonOpt = False) -> None:
    """Approve a drafted status update."""
    from rumbo.crisis import status_actions
    from rumbo.crisis.schemas import StatusUpdateOut

    app = build_app()
    with system_work(app, "status-cli") as ctx:
        out = StatusUpdateOut.model_validate(status_actions.approve_update(ctx, update_id))
    _show_update(out, json_out)


@update_cli.command("publish")
@handles_errors
def publish_update(update_id: Annotated[int, typer.Argument()], json_out: JsonOpt = False) -> None:
    """Publish an approved update: status page, assistant notice, then subscriber emails."""
    from rumbo.crisis import notify, status_actions
    from rumbo.crisis.schemas import StatusUpdateOut

    app = build_app()
    with system_work(app, "status-cli") as ctx:
        out = StatusUpdateOut.model_validate(status_actions.publish_update(ctx, update_id))
    sent = notify.deliver_quietly(app, update_id)
    _show_update(out, json_out)
    if not json_out:
        console.print(f"Correos enviados: {sent}")


@update_cli.command("list")
def list_updates(
    incident: Annotated[int | None, typer.Option(help="Only this incident's updates.")] = None,
    state: Annotated[str | None, typer.Option(help="draft, approved or published.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Status updates, newest first."""
    from rumbo.crisis import queries
    from rumbo.crisis.schemas import StatusUpdateOut

    app = build_app()
    with app.reading() as session:
        rows = [
            StatusUpdateOut.model_validate(u)
            for u in queries.status_updates(session, incident_id=incident, state=state)
        ]
    if json_out:
        print_json([r.model_dump(mode="json") for r in rows])
        return
    for row in rows:
        _show_update(row, False)
