"""The docs keep up with the code, and the code stays lint- and type-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rumbo.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str):
    assert f"`RUMBO_{name.upper()}`" in README


def test_every_command_is_documented():
    from typer.main import get_command

    from rumbo.cli.main import cli

    group = get_command(cli)
    names = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subcommands = getattr(command, "commands", None)
        names += (
            [f"rumbo {name} {sub}" for sub in subcommands] if subcommands else [f"rumbo {name}"]
        )
    assert names
    for full in names:
        assert f"`{full}" in README, f"{full} is missing from README.md"


def _tool(name: str) -> str:
    path = Path(sys.executable).parent / name
    if not path.exists() and shutil.which(name) is None:
        pytest.skip(f"{name} is not installed")
    return str(path if path.exists() else shutil.which(name))


def test_ruff_is_clean():
    result = subprocess.run(
        [_tool("ruff"), "check", "src", "tests", "bench"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = subprocess.run([_tool("mypy")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
