"""Ingestion: idempotent storage, per-event reasons, CRM links, counters, and crash safety."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from rumbo.app import Rumbo
from rumbo.crm import actions as crm
from rumbo.crm.schemas import CompanyIn, ContactIn, HandleIn
from rumbo.listening.models import Mention, TermCount
from rumbo.listening.pipeline import ingest
from tests.conftest import SYSTEM

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
CALM = (
    "me encanta el servicio",
    "gracias por la ayuda con mi cuenta",
    "cuando llega mi pedido",
    "buen producto, lo recomiendo",
    "la app funciona bien",
    "great support, thanks",
)
OUTAGE = "sin servicio desde hace una hora, caida total de la plataforma #caida"


def stream(
    calm: int, *, burst_at: int | None = None, burst: int = 0, step: int = 20, seed: int = 1
) -> list[dict[str, Any]]:
    """Ordinary events every ``step`` s, with ``burst`` outage posts from index ``burst_at``."""
    rng = random.Random(seed)
    events: list[dict[str, Any]] = []
    for i in range(calm + burst):
        in_burst = burst_at is not None and burst_at <= i < burst_at + burst
        events.append(
            {
                "id": f"e{i}",
                "created_at": (START + dt.timedelta(seconds=i * step)).isoformat(),
                "author": f"user{i % 300}",
                "author_followers": rng.randint(0, 900),
                "text": OUTAGE if in_burst else rng.choice(CALM),
            }
        )
    return events


def stored(app: Rumbo) -> int:
    with app.reading() as session:
        return session.scalar(select(func.count()).select_from(Mention)) or 0


def test_events_are_stored_once_and_bad_ones_get_a_reason(app: Rumbo):
    events = stream(50)
    events[3] = {**events[3], "created_at": "2026-03-02 10:00"}  # no time zone
    events[7] = {"id": "x", "created_at": events[7]["created_at"]}  # no text
    events.append(["not", "an", "object"])
    events.append({**events[0]})  # the same event twice in one batch

    report = ingest(app, SYSTEM, events, default_source="import")
    assert (report.received, report.accepted, report.duplicates) == (52, 48, 1)
    reasons = {(r.index, r.field) for r in report.rejected}
    assert reasons == {(3, "created_at"), (7, "text"), (50, "event")}
    assert "time zone" in next(r.reason for r in report.rejected if r.index == 3)

    again = ingest(app, SYSTEM, events, default_source="import")
    assert (again.accepted, again.duplicates) == (0, 49)
    assert stored(app) == 48
    with app.reading() as session:
        mention = session.scalars(select(Mention).where(Mention.external_id == "e0")).one()
    assert mention.created_at.tzinfo is not None
    assert mention.language in {"es", "en"}
    assert mention.sentiment in {"negative", "neutral", "positive"}


def test_every_field_is_stored_as_sent_whatever_characters_it_holds(app: Rumbo):
    # PostgreSQL receives a batch as one array per column: quoting, braces, backslashes, the
    # word NULL and missing values must come back exactly as they went in.
    texts = [
        'comillas "dobles", llaves {a,b} y barra \\ invertida',
        "NULL",
        "¿Dónde está mi pedido? 😡🔥 ñandú",
        "a'b''c; DROP TABLE mentions; --",
    ]
    events: list[dict[str, Any]] = [
        {
            "id": f"raro-{i}",
            "created_at": (START + dt.timedelta(minutes=i)).isoformat(),
            "text": text,
            "author": '@{"x"}' if i == 0 else None,
            "url": "https://example.com/p?q=1&r={2}" if i == 1 else None,
            "author_followers": 10**9 if i == 2 else None,
        }
        for i, text in enumerate(texts)
    ]
    report = ingest(app, SYSTEM, events, default_source="rare")
    assert (report.accepted, report.rejected) == (4, [])
    with app.reading() as session:
        rows = {m.external_id: m for m in session.scalars(select(Mention))}
    assert [rows[f"raro-{i}"].text for i in range(4)] == texts
    assert (rows["raro-0"].author, rows["raro-1"].author) == ('{"x"}', None)  # @ dropped
    assert (rows["raro-1"].url, rows["raro-0"].url) == ("https://example.com/p?q=1&r={2}", None)
    assert rows["raro-2"].author_audience == 10**9
    assert all(isinstance(m.terms, list) for m in rows.values())
    assert rows["raro-0"].created_at == START


def test_mentions_link_to_crm_contacts_by_handle_or_email(app: Rumbo):
    with app.unit_of_work(SYSTEM) as ctx:
        company = crm.create_company(ctx, CompanyIn(name="Tienda Sol", arr=120000))
        by_handle = crm.create_contact(
            ctx,
            ContactIn(
                name="Ana", company_id=company.id, handles=[HandleIn(network="x", handle="AnaSol")]
            ),
        )
        by_email = crm.create_contact(ctx, ContactIn(name="Beto", emails=["beto@example.com"]))
        ids = (company.id, by_handle.id, by_email.id)
    events = [
        {"id": 1, "created_at": START.isoformat(), "author": "@anasol", "text": "hola"},
        {"id": 2, "created_at": START.isoformat(), "email": "Beto@Example.com", "text": "hola"},
        {"id": 3, "created_at": START.isoformat(), "author": "nadie", "text": "hola"},
    ]
    ingest(app, SYSTEM, events, default_source="x")
    with app.reading() as session:
        rows = {
            m.external_id: (m.contact_id, m.company_id)
            for m in session.scalars(select(Mention).order_by(Mention.id))
        }
    assert rows == {"1": (ids[1], ids[0]), "2": (ids[2], None), "3": (None, None)}


def test_term_counters_count_each_new_mention_once(app: Rumbo):
    events = stream(120, burst_at=100, burst=20)
    ingest(app, SYSTEM, events[:70], default_source="import", batch_size=25)
    ingest(app, SYSTEM, events, default_source="import", batch_size=40)  # overlaps the first
    with app.reading() as session:
        expected: Counter[str] = Counter()
        for terms, topic in session.execute(select(Mention.terms, Mention.topic)):
            expected.update(set(terms) | ({f"topic:{topic}"} if topic else set()))
        query = select(TermCount.term, func.sum(TermCount.mentions)).group_by(TermCount.term)
        counted = {term: int(total) for term, total in session.execute(query)}
    assert stored(app) == 140
    assert expected["caida"] == 20
    assert counted == dict(expected)


def test_an_import_killed_mid_batch_loses_and_duplicates_nothing(
    tmp_path: Path, sqlite_template: Path
):
    """SIGKILL while importing, then import again: every valid event exactly once."""
    events = stream(3_500, burst_at=2_500, burst=300, step=5)
    events[500] = {"id": "bad", "created_at": "yesterday", "text": "x"}
    path = tmp_path / "stream.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in events), encoding="utf-8")
    db = tmp_path / "kill.db"
    shutil.copyfile(sqlite_template, db)  # already migrated: the kill lands in the import
    env = {**os.environ, "RUMBO_DATABASE_URL": f"sqlite:///{db}", "RUMBO_LOAD_PLUGINS": "false"}
    command = [sys.executable, "-m", "rumbo", "listen", "import", str(path), "--batch", "300"]

    from rumbo.db import make_engine

    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    engine = make_engine(f"sqlite:///{db}")
    partial = 0
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.05)
            with engine.connect() as conn:
                partial = conn.exec_driver_sql("SELECT count(*) FROM mentions").scalar() or 0
            if partial >= 600:
                break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        if partial < 600:
            pytest.fail(f"the import did not get going: {process.stderr.read()!r}")  # type: ignore[union-attr]
        with engine.connect() as conn:
            after_kill = conn.exec_driver_sql("SELECT count(*) FROM mentions").scalar() or 0
        assert 0 < after_kill < len(events) - 1, "the kill came after the import finished"
        assert after_kill % 300 in {0, 299}, "a batch was half stored"  # 299: the bad event's batch

        rerun = subprocess.run(
            [*command, "--json"], env=env, capture_output=True, text=True, timeout=120
        )
        assert rerun.returncode == 0, rerun.stderr
        report = json.loads(rerun.stdout)
        with engine.connect() as conn:
            total, distinct = conn.exec_driver_sql(
                "SELECT count(*), count(DISTINCT external_id) FROM mentions"
            ).one()
            counted = conn.exec_driver_sql(
                "SELECT sum(mentions) FROM mention_term_counts WHERE term = 'caida'"
            ).scalar()
    finally:
        engine.dispose()
        if process.poll() is None:
            process.kill()
    assert total == distinct == len(events) - 1
    assert report["accepted"] + report["duplicates"] == len(events) - 1
    assert report["duplicates"] >= after_kill
    assert [r["index"] for r in report["rejected"]] == [500]
    assert counted == 300
