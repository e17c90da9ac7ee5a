"""One settings object, secrets never shown; plugins registered through entry points."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest
from pydantic import ValidationError

from rumbo.plugins import Features, PluginRegistry
from rumbo.settings import Settings, load_settings, redact_url


def test_environment_wins_over_file_and_defaults(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rumbo.toml").write_text('port = 9000\ntimezone = "America/Bogota"\n')
    monkeypatch.setenv("RUMBO_PORT", "9100")
    settings = load_settings()
    assert settings.port == 9100
    assert settings.timezone == "America/Bogota"
    assert settings.database_url == "sqlite:///rumbo.db"


def test_unknown_and_bad_settings_name_the_field(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rumbo.toml").write_text("porta = 1\n")
    with pytest.raises(ValidationError, match="porta"):
        load_settings()
    (tmp_path / "rumbo.toml").write_text('default_language = "fr"\n')
    with pytest.raises(ValidationError, match="default_language"):
        load_settings()


def test_postgres_urls_get_the_driver_and_secrets_are_redacted():
    settings = Settings(database_url="postgres://rumbo:s3cret@db.local/rumbo", secret_key="k" * 32)
    assert settings.database_url == "postgresql+psycopg://rumbo:s3cret@db.local/rumbo"
    shown = settings.redacted()
    assert shown["database_url"] == "postgresql+psycopg://rumbo:***@db.local/rumbo"
    assert shown["secret_key"] == "***"
    assert "s3cret" not in repr(settings.redacted())
    assert "kkkk" not in repr(settings)
    assert redact_url("sqlite:///rumbo.db") == "sqlite:///rumbo.db"


class EchoBackend:
    features = Features(key="echo", title="Echo", default_config={"prefix": ">"})

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def complete(self, messages, **options):  # type: ignore[no-untyped-def]
        return self.prefix + messages[-1]["content"]


def test_registry_creates_configured_instances_and_refuses_clashes():
    registry = PluginRegistry()
    registry.llm_backends.register(EchoBackend.features, EchoBackend)
    backend = registry.llm_backends.create("echo")
    assert backend.complete([{"role": "user", "content": "hola"}]) == ">hola"
    assert (
        registry.llm_backends.create("echo", prefix="#").complete(
            [{"role": "user", "content": "x"}]
        )
        == "#x"
    )
    with pytest.raises(ValueError, match="already registered"):
        registry.llm_backends.register(EchoBackend.features, EchoBackend)
    with pytest.raises(KeyError, match="unknown LLM backend 'gpt'"):
        registry.llm_backends.create("gpt")


def test_a_factory_that_breaks_the_protocol_is_refused():
    registry = PluginRegistry()
    registry.notifiers.register(Features(key="bad", title="Bad"), lambda: object())
    with pytest.raises(TypeError, match="does not implement Notifier"):
        registry.notifiers.create("bad")


def test_builtins_and_third_party_plugins_load_through_the_entry_point_group(
    tmp_path: Path, monkeypatch
):
    # A real installed distribution on sys.path, as pip would leave it.
    package = tmp_path / "rumbo_pager"
    package.mkdir()
    (package / "__init__.py").write_text(
        textwrap.dedent("""
        from rumbo.plugins import Features

        class Pager:
            features = Features(key="pager", title="Pager", capabilities=frozenset({"notify"}))
            sent = []

            def notify(self, subject, body, recipients):
                Pager.sent.append((subject, tuple(recipients)))

        def register(registry):
            registry.notifiers.register(Pager.features, Pager)
    """)
    )
    dist = tmp_path / "rumbo_pager-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: rumbo-pager\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[rumbo.plugins]\npager = rumbo_pager:register\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    registry = PluginRegistry()
    registry.load_entry_points()
    assert {"builtin", "pager"} <= set(registry.loaded)
    assert "log" in registry.notifiers  # Rumbo's own, through the same group
    pager = registry.notifiers.create("pager")
    pager.notify("Caída", "El servicio no responde", ["guardia@example.com"])
    assert sys.modules["rumbo_pager"].Pager.sent == [("Caída", ("guardia@example.com",))]

    only_builtins = PluginRegistry()
    only_builtins.load_entry_points(third_party=False)
    assert "pager" not in only_builtins.notifiers
    assert "log" in only_builtins.notifiers
