"""One machine: a durable queue in a SQLite file through huey's SQLite storage.

Queued jobs are rows in that file, so a restart loses nothing queued. Workers are threads of the
process that serves Rumbo (or of ``rumbo worker``); huey's dequeue is one exclusive transaction,
so several of them never take the same job.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rumbo.jobs.registry import Jobs

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.2
TASK_NAME = "rumbo.job"
RETRIES = 3


def queue_path(jobs: Jobs) -> Path:
    """The queue file: configured, or beside the database (``rumbo.db`` → ``rumbo-jobs.db``)."""
    configured = jobs.app.settings.jobs_path
    if configured:
        return Path(configured)
    database = jobs.app.engine.url.database
    if not database or database == ":memory:":
        return Path("rumbo-jobs.db")
    db = Path(database)
    return db.with_name(db.stem + "-jobs.db")


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    # huey compares schedules as naive UTC timestamps (utc=True).
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


class HueyBackend:
    def __init__(self, jobs: Jobs) -> None:
        from huey import SqliteHuey

        self.jobs = jobs
        self.path = queue_path(jobs)
        self.huey = SqliteHuey(
            "rumbo", filename=str(self.path), results=False, utc=True, timeout=30
        )
        self._stopping = threading.Event()

        def run_job(name: str, payload: dict[str, Any], key: str | None) -> None:
            jobs.execute(name, payload, key)

        self._task: Any = self.huey.task(name=TASK_NAME, retries=RETRIES, retry_delay=5)(run_job)

    def enqueue(
        self, name: str, payload: dict[str, Any], key: str | None, at: dt.datetime | None
    ) -> None:
        if at is None:
            self._task(name, payload, key)
        else:
            self._task.schedule(args=(name, payload, key), eta=_naive_utc(at))

    def _move_due(self) -> None:
        for task in self.huey.read_schedule(_naive_utc(dt.datetime.now(dt.UTC))):
            self.huey.enqueue(task)

    def _run_one(self) -> bool | None:
        """True: a job ran; False: nothing due; None: a job was set aside for later."""
        self.jobs.enqueue_due()
        self._move_due()
        task = self.huey.dequeue()
        if task is None:
            return False
        if not self.huey.ready_to_run(task):
            self.huey.add_schedule(task)
            return None
        # Failures are logged by huey and come back on the schedule for a retry.
        self.huey.execute(task)
        return True

    def work(self, *, until_empty: bool, concurrency: int) -> int:
        counts = [0] * max(1, concurrency)

        def loop(slot: int) -> None:
            while not self._stopping.is_set():
                try:
                    ran = self._run_one()
                except Exception:
                    # A busy or briefly unreadable queue file must not end the worker.
                    logger.exception("The job queue could not be read; trying again.")
                    self._stopping.wait(POLL_SECONDS)
                    continue
                if ran:
                    counts[slot] += 1
                elif ran is None:
                    continue
                elif until_empty:
                    return
                else:
                    self._stopping.wait(POLL_SECONDS)

        threads = [
            threading.Thread(target=loop, args=(n,), name=f"rumbo-jobs-{n}", daemon=True)
            for n in range(1, len(counts))
        ]
        for thread in threads:
            thread.start()
        loop(0)
        for thread in threads:
            thread.join()
        return sum(counts)

    def pending(self) -> int:
        return int(self.huey.pending_count()) + int(self.huey.scheduled_count())

    def stop(self) -> None:
        self._stopping.set()

    def close(self) -> None:
        self.stop()
        self.huey.storage.close()
