"""The listening hot path compiled by mypyc: the same answers as its Python source, and never a
stale build in charge."""

from __future__ import annotations

import datetime as dt
import gc
import importlib.machinery
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.dialects import sqlite

from rumbo import _compiled
from rumbo.db import UTCDateTime
from rumbo.listening import hotpath
from rumbo.listening.pipeline import _collect_cycles_after
from tests.test_listen_ingest import stream

pytestmark = pytest.mark.xdist_group("compiled")


def run(code: str, *args: str, pure: bool) -> str:
    env = {k: v for k, v in os.environ.items() if k != "RUMBO_PURE_PYTHON"}
    if pure:
        env["RUMBO_PURE_PYTHON"] = "1"
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


WHERE = (
    "import importlib, json; from rumbo._compiled import COMPILED; "
    "print(json.dumps({n: importlib.import_module(n).__file__ for n in COMPILED}))"
)


def test_the_build_compiled_every_listed_module_and_it_is_what_runs():
    if os.environ.get("RUMBO_PURE_PYTHON") == "1":
        pytest.skip("installed with RUMBO_PURE_PYTHON=1: nothing was compiled")
    missing = [name for name in _compiled.COMPILED if not _compiled.built(name)]
    assert not missing, f"setup.py did not compile {missing} (is a C compiler installed?)"
    assert _compiled.stale() == []
    files = json.loads(run(WHERE, pure=False))
    assert all(not path.endswith(".py") for path in files.values()), files


def test_pure_python_asks_for_the_sources_of_every_compiled_module():
    files = json.loads(run(WHERE, pure=True))
    assert set(files) == set(_compiled.COMPILED)
    assert all(path.endswith(".py") for path in files.values()), files


def test_a_source_edited_after_the_build_is_stale(tmp_path: Path):
    name = "rumbo.listening.detect.counters"
    source = tmp_path / "rumbo" / "listening" / "detect" / "counters.py"
    source.parent.mkdir(parents=True)
    source.write_text("x = 1\n")
    compiled = source.with_suffix(importlib.machinery.EXTENSION_SUFFIXES[0])
    compiled.write_bytes(b"")
    os.utime(source, (1_000, 1_000))
    os.utime(compiled, (2_000, 2_000))
    assert _compiled.stale(tmp_path) == []
    os.utime(source, (3_000, 3_000))  # edited after the build
    assert _compiled.stale(tmp_path) == [name]
    compiled.unlink()  # never compiled: nothing to be stale
    assert _compiled.stale(tmp_path) == []


def test_compiled_and_python_replays_raise_the_same_alerts(tmp_path: Path):
    # A calm stream with an outage wave, an unknown term's burst and an influential complaint:
    # every part of the detector, the enricher, the parser and the batch loops takes part.
    events = stream(4000, burst_at=1500, burst=140, step=15)
    for event in events[2800:2890]:
        event["text"] = "la app borra mis facturas al sincronizar #borrado"
    events[3300] = {
        **events[3300],
        "author": "famosa",
        "author_followers": 250_000,
        "text": "Pésimo servicio, me cobraron dos veces y nadie responde. Exijo un reembolso",
    }
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps(e, ensure_ascii=False) for e in events) + "\n")
    replay = "from rumbo.cli.main import run; run()"
    args = ("listen", "replay", str(path), "--json")
    compiled = json.loads(run(replay, *args, pure=False))
    python = json.loads(run(replay, *args, pure=True))
    assert len(compiled) >= 1
    assert compiled == python
    # Alerts merge what fires while one is open: compare every signal and enrichment too.
    signals = (
        "import json, sys; from rumbo.listening.detect import Engine, Observation; "
        "from rumbo.listening.enrich import Enricher; "
        "from rumbo.listening.sources.parse import parse_event; "
        "enricher, engine, out = Enricher(), Engine(), []; "
        "drafts = [parse_event(json.loads(line), 'x') for line in open(sys.argv[1])]; "
        "drafts.sort(key=lambda d: d.created_at); "
        "enriched = enricher.enrich_many([d.text for d in drafts]); "
        "out.append([repr(e) for e in enriched]); "
        "out.append([repr(s) for d, e in zip(drafts, enriched) for s in engine.observe("
        "Observation(d.created_at, d.key, e.terms, e.topic, e.sentiment, e.complaint, "
        "d.audience, d.author))]); "
        "print(json.dumps(out))"
    )
    compiled = json.loads(run(signals, str(path), pure=False))
    python = json.loads(run(signals, str(path), pure=True))
    kinds = {s.split("kind=")[1].split(",")[0] for s in compiled[1]}
    assert {"'new_term'", "'negative_share'", "'influencer'"} <= kinds, kinds
    assert compiled == python


def test_sqlite_times_are_bound_as_sqlalchemy_binds_them():
    dialect = sqlite.dialect()
    bind = UTCDateTime().dialect_impl(dialect).bind_processor(dialect)
    assert bind is not None
    madrid = dt.timezone(dt.timedelta(hours=1))
    for moment in (
        dt.datetime(2026, 3, 1, 9, 5, 7, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 1, 0, 30, 0, 123456, tzinfo=madrid),  # the day before in UTC
        dt.datetime(999, 1, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
    ):
        assert hotpath.sqlite_utc(moment) == bind(moment)
    with pytest.raises(ValueError, match="naive"):
        hotpath.sqlite_utc(dt.datetime(2026, 3, 1, 9, 5, 7))  # noqa: DTZ001 - the point


def test_a_batch_pauses_cycle_collection_and_always_gives_it_back():
    assert gc.isenabled()
    with _collect_cycles_after():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), _collect_cycles_after():
        raise RuntimeError("the batch failed")
    assert gc.isenabled()
    gc.disable()  # someone else paused it: theirs to give back
    try:
        with _collect_cycles_after():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
