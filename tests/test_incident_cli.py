"""The crisis room from a terminal: open, declare, assign, update the status page, review."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.cli.main import cli
from tests.conftest import make_user


def _runner(app: Rumbo):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    env = {"RUMBO_DATABASE_URL": app.settings.database_url}

    def invoke(*args: str):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), env=env)

    return invoke


def test_an_outage_from_open_to_review_on_the_command_line(app: Rumbo, tmp_path: Path):
    rumbo = _runner(app)
    make_user(app, "comandante@example.com", "communications", password=None)
    opened = rumbo(
        "incident", "open", "Caída de pagos", "--type", "outage", "--keyword", "pagos", "--json"
    )
    assert opened.exit_code == 0, opened.output
    incident_id = json.loads(opened.output)["id"]
    illegal = rumbo("incident", "status", str(incident_id), "resolved")
    assert illegal.exit_code == 2
    assert "cannot go to resolved" in illegal.output
    bad_status = rumbo("incident", "status", str(incident_id), "exploded")
    assert bad_status.exit_code == 2
    assert "status" in bad_status.output
    assert rumbo("incident", "declare", str(incident_id)).exit_code == 0
    assigned = rumbo(
        "incident",
        "assign",
        str(incident_id),
        "--user",
        "comandante@example.com",
        "--role",
        "commander",
    )
    assert assigned.exit_code == 0, assigned.output
    nobody = rumbo(
        "incident", "assign", str(incident_id), "--user", "x@example.com", "--role", "support"
    )
    assert nobody.exit_code == 2
    shown = json.loads(rumbo("incident", "show", str(incident_id), "--json").output)
    assert shown["commander_id"] is not None
    first_task = shown["tasks"][0]["id"]
    assert rumbo("incident", "task-done", str(first_task)).exit_code == 0
    assert rumbo("status", "component", "pagos", "Pagos").exit_code == 0
    drafted = rumbo(
        "status",
        "update",
        "draft",
        str(incident_id),
        "--title",
        "Pagos con fallos",
        "--body",
        "Investigamos.",
        "--component",
        "pagos=major_outage",
        "--json",
    )
    assert drafted.exit_code == 0, drafted.output
    update_id = str(json.loads(drafted.output)["id"])
    early = rumbo("status", "update", "publish", update_id)
    assert early.exit_code == 2
    assert "approved" in early.output
    assert rumbo("status", "update", "approve", update_id).exit_code == 0
    assert rumbo("status", "update", "publish", update_id).exit_code == 0
    published = json.loads(
        rumbo("status", "update", "list", "--state", "published", "--json").output
    )
    assert [u["title"] for u in published] == ["Pagos con fallos"]
    assert rumbo("incident", "remind", "--json").exit_code == 0
    for status in ("mitigating", "resolved", "review"):
        assert rumbo("incident", "status", str(incident_id), status).exit_code == 0
    listed = json.loads(rumbo("incident", "list", "--status", "review", "--json").output)
    assert [i["id"] for i in listed] == [incident_id]
    target = tmp_path / "revision.html"
    exported = rumbo("incident", "review", str(incident_id), "--format", "html", "-o", str(target))
    assert exported.exit_code == 0
    assert "Pagos con fallos" in target.read_text(encoding="utf-8")
    markdown = rumbo("incident", "review", str(incident_id))
    assert "## Lecciones aprendidas" in markdown.output


def test_playbook_commands_list_show_and_import(app: Rumbo, tmp_path: Path):
    rumbo = _runner(app)
    listed = json.loads(rumbo("playbook", "list", "--json").output)
    assert {row["type"] for row in listed} >= {"outage", "data_leak", "custom"}
    shown = rumbo("playbook", "show", "political")
    assert "type: political" in shown.output
    changed = tmp_path / "custom.yaml"
    changed.write_text(shown.output.replace("due: 2h", "due: 1h"), encoding="utf-8")
    imported = rumbo("playbook", "import", str(changed), "--note", "revisado")
    assert imported.exit_code == 0
    assert "political v1" in imported.output
    broken = tmp_path / "broken.yaml"
    broken.write_text("type: political\nname: x\n", encoding="utf-8")
    refused = rumbo("playbook", "import", str(broken))
    assert refused.exit_code == 2
    assert "line" in refused.output
    unknown = rumbo("playbook", "show", "volcano")
    assert unknown.exit_code == 2
