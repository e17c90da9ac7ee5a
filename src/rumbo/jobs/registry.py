"""``app.jobs``: register job functions by name, enqueue them, run them (once per key)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from rumbo.errors import ValidationFailed

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Context

JobFunction = Callable[["Context", dict[str, Any]], None]
MAX_KEY_LENGTH = 200


class JobBackend(Protocol):
    """Where queued jobs wait, and how workers take them."""

    def enqueue(
        self, name: str, payload: dict[str, Any], key: str | None, at: dt.datetime | None
    ) -> None: ...

    def work(self, *, until_empty: bool, concurrency: int) -> int:
        """Run jobs (all that are due, or until stopped); return how many were run."""

    def pending(self) -> int:
        """Jobs waiting, due now or later."""

    def stop(self) -> None: ...

    def close(self) -> None: ...


class AlreadyDone(Exception):
    """The job's key is in the effects table: its effect already happened."""


class Jobs:
    """The application's background work. Job functions receive a unit of work and the payload."""

    def __init__(self, app: Rumbo) -> None:
        self.app = app
        self.functions: dict[str, JobFunction] = {}
        self.periodic: dict[str, int] = {}
        self._last_tick: dict[str, int] = {}
        self._backend: JobBackend | None = None
        self._background: threading.Thread | None = None
        self._backend_lock = threading.Lock()

    def register(self, name: str, function: JobFunction) -> JobFunction:
        """Make ``function`` runnable as job ``name`` (in this process and in workers)."""
        if name in self.functions and self.functions[name] is not function:
            raise ValueError(f"a job named {name!r} is already registered")
        self.functions[name] = function
        return function

    def job(self, name: str) -> Callable[[JobFunction], JobFunction]:
        """Decorator form of :meth:`register`."""
        return lambda function: self.register(name, function)

    def every(self, name: str, seconds: int) -> None:
        """Run the registered job ``name`` every ``seconds``, once per period however many
        processes schedule it: each period's run carries the key ``every:NAME:START``."""
        if name not in self.functions:
            raise ValueError(f"register the job {name!r} before scheduling it")
        if seconds < 1:
            raise ValueError("a period is at least one second")
        self.periodic[name] = seconds

    def enqueue_due(self, now: dt.datetime | None = None) -> int:
        """Queue the periodic jobs whose period started since this process last queued them."""
        moment = int((now or dt.datetime.now(dt.UTC)).timestamp())
        queued = 0
        for name, seconds in self.periodic.items():
            start = moment - moment % seconds
            if self._last_tick.get(name) != start:
                self.enqueue(name, {"period_start": start}, key=f"every:{name}:{start}")
                self._last_tick[name] = start
                queued += 1
        return queued

    @property
    def backend(self) -> JobBackend:
        with self._backend_lock:  # a worker thread and a request may both ask first
            return self._make_backend()

    def _make_backend(self) -> JobBackend:
        if self._backend is None:
            if self.app.settings.is_sqlite:
                from rumbo.jobs.huey_backend import HueyBackend

                self._backend = HueyBackend(self)
            else:
                from rumbo.jobs.pg_backend import ProcrastinateBackend

                self._backend = ProcrastinateBackend(self)
        return self._backend

    def enqueue(
        self,
        name: str,
        payload: dict[str, Any] | None = None,
        *,
        key: str | None = None,
        at: dt.datetime | None = None,
    ) -> None:
        """Queue job ``name``; with ``key``, its effect happens once however often it runs."""
        if name not in self.functions:
            raise ValidationFailed(f"No job is registered as {name!r}.", fields={"name": name})
        data = payload or {}
        try:
            json.dumps(data)
        except (TypeError, ValueError) as exc:
            raise ValidationFailed(
                f"The payload must be JSON: {exc}", fields={"payload": "not JSON"}
            ) from None
        if key is not None and not 0 < len(key) <= MAX_KEY_LENGTH:
            raise ValidationFailed(
                f"The key must have 1 to {MAX_KEY_LENGTH} characters.", fields={"key": key[:40]}
            )
        if at is not None and at.tzinfo is None:
            raise ValidationFailed("The time must carry a time zone.", fields={"at": str(at)})
        self.backend.enqueue(name, data, key, at)

    def execute(self, name: str, payload: dict[str, Any], key: str | None) -> bool:
        """Run one job now, in one transaction; False when its key shows it already ran."""
        from sqlalchemy.exc import IntegrityError

        from rumbo.context import Actor
        from rumbo.jobs.models import JobEffect

        function = self.functions.get(name)
        if function is None:
            raise LookupError(f"no job registered as {name!r} in this process")
        try:
            with self.app.unit_of_work(Actor.system(f"job:{name}")) as ctx:
                if key is not None:
                    if ctx.session.get(JobEffect, key) is not None:
                        raise AlreadyDone(key)
                    ctx.session.add(JobEffect(key=key, job=name))
                    try:
                        # Claims the key now: a concurrent run of the same key waits here and
                        # then fails, so only one of them performs the effect.
                        ctx.session.flush()
                    except IntegrityError:
                        raise AlreadyDone(key) from None
                function(ctx, payload)
        except AlreadyDone:
            return False
        return True

    def work(self, *, until_empty: bool = False, concurrency: int = 1) -> int:
        """Run queued jobs in this process: all that are due (``until_empty``), or until stopped."""
        from rumbo.db import import_all_models

        # A worker process may run any domain's job: every table must be known to the ORM.
        import_all_models()
        return self.backend.work(until_empty=until_empty, concurrency=concurrency)

    def pending(self) -> int:
        return self.backend.pending()

    def start_background(self) -> None:
        """Run jobs in a thread of this process (one machine, SQLite), until :meth:`stop`."""
        if self._background is not None and self._background.is_alive():
            return
        _ = self.backend  # created here, so the thread and this process share one
        self._background = threading.Thread(
            target=self.work, name="rumbo-jobs", kwargs={"until_empty": False}, daemon=True
        )
        self._background.start()

    def stop(self) -> None:
        if self._backend is not None:
            self._backend.stop()
        if self._background is not None:
            self._background.join(timeout=30)
            self._background = None

    def close(self) -> None:
        self.stop()
        if self._backend is not None:
            self._backend.close()
            self._backend = None
