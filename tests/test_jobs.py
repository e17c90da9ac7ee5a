"""Background jobs: a durable queue, idempotent effects, and workers that share the queue."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.audit.models import AuditEntry
from rumbo.cli.main import cli
from rumbo.context import Context
from rumbo.errors import ValidationFailed
from rumbo.settings import Settings

COUNTED = "tests.counted"


def counted(ctx: Context, payload: dict[str, Any]) -> None:
    """The effect: one audit entry per run, naming the process that ran it."""
    if payload.get("sleep"):
        time.sleep(float(payload["sleep"]))
    ident = payload.get("n", payload.get("period_start"))
    ctx.record("job.counted", "job", ident, after={"pid": os.getpid(), **payload})


def effects(app: Rumbo) -> list[dict[str, Any]]:
    with app.reading() as session:
        rows = session.scalars(select(AuditEntry).where(AuditEntry.action == "job.counted"))
        return [row.after or {} for row in rows]


def with_jobs(settings: Settings) -> Rumbo:
    app = Rumbo(settings)
    app.jobs.register(COUNTED, counted)
    return app


def test_sqlite_queue_survives_a_restart_and_keys_make_effects_happen_once(
    sqlite_template: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.copyfile(sqlite_template, tmp_path / "rumbo.db")
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'rumbo.db'}", secret_key="k" * 32)
    first = with_jobs(settings)
    for n in range(5):
        first.jobs.enqueue(COUNTED, {"n": n}, key=f"counted:{n}")
    first.jobs.enqueue(COUNTED, {"n": 0}, key="counted:0")  # the same send, queued twice
    first.jobs.enqueue(COUNTED, {"n": 99})  # no key: runs every time it is queued
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1.5)
    first.jobs.enqueue(COUNTED, {"n": 7}, key="counted:7", at=later)
    assert first.jobs.pending() == 8
    assert (tmp_path / "rumbo-jobs.db").exists()
    first.dispose()  # the process ends without running anything

    second = with_jobs(settings)
    try:
        assert second.jobs.pending() == 8
        assert second.jobs.work(until_empty=True) == 7  # 6 due + the duplicate; 7 waits
        assert sorted(e["n"] for e in effects(second)) == [0, 1, 2, 3, 4, 99]
        time.sleep(max(0.0, (later - dt.datetime.now(dt.UTC)).total_seconds()) + 0.1)
        assert second.jobs.work(until_empty=True) == 1
        assert sorted(e["n"] for e in effects(second)) == [0, 1, 2, 3, 4, 7, 99]
        # A retry after a crash (same key, run again) never repeats the effect.
        assert second.jobs.execute(COUNTED, {"n": 3}, "counted:3") is False
        assert second.jobs.execute(COUNTED, {"n": 98}, None) is True
        assert second.jobs.pending() == 0
    finally:
        second.dispose()


def test_enqueue_refuses_bad_requests_and_a_failed_effect_leaves_no_trace(app: Rumbo) -> None:
    app.jobs.register(COUNTED, counted)
    with pytest.raises(ValidationFailed, match="No job"):
        app.jobs.enqueue("tests.unknown", {})
    with pytest.raises(ValidationFailed, match="JSON"):
        app.jobs.enqueue(COUNTED, {"n": object()})
    with pytest.raises(ValidationFailed, match="time zone"):
        app.jobs.enqueue(COUNTED, {"n": 1}, at=dt.datetime(2030, 1, 1))  # noqa: DTZ001
    with pytest.raises(ValidationFailed, match="key"):
        app.jobs.enqueue(COUNTED, {"n": 1}, key="")

    def fails(ctx: Context, payload: dict[str, Any]) -> None:
        counted(ctx, payload)
        raise RuntimeError("the mail server hung up")

    app.jobs.register("tests.fails", fails)
    with pytest.raises(RuntimeError):
        app.jobs.execute("tests.fails", {"n": 1}, "fails:1")
    # Neither the effect nor its key was kept: the retry will do it for real.
    assert effects(app) == []
    assert app.jobs.execute(COUNTED, {"n": 1}, "fails:1") is True
    assert [e["n"] for e in effects(app)] == [1]


WORKER = """
import sys, time
from pathlib import Path
from rumbo.settings import Settings
from tests.test_jobs import with_jobs
app = with_jobs(Settings(database_url=sys.argv[1], secret_key="k" * 32))
app.jobs.pending()  # connects, creates the queue's schema when missing
Path(sys.argv[2]).touch()
while not Path(sys.argv[3]).exists():
    time.sleep(0.05)
print(app.jobs.work(until_empty=True))
app.dispose()
"""


@pytest.mark.postgres
def test_two_postgres_workers_share_the_queue_and_do_each_job_once(
    settings: Settings, tmp_path: Path
) -> None:
    if settings.is_sqlite:
        pytest.skip("the shared queue is PostgreSQL's")
    app = with_jobs(settings)
    try:
        jobs = 30
        for n in range(jobs):
            app.jobs.enqueue(COUNTED, {"n": n, "sleep": 0.05}, key=f"counted:{n}")
        for n in range(0, jobs, 3):  # a third of them queued again, as a retry would
            app.jobs.enqueue(COUNTED, {"n": n, "sleep": 0.05}, key=f"counted:{n}")
        assert app.jobs.pending() == jobs + jobs // 3

        go = tmp_path / "go"
        workers = []
        for index in range(2):
            ready = tmp_path / f"ready{index}"
            command = [sys.executable, "-c", WORKER, settings.database_url, str(ready), str(go)]
            workers.append((ready, subprocess.Popen(command, stdout=subprocess.PIPE, text=True)))
        deadline = time.monotonic() + 40
        while not all(ready.exists() for ready, _ in workers):
            assert time.monotonic() < deadline, "workers did not start"
            assert all(proc.poll() is None for _, proc in workers)
            time.sleep(0.05)
        go.touch()
        ran = [int(proc.communicate(timeout=60)[0].strip()) for _, proc in workers]
        assert all(proc.returncode == 0 for _, proc in workers)

        done = effects(app)
        assert sorted(e["n"] for e in done) == list(range(jobs))  # each effect exactly once
        assert sum(ran) == jobs + jobs // 3  # every queued job was taken by exactly one worker
        assert all(count > 0 for count in ran), ran  # both workers took a share
        assert len({e["pid"] for e in done}) == 2
        assert app.jobs.pending() == 0
    finally:
        app.dispose()


def test_worker_command_runs_the_due_jobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["worker", "--until-empty", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"backend": "sqlite", "ran": 0, "pending": 0}
    assert (tmp_path / "rumbo-jobs.db").exists()


def test_periodic_work_runs_once_per_period_however_many_processes_schedule_it(
    settings: Settings,
) -> None:
    first, second = with_jobs(settings), with_jobs(settings)
    try:
        for app in (first, second):
            app.jobs.every(COUNTED, 60)
        moment = dt.datetime(2030, 5, 1, 12, 0, 30, tzinfo=dt.UTC)
        # Two schedulers (two workers, two machines) see the same period start.
        assert first.jobs.enqueue_due(moment) == 1
        assert second.jobs.enqueue_due(moment) == 1
        assert first.jobs.enqueue_due(moment + dt.timedelta(seconds=20)) == 0  # same period
        first.jobs.work(until_empty=True)
        second.jobs.work(until_empty=True)
        start = int(moment.timestamp()) // 60 * 60

        def runs_of(period_start: int) -> int:
            return sum(1 for e in effects(first) if e.get("period_start") == period_start)

        assert runs_of(start) == 1
        # The next period runs again, once.
        second.jobs.enqueue_due(moment + dt.timedelta(seconds=60))
        first.jobs.enqueue_due(moment + dt.timedelta(seconds=61))
        first.jobs.work(until_empty=True)
        second.jobs.work(until_empty=True)
        assert runs_of(start + 60) == 1
        assert runs_of(start) == 1
        with pytest.raises(ValueError, match="register"):
            first.jobs.every("tests.unknown", 60)
    finally:
        first.dispose()
        second.dispose()


def test_a_served_process_runs_queued_jobs_in_the_background(
    sqlite_template: Path, tmp_path: Path
) -> None:
    import shutil

    shutil.copyfile(sqlite_template, tmp_path / "rumbo.db")
    app = with_jobs(
        Settings(database_url=f"sqlite:///{tmp_path / 'rumbo.db'}", secret_key="k" * 32)
    )
    try:
        app.jobs.start_background()
        app.jobs.enqueue(COUNTED, {"n": 1}, key="bg:1")
        deadline = time.monotonic() + 20
        while not effects(app):
            assert time.monotonic() < deadline, "the background worker never ran the job"
            time.sleep(0.05)
        assert [e["n"] for e in effects(app)] == [1]
    finally:
        app.dispose()  # stops the worker thread
    assert app.jobs._background is None
