"""The brand voice: strict files, versioned storage, API and CLI, on both databases."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.audit.models import AuditEntry
from rumbo.cli.main import cli
from rumbo.demo.brand import demo_voice, load_brand_voice
from rumbo.drafting.brand.models import BrandVoiceVersion
from rumbo.drafting.brand.queries import current_voice
from rumbo.drafting.voice import dump_voice, load_voice
from rumbo.errors import ValidationFailed
from tests.conftest import SYSTEM, client_for

runner = CliRunner()


def said(words: str, output: str) -> bool:
    """Whether ``output`` contains ``words``, however the terminal wrapped the lines."""
    return "".join(words.split()) in "".join(output.split())


DEMO_YAML = dump_voice(demo_voice())
BROKEN = "name: Tenderete\nmarkets: [MX, AR]\nregister:\n  AR:\n    default: vosotros\n"


def test_a_voice_round_trips_through_yaml():
    voice = demo_voice()
    assert load_voice(dump_voice(voice)) == voice
    assert voice.register_for("AR", "chat") == "vos"
    assert voice.register_for("CO", "email") == "usted"
    assert voice.register_for("MX", None) == "tu"
    assert voice.register_for(None, None) == "tu"  # the brand-wide default
    assert voice.max_length_for("sms") == 160
    assert voice.max_length_for("whatsapp") == voice.max_length["default"]


@pytest.mark.parametrize(
    ("document", "where"),
    [
        (BROKEN, "line 5 (register.AR.default)"),
        ("name: X\nmarkets: [MX\ntone: t\n", "line 3"),
        ("name: X\ncolour: red\n", "line 2 (colour)"),
        ("name: X\nmax_length:\n  sms: 10\n", "line 3 (max_length.sms)"),
        ("- just\n- a list\n", "mapping"),
        ("   \n", "empty"),
    ],
)
def test_a_broken_voice_names_the_line_and_the_field(document: str, where: str):
    with pytest.raises(ValidationFailed) as caught:
        load_voice(document)
    assert where in caught.value.message


def test_saving_keeps_every_version_and_skips_identical_saves(client, app: Rumbo):
    assert client.get("/api/v1/brand").status_code == 404
    first = client.put(
        "/api/v1/brand", content=DEMO_YAML, headers={"Content-Type": "application/yaml"}
    )
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 1
    assert first.json()["voice"]["register"]["AR"]["default"] == "vos"
    again = client.put(
        "/api/v1/brand", content=DEMO_YAML, headers={"Content-Type": "application/yaml"}
    )
    assert again.json()["version"] == 1
    changed = demo_voice().model_copy(update={"tone": "directo y cálido"})
    second = client.put("/api/v1/brand?note=tono", json=changed.model_dump(mode="json"))
    assert second.json()["version"] == 2
    versions = client.get("/api/v1/brand/versions").json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["note"] == "tono"
    assert versions[0]["author_label"] == "admin@example.com"
    exported = client.get("/api/v1/brand/export")
    assert exported.headers["content-type"].startswith("application/yaml")
    assert load_voice(exported.text) == changed
    with app.reading() as session:
        audited = session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "brand_voice.saved")
        )
    assert audited == 2


def test_a_broken_voice_is_refused_and_nothing_is_stored(client, app: Rumbo):
    response = client.put(
        "/api/v1/brand", content=BROKEN, headers={"Content-Type": "application/yaml"}
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert "line 5" in error["message"]
    assert "register.AR.default" in error["fields"]
    assert client.put("/api/v1/brand", content="").status_code == 422
    with app.reading() as session:
        assert current_voice(session) is None
        assert session.scalar(select(func.count()).select_from(BrandVoiceVersion)) == 0


def test_only_brand_managers_change_the_voice(app: Rumbo, client):
    client.put("/api/v1/brand", content=DEMO_YAML, headers={"Content-Type": "application/yaml"})
    with client_for(app, "communications") as comms:
        assert comms.get("/api/v1/brand").json()["name"] == "Tenderete"
        refused = comms.put(
            "/api/v1/brand",
            content=DEMO_YAML.replace("cercano", "lejano"),
            headers={"Content-Type": "application/yaml"},
        )
        assert refused.status_code == 403
    assert client.get("/api/v1/brand").json()["version"] == 1


def test_the_demo_voice_loads_once_and_never_replaces_an_edited_one(app: Rumbo):
    assert load_brand_voice(app, SYSTEM) is True
    assert load_brand_voice(app, SYSTEM) is False
    edited = demo_voice().model_copy(update={"name": "Tenderete Sur"})
    from rumbo.drafting.brand.actions import save_voice

    with app.unit_of_work(SYSTEM) as ctx:
        save_voice(ctx, edited)
    assert load_brand_voice(app, SYSTEM) is False
    with app.reading() as session:
        voice = current_voice(session)
    assert voice is not None
    assert voice.name == "Tenderete Sur"


def test_cli_validates_imports_shows_and_exports(database_url: str, tmp_path: Path):
    env = {"RUMBO_DATABASE_URL": database_url}
    good = tmp_path / "voz.yaml"
    good.write_text(DEMO_YAML, encoding="utf-8")
    bad = tmp_path / "rota.yaml"
    bad.write_text(BROKEN, encoding="utf-8")

    checked = runner.invoke(cli, ["brand", "validate", str(bad)], env=env)
    assert checked.exit_code == 2
    assert said("line 5", checked.stderr)
    assert said("register.AR.default", checked.stderr)
    refused = runner.invoke(cli, ["brand", "import", str(bad)], env=env)
    assert refused.exit_code == 2
    empty = runner.invoke(cli, ["brand", "show"], env=env)
    assert empty.exit_code == 2
    assert said("no brand voice", empty.stderr)

    assert runner.invoke(cli, ["brand", "validate", str(good)], env=env).exit_code == 0
    imported = runner.invoke(cli, ["brand", "import", str(good), "--json"], env=env)
    assert imported.exit_code == 0, imported.output
    assert '"version": 1' in imported.stdout
    shown = runner.invoke(cli, ["brand", "show"], env=env)
    assert "AR: default=vos" in shown.stdout
    exported = runner.invoke(cli, ["brand", "export"], env=env)
    assert yaml.safe_load(exported.stdout) == yaml.safe_load(DEMO_YAML)


def test_the_voice_is_served_as_yaml_when_asked(client):
    client.put("/api/v1/brand", content=DEMO_YAML, headers={"Content-Type": "application/yaml"})
    as_yaml = client.get("/api/v1/brand", headers={"Accept": "application/yaml"})
    assert as_yaml.headers["content-type"].startswith("application/yaml")
    assert load_voice(as_yaml.text) == demo_voice()
    assert client.get("/api/v1/brand").json()["voice"]["name"] == "Tenderete"
