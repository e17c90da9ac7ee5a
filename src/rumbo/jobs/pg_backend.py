"""Several machines: procrastinate's queue in PostgreSQL, shared by every ``rumbo worker``.

procrastinate's tables live in their own schema (``procrastinate``), beside Rumbo's, so the
migrations of Rumbo's own tables never see them. A job is taken by exactly one worker (row
locks), and a job deferred with a key's queueing lock is queued only once at a time.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import procrastinate

    from rumbo.jobs.registry import Jobs

SCHEMA = "procrastinate"
TASK_NAME = "rumbo.job"
RETRIES = 3
# Any constant shared by every Rumbo process: it serialises creating procrastinate's schema.
SCHEMA_LOCK = 0x52554D424F


def conninfo(jobs: Jobs) -> str:
    url = jobs.app.engine.url.set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def ensure_schema(jobs: Jobs) -> None:
    """Create procrastinate's tables on first use (once, even when workers start together)."""
    import psycopg
    from procrastinate.schema import SchemaManager

    with psycopg.connect(conninfo(jobs), autocommit=False) as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        found = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (SCHEMA,)).fetchone()
        if found is None:
            conn.execute(f"CREATE SCHEMA {SCHEMA}")
            conn.execute(f"SET LOCAL search_path TO {SCHEMA}")
            conn.execute(SchemaManager.get_schema())
        conn.commit()


class ProcrastinateBackend:
    def __init__(self, jobs: Jobs) -> None:
        from procrastinate import App, PsycopgConnector

        ensure_schema(jobs)
        self.jobs = jobs
        self.app: procrastinate.App = App(
            connector=PsycopgConnector(
                conninfo=conninfo(jobs), kwargs={"options": f"-c search_path={SCHEMA}"}
            )
        )

        self._ran = 0
        self._count_lock = threading.Lock()

        @self.app.task(name=TASK_NAME, retry=RETRIES)
        def run_job(name: str, payload: dict[str, Any], key: str | None) -> None:
            jobs.execute(name, payload, key)
            with self._count_lock:
                self._ran += 1

        self._task = run_job
        self._opened = False
        self._worker_stop: Any = None

    def _open(self) -> None:
        if not self._opened:
            self.app.open()
            self._opened = True

    def enqueue(
        self, name: str, payload: dict[str, Any], key: str | None, at: dt.datetime | None
    ) -> None:
        self._open()
        self._task.configure(schedule_at=at).defer(name=name, payload=payload, key=key)

    def work(self, *, until_empty: bool, concurrency: int) -> int:
        import asyncio

        from procrastinate import PsycopgConnector

        # The worker runs on its own event loop with its own (async) connections.
        worker_app = self.app.with_connector(
            PsycopgConnector(
                conninfo=conninfo(self.jobs), kwargs={"options": f"-c search_path={SCHEMA}"}
            )
        )
        before = self._ran

        async def schedule_periodic() -> None:
            # Every worker queues each period's run; its key lets only one of them perform it.
            while True:
                await asyncio.to_thread(self.jobs.enqueue_due)
                await asyncio.sleep(1.0)

        async def run() -> None:
            async with worker_app.open_async():
                scheduler = asyncio.create_task(schedule_periodic())
                try:
                    await worker_app.run_worker_async(
                        wait=not until_empty,
                        concurrency=max(1, concurrency),
                        install_signal_handlers=not until_empty,
                        listen_notify=not until_empty,
                        delete_jobs="successful",
                    )
                finally:
                    scheduler.cancel()

        asyncio.run(run())
        return self._ran - before

    def pending(self) -> int:
        import psycopg

        with psycopg.connect(conninfo(self.jobs)) as conn:
            row = conn.execute(
                f"SELECT count(*) FROM {SCHEMA}.procrastinate_jobs "  # noqa: S608 - constant
                "WHERE status IN ('todo', 'doing')"
            ).fetchone()
        return int(row[0]) if row else 0

    def stop(self) -> None:
        """Workers stop on SIGINT/SIGTERM (procrastinate's handlers)."""

    def close(self) -> None:
        if self._opened:
            self.app.close()
            self._opened = False
