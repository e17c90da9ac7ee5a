"""`rumbo draft` and `rumbo drafts`, run as a person runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumbo.cli.main import cli

runner = CliRunner()
VOICE = Path(__file__).parents[1] / "src" / "rumbo" / "demo" / "brand_voice.yaml"


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUMBO_DATABASE_URL", raising=False)
    monkeypatch.delenv("RUMBO_LLM_URL", raising=False)
    return tmp_path


def test_draft_json_with_a_context_file_and_a_brand(workdir: Path):
    context = workdir / "cliente.json"
    context.write_text(
        json.dumps(
            {
                "customer": {
                    "name": "Diego Torres",
                    "company": "Ferretería Sol",
                    "plan": "Plus",
                    "seats": 40,
                    "price_per_user": 12.5,
                    "country": "CO",
                }
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(
        cli,
        [
            "draft",
            "Correo para una cuenta clave que quiere cancelar el contrato; propón una llamada.",
            "--context",
            str(context),
            "--brand",
            str(VOICE),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) >= {"understood", "subject", "text", "plan", "critique", "backend", "id"}
    assert out["understood"]["situation"] == "key_account"
    assert out["backend"] == "composer"
    assert out["register"] == "usted"  # the voice's form for email in Colombia
    assert "Diego" in out["text"]
    assert "Ferretería Sol" in out["text"]
    assert "Lucía Paredes" in out["text"]
    assert [f for f in out["critique"] if f["severity"] != "info"] == []


def test_review_commands_take_a_draft_to_sent(workdir: Path):
    made = runner.invoke(cli, ["draft", "Post for social media: our app is down.", "--json"])
    draft_id = str(json.loads(made.stdout)["id"])
    assert runner.invoke(cli, ["drafts", "submit", draft_id]).exit_code == 0
    approved = runner.invoke(cli, ["drafts", "approve", draft_id, "--note", "ok", "--json"])
    assert json.loads(approved.stdout)["status"] == "approved"
    sent = runner.invoke(cli, ["drafts", "send", draft_id, "--social", "--json"])
    report = json.loads(sent.stdout)
    assert report["status"] == "sent"
    assert report["export"]["text"]
    listed = runner.invoke(cli, ["drafts", "list", "--status", "sent", "--json"])
    assert [d["id"] for d in json.loads(listed.stdout)["items"]] == [int(draft_id)]
    shown = runner.invoke(cli, ["drafts", "show", draft_id])
    assert "sent" in shown.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["draft", ""], "request"),
        (["draft", "hola", "--customer", "nadie@example.com"], "nadie@example.com"),
        (["draft", "hola", "--context", "missing.json"], "context"),
        (["draft", "hola", "--brand", "broken.yaml"], "brand voice, line"),
        (["draft", "hola", "--channel", "fax"], "channel"),
        (["drafts", "show", "42"], "Draft 42"),
    ],
)
def test_bad_input_is_one_clear_error(workdir: Path, args: list[str], message: str):
    (workdir / "broken.yaml").write_text("name: Tenderete\nregister:\n  AR: {default: che}\n")
    result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.stderr.replace("\n", " ")
