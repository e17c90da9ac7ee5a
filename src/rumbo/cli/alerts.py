"""``rumbo alerts`` and ``rumbo alert-rules``: the early-warning side of listening."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    fail,
    handles_errors,
    invalid_input,
    json_rows,
    print_json,
    system_work,
)
from rumbo.cli.main import cli

alerts_cli = typer.Typer(help="Alerts: list, acknowledge, resolve.", no_args_is_help=True)
rules_cli = typer.Typer(
    help="Alert rules: when an alert is raised and who hears of it.", no_args_is_help=True
)
cli.add_typer(alerts_cli, name="alerts")
cli.add_typer(rules_cli, name="alert-rules")

NoteOpt = Annotated[str | None, typer.Option(help="A note kept with the alert.")]


def _alert_json(alert: Any) -> dict[str, Any]:
    from rumbo.listening.schemas import AlertOut

    return AlertOut.model_validate(alert).model_dump(mode="json")


@alerts_cli.command("list")
@handles_errors
def list_alerts(
    status: Annotated[
        str | None, typer.Option(help="active, open, acknowledged or resolved.")
    ] = "active",
    limit: Annotated[int, typer.Option(min=1, max=500)] = 50,
    json_out: JsonOpt = False,
) -> None:
    """Newest alerts first (by default the ones not yet resolved)."""
    from rumbo.listening import queries

    if status not in {None, "active", "open", "acknowledged", "resolved"}:
        raise fail("--status must be active, open, acknowledged or resolved")
    app = build_app()
    with app.reading() as session:
        rows = [_alert_json(a) for a in queries.list_alerts(session, status=status, limit=limit)[0]]
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("Sin alertas.")
    for a in rows:
        affected = a["explanation"].get("affected", {})
        console.print(
            f"#{a['id']} [{a['severity']}] {a['status']}  {a['fired_at']}  {a['title']}  "
            f"({affected.get('company_count', 0)} cuentas, ARR {affected.get('arr_total', '0')})",
            highlight=False,
        )


@alerts_cli.command("ack")
@handles_errors
def ack(alert_id: Annotated[int, typer.Argument()], note: NoteOpt = None) -> None:
    """Say someone is on it."""
    from rumbo.listening import actions

    app = build_app()
    with system_work(app, "cli-alerts") as ctx:
        actions.acknowledge(ctx, alert_id, note)
    console.print(f"Alerta {alert_id} reconocida.")


@alerts_cli.command("resolve")
@handles_errors
def resolve(alert_id: Annotated[int, typer.Argument()], note: NoteOpt = None) -> None:
    """Close the alert."""
    from rumbo.listening import actions

    app = build_app()
    with system_work(app, "cli-alerts") as ctx:
        actions.resolve(ctx, alert_id, note)
    console.print(f"Alerta {alert_id} resuelta.")


@rules_cli.command("list")
@handles_errors
def list_rules(json_out: JsonOpt = False) -> None:
    """Every rule, active or not."""
    from rumbo.listening import queries
    from rumbo.listening.schemas import AlertRuleOut

    app = build_app()
    with app.reading() as session:
        rows = json_rows(AlertRuleOut, queries.list_rules(session))
    if json_out:
        print_json(rows)
        return
    for r in rows:
        console.print(
            f"#{r['id']} {r['name']}  términos={','.join(r['terms']) or '*'}  "
            f"umbral={r['threshold'] or '-'}  activa={r['active']}",
            highlight=False,
        )


@rules_cli.command("add")
@handles_errors
def add_rule(
    name: Annotated[str, typer.Argument(help="What the rule watches, in words.")],
    term: Annotated[list[str] | None, typer.Option(help="A term or keyword (repeatable).")] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(help="burst, new_term, negative_share, influencer (repeatable)."),
    ] = None,
    min_severity: Annotated[str, typer.Option(help="low, medium, high or critical.")] = "low",
    threshold: Annotated[
        int | None, typer.Option(help="Keyword watch: this many mentions…")
    ] = None,
    window: Annotated[int, typer.Option(help="…within this many minutes.")] = 60,
    severity: Annotated[str | None, typer.Option(help="Severity of the alerts it raises.")] = None,
    email: Annotated[
        list[str] | None, typer.Option(help="Email address to notify (repeatable).")
    ] = None,
    webhook: Annotated[
        list[str] | None, typer.Option(help="Webhook URL to notify (repeatable).")
    ] = None,
    inapp: Annotated[
        list[str] | None, typer.Option(help="Role whose inbox gets it (repeatable).")
    ] = None,
    quiet: Annotated[str | None, typer.Option(help="Quiet hours, e.g. 22:00-07:00.")] = None,
    timezone: Annotated[str | None, typer.Option(help="Time zone of the quiet hours.")] = None,
    json_out: JsonOpt = False,
) -> None:
    """Add a rule; every option is checked before anything is stored."""
    from pydantic import ValidationError

    from rumbo.listening import actions
    from rumbo.listening.schemas import AlertRuleIn, AlertRuleOut

    channels = (
        [{"notifier": "email", "target": t} for t in email or []]
        + [{"notifier": "webhook", "target": t} for t in webhook or []]
        + [{"notifier": "inapp", "target": t} for t in inapp or []]
    )
    start, _, end = (quiet or "").partition("-")
    try:
        data = AlertRuleIn.model_validate(
            {
                "name": name,
                "terms": term or [],
                "kinds": kind or [],
                "min_severity": min_severity,
                "threshold": threshold,
                "window_minutes": window,
                "severity": severity,
                "channels": channels,
                "quiet_start": start or None,
                "quiet_end": end or None,
                "timezone": timezone,
            }
        )
    except ValidationError as exc:
        raise invalid_input(exc) from None
    app = build_app()
    with system_work(app, "cli-alert-rules") as ctx:
        shown = AlertRuleOut.model_validate(actions.add_rule(ctx, data)).model_dump(mode="json")
    if json_out:
        print_json(shown)
        return
    console.print(f"Regla #{shown['id']} creada.")


@rules_cli.command("delete")
@handles_errors
def delete_rule(rule_id: Annotated[int, typer.Argument()]) -> None:
    """Remove a rule (alerts it raised stay)."""
    from rumbo.listening import actions

    app = build_app()
    with system_work(app, "cli-alert-rules") as ctx:
        actions.delete_rule(ctx, rule_id)
    console.print(f"Regla {rule_id} borrada.")
