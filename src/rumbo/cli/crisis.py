"""`rumbo incident`: the crisis room from a terminal (playbooks and status: crisis_status.py)."""

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
from rumbo.cli.main import cli

incident_cli = typer.Typer(
    help="Incidents: open, declare, follow and review.", no_args_is_help=True
)
playbook_cli = typer.Typer(help="Playbooks per incident type (YAML).", no_args_is_help=True)
status_cli = typer.Typer(help="The public status page.", no_args_is_help=True)
update_cli = typer.Typer(help="Status updates: draft → approve → publish.", no_args_is_help=True)
cli.add_typer(incident_cli, name="incident")
cli.add_typer(playbook_cli, name="playbook")
cli.add_typer(status_cli, name="status")
status_cli.add_typer(update_cli, name="update")
IncidentId = Annotated[int, typer.Argument(help="The incident's id.")]


def _show_incident(out: Any, json_out: bool) -> None:
    if json_out:
        print_json(out.model_dump(mode="json"))
        return
    console.print(
        f"Incidente #{out.id} [{out.status}] {out.type}/{out.severity}: {out.title}",
        highlight=False,
    )
    if out.next_statuses:
        console.print(f"  siguiente: {', '.join(out.next_statuses)}", highlight=False)


@incident_cli.command("open")
@handles_errors
def open_incident(
    title: Annotated[
        str | None,
        typer.Argument(help="Short title (taken from the alert or ticket when omitted)."),
    ] = None,
    type: Annotated[
        str,
        typer.Option(
            "--type",
            help="outage, influencer_complaint, data_leak, political, competitor, key_account, "
            "surge or custom.",
        ),
    ] = "custom",
    severity: Annotated[str | None, typer.Option(help="low, medium, high or critical.")] = None,
    summary: Annotated[str, typer.Option(help="What is known so far.")] = "",
    keyword: Annotated[
        list[str] | None, typer.Option(help="A word customers use about it.")
    ] = None,
    alert: Annotated[
        int | None, typer.Option(help="Open from this alert (its explanation comes along).")
    ] = None,
    ticket: Annotated[int | None, typer.Option(help="Open from this ticket.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Open an incident (status detected) by hand, from an alert or from a ticket."""
    from rumbo.crisis import actions, queries
    from rumbo.crisis.schemas import FromAlertIn, FromTicketIn, IncidentIn

    app = build_app()
    with system_work(app, "incident-cli") as ctx:
        if alert is not None:
            data = parse_input(
                FromAlertIn, alert_id=alert, type=type, title=title, keywords=keyword or []
            )
            incident = actions.open_from_alert(
                ctx, data.alert_id, data.type, data.title, data.keywords
            )
        elif ticket is not None:
            asked = parse_input(FromTicketIn, ticket_id=ticket, type=type, title=title)
            incident = actions.open_from_ticket(ctx, asked.ticket_id, asked.type, asked.title)
        else:
            values: dict[str, Any] = {"title": title or "", "type": type, "summary": summary}
            if severity:
                values["severity"] = severity
            if keyword:
                values["keywords"] = keyword
            incident = actions.open_incident(ctx, parse_input(IncidentIn, **values))
        out = queries.incident_out(incident)
    _show_incident(out, json_out)


@incident_cli.command("declare")
@handles_errors
def declare(
    incident_id: IncidentId,
    note: Annotated[str | None, typer.Option()] = None,
    json_out: JsonOpt = False,
) -> None:
    """Declare an incident: its playbook's tasks and communications are created."""
    from rumbo.crisis import actions, queries

    app = build_app()
    with system_work(app, "incident-cli") as ctx:
        out = queries.incident_out(actions.declare(ctx, incident_id, note))
    _show_incident(out, json_out)


@incident_cli.command("status")
@handles_errors
def change_status(
    incident_id: IncidentId,
    status: Annotated[
        str, typer.Argument(help="declared, mitigating, monitoring, resolved or review.")
    ],
    note: Annotated[str | None, typer.Option()] = None,
    json_out: JsonOpt = False,
) -> None:
    """Move an incident along its lifecycle (an illegal move is refused)."""
    from rumbo.crisis import actions, queries
    from rumbo.crisis.schemas import StatusChange

    data = parse_input(StatusChange, status=status, note=note)
    app = build_app()
    with system_work(app, "incident-cli") as ctx:
        out = queries.incident_out(actions.change_status(ctx, incident_id, data.status, data.note))
    _show_incident(out, json_out)


@incident_cli.command("list")
def list_incidents(
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    type: Annotated[str | None, typer.Option("--type", help="Only this type.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Incidents, newest first."""
    from rumbo.crisis import queries

    app = build_app()
    with app.reading() as session:
        rows, _total = queries.list_incidents(session, status=status, incident_type=type, limit=500)
        items = [queries.incident_out(i) for i in rows]
    if json_out:
        print_json([i.model_dump(mode="json") for i in items])
        return
    for item in items:
        _show_incident(item, False)


@incident_cli.command("show")
@handles_errors
def show(incident_id: IncidentId, json_out: JsonOpt = False) -> None:
    """One incident with its tasks, communications and timeline."""
    from rumbo.crisis import queries

    app = build_app()
    with app.reading() as session:
        detail = queries.incident_detail(session, incident_id)
    if json_out:
        print_json(detail.model_dump(mode="json"))
        return
    _show_incident(detail, False)
    for task in detail.tasks:
        mark = "x" if task.done_at else " "
        console.print(
            f"  [{mark}] #{task.id} {task.due_at:%d/%m %H:%M} {task.owner_role}: {task.title}",
            highlight=False,
            soft_wrap=True,
        )
    for comm in detail.communications:
        console.print(f"  ✉ {comm.audience} · {comm.channel}: {comm.status}", highlight=False)
    for event in detail.timeline:
        console.print(
            f"  {event.at:%d/%m %H:%M} {event.message}",
            highlight=False,
            soft_wrap=True,
        )


@incident_cli.command("assign")
@handles_errors
def assign(
    incident_id: IncidentId,
    user: Annotated[str, typer.Option(help="The person's email.")],
    role: Annotated[
        str,
        typer.Option(
            help="commander, support, communications, engineering, legal, compliance, "
            "account_management or executive."
        ),
    ],
) -> None:
    """Give a person a role in the incident (commander makes them its commander)."""
    from rumbo.accounts.queries import get_user_by_email
    from rumbo.crisis import actions
    from rumbo.crisis.schemas import MemberIn

    app = build_app()
    with system_work(app, "incident-cli") as ctx:
        found = get_user_by_email(ctx.session, user)
        if found is None:
            raise fail(f"user: nobody signs in as {user}")
        actions.add_member(ctx, incident_id, parse_input(MemberIn, user_id=found.id, role=role))
    console.print(f"{user}: {role} en el incidente #{incident_id}.", highlight=False)


@incident_cli.command("task-done")
@handles_errors
def task_done(
    task_id: Annotated[int, typer.Argument(help="The task's id (see incident show).")],
) -> None:
    """Mark a task of an incident as done."""
    from rumbo.crisis import tasks

    app = build_app()
    with system_work(app, "incident-cli") as ctx:
        task = tasks.complete_task(ctx, task_id)
        late = task.done_at is not None and task.done_at > task.due_at
    console.print(f"Tarea #{task_id} hecha{' (con retraso)' if late else ''}.")


@incident_cli.command("remind")
def remind(json_out: JsonOpt = False) -> None:
    """Flag overdue tasks and lapsed status-update cadences (the scheduler runs this)."""
    from rumbo.crisis import tasks

    app = build_app()
    with system_work(app, "incident-reminders") as ctx:
        report = tasks.remind_overdue(ctx)
    if json_out:
        print_json(report.model_dump())
    else:
        console.print(
            f"Tareas vencidas: {report.overdue} · recordatorios: {report.reminded} · "
            f"actualizaciones de estado pendientes: {len(report.status_updates_due)}"
        )


@incident_cli.command("review")
@handles_errors
def review(
    incident_id: IncidentId,
    format: Annotated[str, typer.Option("--format", help="markdown or html.")] = "markdown",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file.")
    ] = None,
) -> None:
    """Export the incident's review: timeline, volumes, response times, messages, impact."""
    from rumbo.crisis.review import assemble_review
    from rumbo.crisis.review_export import to_html, to_markdown

    if format not in ("markdown", "html"):
        raise fail("format: use markdown or html")
    app = build_app()
    with app.reading() as session:
        assembled = assemble_review(session, incident_id)
    text = to_html(assembled) if format == "html" else to_markdown(assembled)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"Revisión escrita en {output}", highlight=False)


# The playbook and status-page commands live beside these; importing attaches them.
from rumbo.cli import crisis_status  # noqa: E402, F401
