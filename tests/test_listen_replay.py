"""``rumbo listen replay``: a recorded stream, the real pipeline, a throwaway store, alerts out."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from rumbo.cli.main import cli
from tests.test_listen_ingest import stream


def write(path: Path, events: list[dict[str, object]]) -> Path:
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n")
    return path


def test_replay_prints_the_alerts_of_a_stream_in_event_time(tmp_path: Path, monkeypatch):
    # The working store must stay untouched: point it at a file and check it never appears.
    store = tmp_path / "real.db"
    monkeypatch.setenv("RUMBO_DATABASE_URL", f"sqlite:///{store}")
    events = stream(900, burst_at=700, burst=120, step=15)
    events.reverse()  # file order is not event order: the replay sorts
    events.append({"id": "bad", "created_at": "ayer", "text": "x"})
    path = write(tmp_path / "stream.jsonl", events)

    result = CliRunner().invoke(cli, ["listen", "replay", str(path), "--json"])
    assert result.exit_code == 0, result.output
    alerts = json.loads(result.stdout)
    assert len(alerts) >= 1
    first = alerts[0]
    assert set(first) == {"at", "terms", "severity", "explanation"}
    fired = dt.datetime.fromisoformat(first["at"].replace("Z", "+00:00"))
    assert first["at"].endswith("Z")
    wave = sorted(e["created_at"] for e in events if "caida" in str(e.get("text")))
    assert dt.datetime.fromisoformat(wave[0]) <= fired <= dt.datetime.fromisoformat(wave[-1])
    assert {"caida", "sin servicio"} & set(first["terms"])
    assert first["severity"] in {"low", "medium", "high", "critical"}
    assert first["explanation"]["samples"]
    assert not store.exists()


def test_a_calm_stream_raises_nothing_and_a_missing_file_is_an_error(tmp_path: Path):
    calm = write(tmp_path / "calm.jsonl", stream(900, step=15))
    result = CliRunner().invoke(cli, ["listen", "replay", str(calm), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []
    missing = CliRunner().invoke(cli, ["listen", "replay", str(tmp_path / "nada.jsonl")])
    assert missing.exit_code == 2
