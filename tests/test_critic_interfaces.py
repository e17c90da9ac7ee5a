"""The critic through the API and the CLI, against the stored brand voice, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.cli.main import cli
from rumbo.demo.brand import demo_voice, load_brand_voice
from rumbo.drafting.voice import dump_voice
from tests.conftest import SYSTEM, make_token, make_user

runner = CliRunner()


def said(words: str, output: str) -> bool:
    """Whether ``output`` contains ``words``, however the terminal wrapped the lines."""
    return "".join(words.split()) in "".join(output.split())


TU_TEXT = "Hola: ¿puedes contarnos qué pasó? Escríbenos a soporte@tenderete.example."
PLAN = [
    {
        "name": "Primeras horas",
        "time_frame": "0-4 h",
        "tasks": [{"title": "Contener el acceso", "owner_roles": ["engineering"], "due": "2 h"}],
    },
]


def test_api_critic_uses_the_stored_voice_for_market_and_channel(app: Rumbo, client):
    body = {"text": TU_TEXT, "market": "AR", "channel": "chat"}
    assert client.post("/api/v1/critic", json=body).json() == {"findings": []}  # no voice yet
    load_brand_voice(app, SYSTEM)  # Tenderete speaks vos in Argentina
    findings = client.post("/api/v1/critic", json=body).json()["findings"]
    assert {f["code"] for f in findings} == {"register_mismatch"}
    assert {TU_TEXT[f["start"] : f["end"]] for f in findings} == {"puedes", "Escríbenos"}
    mexico = client.post("/api/v1/critic", json={**body, "market": "MX"}).json()
    assert mexico["findings"] == []


def test_api_critic_checks_plans_and_refuses_bad_input(client, app: Rumbo):
    plan = client.post(
        "/api/v1/critic", json={"kind": "plan", "plan": PLAN, "situation": "data_leak"}
    ).json()
    assert [f["code"] for f in plan["findings"]] == ["missing_legal_review"]
    english = client.post(
        "/api/v1/critic", json={"text": "Sorry. [Name]", "language": "en"}
    ).json()["findings"]
    assert any("placeholder" in f["message"] for f in english)

    empty = client.post("/api/v1/critic", json={"text": "   "})
    assert empty.status_code == 422
    assert "text" in empty.json()["error"]["message"]
    register = client.post("/api/v1/critic", json={"text": TU_TEXT, "register": "vosotros"})
    assert register.status_code == 422
    assert "register" in register.json()["error"]["fields"]
    bad_role = client.post(
        "/api/v1/critic",
        json={
            "kind": "plan",
            "plan": [{"name": "x", "tasks": [{"title": "y", "owner_roles": ["jefe"]}]}],
        },
    )
    assert bad_role.status_code == 422
    assert "owner_roles" in bad_role.json()["error"]["message"]
    from fastapi.testclient import TestClient

    token = make_token(app, make_user(app, "lectura@example.com", "viewer", password=None))
    with TestClient(app.asgi(), headers={"Authorization": f"Bearer {token}"}) as viewer:
        # Reading drafts is enough to run the critic.
        assert viewer.post("/api/v1/critic", json={"text": TU_TEXT}).status_code == 200


def test_cli_critic_reads_files_and_stdin(database_url: str, tmp_path: Path):
    env = {"RUMBO_DATABASE_URL": database_url}
    brand = tmp_path / "voz.yaml"
    brand.write_text(dump_voice(demo_voice()), encoding="utf-8")
    draft = tmp_path / "borrador.txt"
    draft.write_text("¡Queridos usuarios! El sistema está caído. #Promo", encoding="utf-8")

    result = runner.invoke(
        cli,
        [
            "critic",
            str(draft),
            "--json",
            "--brand",
            str(brand),
            "--channel",
            "social",
            "--situation",
            "outage",
        ],
        env=env,
    )
    assert result.exit_code == 0, result.output
    found = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert {"unnatural_greeting", "hashtags", "missing_apology", "missing_contact"} <= found

    piped = runner.invoke(
        cli, ["critic", "-", "--json", "--register", "usted"], env=env, input=TU_TEXT
    )
    assert piped.exit_code == 0, piped.output
    assert {f["code"] for f in json.loads(piped.stdout)["findings"]} == {"register_mismatch"}

    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"plan": PLAN}), encoding="utf-8")
    planned = runner.invoke(
        cli, ["critic", str(plan), "--kind", "plan", "--json", "--situation", "competitor"], env=env
    )
    assert json.loads(planned.stdout)["findings"][0]["code"] == "missing_legal_review"

    table = runner.invoke(cli, ["critic", str(draft), "--situation", "outage"], env=env)
    assert "unnatural_greeting" in table.stdout


def test_cli_critic_errors_are_clear(tmp_path: Path):
    """Bad input is refused before any store is opened: no database file appears."""
    store = tmp_path / "never.db"
    env = {"RUMBO_DATABASE_URL": f"sqlite:///{store}"}
    empty = runner.invoke(cli, ["critic", "-", "--json"], env=env, input="  \n")
    assert empty.exit_code == 2
    assert said("empty", empty.stderr)
    unknown = runner.invoke(cli, ["critic", "-", "--register", "vosotros"], env=env, input="Hola")
    assert unknown.exit_code == 2
    assert said("--register", unknown.stderr)
    broken = tmp_path / "rota.yaml"
    broken.write_text("name: X\nemoji: muchos\n", encoding="utf-8")
    refused = runner.invoke(cli, ["critic", "-", "--brand", str(broken)], env=env, input="Hola")
    assert refused.exit_code == 2
    assert said("line 2 (emoji)", refused.stderr)
    missing = runner.invoke(cli, ["critic", str(tmp_path / "nada.txt")], env=env)
    assert missing.exit_code == 2
    assert said("nada.txt", missing.stderr)
    assert not store.exists()


def test_cli_eval_critic_reports_precision_and_recall_per_code():
    result = runner.invoke(cli, ["eval", "critic", "--split", "heldout", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["split"] == "heldout"
    assert set(report["per_code"]) >= {"too_long", "register_mismatch", "generic"}
    assert 0.85 <= report["micro"]["recall"] <= 1.0
