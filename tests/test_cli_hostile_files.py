"""Hostile files through every command that reads one: a clear error or a report, never a crash,
and nothing already stored is lost.

Each command gets the same files: random bytes, UTF-16 and Latin-1 text, an empty file, a NUL
byte inside JSON, one 2 MB line, JSON nested 100,000 deep and a YAML "billion laughs". A command
may accept what it can read (reporting each bad row) or refuse the file naming the problem
(exit code 2, or 1 where that is its documented verdict); an unhandled exception fails the test.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from rumbo.accounts.models import User
from rumbo.cli.common import build_app
from rumbo.cli.main import cli

runner = CliRunner()

YAML_BOMB = (
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    + "name: *i\n"
)
FILES: dict[str, bytes] = {
    "random-bytes": bytes((i * 7919 + 13) % 256 for i in range(20_000)),
    "utf-16": '{"id": "1", "created_at": "2026-01-01T00:00:00Z", "text": "envío"}\n'.encode(
        "utf-16"
    ),
    "latin-1": "id,created_at,text\n1,2026-01-01T00:00:00Z,envío roto\n".encode("latin-1"),
    "empty": b"",
    "nul-in-json": b'{"id": "1", "created_at": "2026-01-01T00:00:00Z", "text": "a\x00b"}\n',
    "one-huge-line": b'{"id": "1", "text": "' + b"\xc3\xb1" * 1_000_000 + b'"}\n',
    "deep-json": b"[" * 100_000 + b"]" * 100_000 + b"\n",
    "yaml-bomb": YAML_BOMB.encode(),
}
# Each command with the file name ending it reads (so the content, not the name, is refused).
COMMANDS = [
    (["listen", "import", "{file}"], ".jsonl"),
    (["listen", "import", "{file}"], ".csv"),
    (["listen", "replay", "{file}", "--json"], ".jsonl"),
    (["import", "crm", "{file}"], ".csv"),
    (["playbook", "validate", "{file}"], ".yaml"),
    (["playbook", "import", "{file}"], ".yaml"),
    (["brand", "validate", "{file}"], ".yaml"),
    (["brand", "import", "{file}"], ".json"),
    (["surge", "group", "{file}"], ".jsonl"),
    (["eval", "sentiment", "{file}"], ".csv"),
    (["restore", "{file}", "--force"], ".db"),
    (["critic", "Hola Ana, ya lo revisamos.", "--facts", "{file}"], ".json"),
    (["draft", "respuesta a Ana por su pedido", "--context", "{file}"], ".json"),
    (["import", "crm", "{good}", "--mapping-file", "{file}"], ".json"),
    (["import", "crm", "{good}", "--mapping-file", "{file}"], ".toml"),
    (["surge", "reply", "1", "--body-file", "{file}"], ".txt"),
    (["eval", "critic", "{file}"], ".jsonl"),
    (["eval", "complaints", "{file}"], ".csv"),
    (["eval", "onsets", "{file}"], ".csv"),
    (["eval", "forecast", "{file}"], ".csv"),
    (["eval", "grouping", "{file}"], ".csv"),
]


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RUMBO_DATABASE_URL", raising=False)
    env = {"RUMBO_NEW_PASSWORD": "clave-larga-123"}
    added = runner.invoke(cli, ["user", "add", "ana@example.com"], env=env)
    assert added.exit_code == 0, added.output
    return tmp_path


@pytest.mark.parametrize(
    ("command", "suffix"), COMMANDS, ids=[f"{' '.join(c[:2])}{s}" for c, s in COMMANDS]
)
def test_a_hostile_file_is_refused_or_reported_and_nothing_stored_is_lost(
    workdir: Path, command: list[str], suffix: str
) -> None:
    good = workdir / "contactos.csv"
    good.write_text("name,email\nAna Ruiz,ana@ruiz.mx\n", encoding="utf-8")
    for name, content in FILES.items():
        path = workdir / f"{name}{suffix}"
        path.write_bytes(content)
        args = [
            part.replace("{file}", os.fspath(path)).replace("{good}", os.fspath(good))
            for part in command
        ]
        result = runner.invoke(cli, args)
        shown = (result.output + (result.stderr or ""))[:600]
        # Exit 1 is a command's own verdict (an import with rejected rows), never a crash.
        deliberate = result.exception is None or isinstance(result.exception, SystemExit)
        assert deliberate, (name, result.exit_code, repr(result.exception), shown)
        assert "Traceback" not in shown, (name, shown)
        if result.exit_code != 0:
            assert shown.strip(), (name, "refused without saying why")
    app = build_app()
    try:
        with app.reading() as session:
            assert session.scalars(select(User.email)).all() == ["ana@example.com"]
    finally:
        app.dispose()


def test_brackets_people_typed_are_printed_as_typed_never_as_styles(workdir: Path) -> None:
    """The terminal output uses Rich markup; text from files and the store must not: an
    unmatched "[/x]" used to crash the command, and "[nombre]" vanished as an unknown style."""
    draft = workdir / "borrador.txt"
    draft.write_text("Hola [nombre], tu pedido [/x] llegó.\n", encoding="utf-8")
    critic = runner.invoke(cli, ["critic", os.fspath(draft)])
    assert critic.exception is None or isinstance(critic.exception, SystemExit), critic.exception
    assert "[nombre]" in critic.output

    events = workdir / "eventos.jsonl"
    events.write_text('{"id": "[/x]", "text": ""}\n', encoding="utf-8")
    imported = runner.invoke(cli, ["listen", "import", os.fspath(events)])
    assert imported.exit_code == 0, imported.exception
    assert "evento 0 ([/x])" in imported.stderr

    voice = workdir / "voz.yaml"
    voice.write_text('name: "[/x] Marca [bold]"\nmarkets: [MX]\n', encoding="utf-8")
    checked = runner.invoke(cli, ["brand", "validate", os.fspath(voice)])
    assert checked.exit_code == 0, checked.exception
    assert "[/x] Marca [bold]" in checked.output

    missing = runner.invoke(cli, ["critic", "[/x] no existe.txt"])
    assert missing.exit_code == 2
    assert "[/x] no existe.txt" in missing.stderr
