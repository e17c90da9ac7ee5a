"""Playbooks: the shipped ones say what experts expect; broken ones are refused line by line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.crisis.models import INCIDENT_TYPES
from rumbo.crisis.playbook import (
    LEGAL_FIRST,
    PlaybookInvalid,
    parse_duration,
    parse_playbook,
    shipped_playbook_text,
)

GOOD = """\
type: surge
name: Oleada de facturas
stages:
  - name: Primeras horas
    tasks:
      - title: Agrupar solicitudes
        owner: support
        due: 1h
communications:
  - audience: clientes
    channel: email
    stage: Primeras horas
    due: 2h
    brief: Respuesta clara a la pregunta común.
"""

# Three mistakes on known lines: an unknown role (7), a bad duration (8), an unknown field (9).
BROKEN = """\
type: surge
name: Oleada de facturas
stages:
  - name: Primeras horas
    tasks:
      - title: Agrupar solicitudes
        owner: intern
        due: tomorrow
        colour: red
"""


@pytest.mark.parametrize("incident_type", INCIDENT_TYPES)
def test_every_shipped_playbook_is_valid(incident_type: str):
    spec = parse_playbook(shipped_playbook_text(incident_type))
    assert spec.type == incident_type
    assert all(task.due for stage in spec.stages for task in stage.tasks)
    assert spec.lessons_prompts


@pytest.mark.parametrize("incident_type", sorted(LEGAL_FIRST))
def test_risky_cases_bring_legal_and_compliance_into_the_first_stage(incident_type: str):
    first = {t.owner for t in parse_playbook(shipped_playbook_text(incident_type)).stages[0].tasks}
    assert {"legal", "compliance"} <= first


def test_the_data_leak_playbook_states_each_markets_rules_and_warns_of_phishing():
    spec = parse_playbook(shipped_playbook_text("data_leak"))
    rules = {r.market: r for r in spec.notification_rules}
    assert set(rules) == {"EU", "ES", "MX", "CO", "AR", "CL", "PE"}
    assert "72 horas" in rules["EU"].authority_deadline
    assert "AEPD" in rules["ES"].authority
    assert "15 días hábiles" in rules["CO"].authority_deadline
    assert "48 horas" in rules["PE"].authority_deadline
    assert "inmediata" in rules["MX"].people_deadline
    assert "21.719" in rules["CL"].law
    customer_mail = next(c for c in spec.communications if c.audience == "personas afectadas")
    assert "phishing" in customer_mail.brief
    assert {"legal", "compliance"} <= set(customer_mail.approvals)


def test_the_outage_playbook_keeps_a_status_update_cadence():
    spec = parse_playbook(shipped_playbook_text("outage"))
    assert spec.status_update_every is not None
    assert parse_duration(spec.status_update_every).total_seconds() <= 3600
    assert any(c.channel == "status_page" for c in spec.communications)


def test_the_political_playbook_aims_at_neutrality_without_presuming_controversy():
    spec = parse_playbook(shipped_playbook_text("political"))
    assert "neutralidad" in spec.description
    assert "No se presupone" in spec.description
    competitor = parse_playbook(shipped_playbook_text("competitor"))
    assert "sin confrontar" in competitor.description


def test_each_problem_is_reported_with_its_line():
    with pytest.raises(PlaybookInvalid) as caught:
        parse_playbook(BROKEN, "oleada.yaml")
    found = {(p.line, p.field) for p in caught.value.problems}
    assert found == {
        (7, "stages.0.tasks.0.owner"),
        (8, "stages.0.tasks.0.due"),
        (9, "stages.0.tasks.0.colour"),
    }
    assert "oleada.yaml" in caught.value.message
    assert caught.value.status_code == 422


def test_yaml_syntax_and_content_rules_are_reported_with_lines():
    with pytest.raises(PlaybookInvalid) as syntax:
        parse_playbook("type: outage\nname: [sin cerrar\nstages: []\n")
    assert syntax.value.problems[0].line in (2, 3)
    assert "YAML syntax" in syntax.value.problems[0].message
    no_legal = GOOD.replace("type: surge", "type: competitor")
    with pytest.raises(PlaybookInvalid) as content:
        parse_playbook(no_legal)
    assert [(p.line, p.field) for p in content.value.problems] == [(4, "stages.0")]
    assert "legal and compliance" in content.value.problems[0].message
    wrong_stage = GOOD.replace("    stage: Primeras horas", "    stage: Mañana")
    with pytest.raises(PlaybookInvalid) as stage:
        parse_playbook(wrong_stage)
    assert [(p.line, p.field) for p in stage.value.problems] == [(12, "communications.0.stage")]


def test_validate_command_prints_file_line_and_fails(tmp_path):
    from rumbo.cli.main import cli

    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    runner = CliRunner()
    ok = runner.invoke(cli, ["playbook", "validate", str(good)])
    assert ok.exit_code == 0
    assert "valid (surge" in ok.output
    bad = runner.invoke(cli, ["playbook", "validate", str(broken)])
    assert bad.exit_code == 2
    assert f"{broken}:7: stages.0.tasks.0.owner:" in bad.output
    assert f"{broken}:8: stages.0.tasks.0.due:" in bad.output


def test_importing_needs_incidents_manage_and_versions_grow(app: Rumbo, client):
    from tests.test_incidents import role_client

    with role_client(app, "communications") as comms:
        refused = comms.post("/api/v1/playbooks", json={"yaml": GOOD})
        assert refused.status_code == 403
        # Anyone who reads incidents may check a file.
        checked = comms.post("/api/v1/playbooks/validate", json={"yaml": BROKEN}).json()
        assert checked["valid"] is False
        assert sorted(p["line"] for p in checked["problems"]) == [7, 8, 9]
    invalid = client.post("/api/v1/playbooks", json={"yaml": BROKEN})
    assert invalid.status_code == 422
    assert "line 7" in invalid.json()["error"]["message"]
    first = client.post("/api/v1/playbooks", json={"yaml": GOOD, "note": "primera"})
    second = client.post("/api/v1/playbooks", json={"yaml": GOOD.replace("1h", "30m")})
    assert (first.status_code, second.status_code) == (201, 201)
    assert [first.json()["version"], second.json()["version"]] == [1, 2]
    current = client.get("/api/v1/playbooks/surge").json()
    assert current["version"] == 2
    assert "due: 30m" in current["yaml"]
    listed = {p["type"]: p for p in client.get("/api/v1/playbooks").json()}
    assert set(listed) == set(INCIDENT_TYPES)
    assert listed["outage"]["version"] is None  # still the shipped one
    # An incident declared now follows version 2.
    incident = client.post("/api/v1/incidents", json={"title": "Oleada", "type": "surge"}).json()
    client.post(f"/api/v1/incidents/{incident['id']}/declare", json={})
    detail = client.get(f"/api/v1/incidents/{incident['id']}").json()
    assert detail["playbook_version_id"] == second.json()["id"]
    assert [t["title"] for t in detail["tasks"]] == ["Agrupar solicitudes"]
