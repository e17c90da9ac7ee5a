"""The application object: settings, store, registries and event bus, built by one factory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from rumbo.context import Actor, Context, unit_of_work
from rumbo.db import make_engine
from rumbo.events import EventBus
from rumbo.jobs.registry import Jobs
from rumbo.plugins import PluginRegistry
from rumbo.settings import Settings, load_settings

if TYPE_CHECKING:
    from fastapi import FastAPI


class Rumbo:
    """One running Rumbo: everything an interface needs, and nothing global."""

    def __init__(self, settings: Settings, *, engine: Engine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url, echo=settings.sql_echo)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)
        self.events = EventBus()
        self.plugins = PluginRegistry()
        self.jobs = Jobs(self)
        self.plugins.load_entry_points(third_party=settings.load_plugins)
        # Article changes reach the search passages through the article events.
        from rumbo.knowledge.indexing import attach

        attach(self)
        # New tickets join the listening stream as they are opened, so a spike of complaints
        # raises its alert within the request that stored the last one.
        from rumbo.listening.sources import tickets as ticket_stream

        ticket_stream.attach(self)
        # Domain jobs are runnable in every process; the periodic ones are scheduled only by the
        # processes that run work (``rumbo serve`` on one machine, ``rumbo worker``).
        from rumbo.crisis.jobs import register_jobs

        register_jobs(self)

    def schedule_periodic_jobs(self) -> None:
        from rumbo.crisis.jobs import REMIND

        self.jobs.every(REMIND, 300)  # overdue playbook tasks are flagged within 5 minutes

    @contextmanager
    def unit_of_work(self, actor: Actor) -> Iterator[Context]:
        """A transaction for actions; it commits once when the block ends without error."""
        with unit_of_work(self, actor) as ctx:
            yield ctx

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session for queries; it never commits.

        Closing (not rolling back) keeps loaded objects readable after the block, detached.
        """
        session = self.sessionmaker()
        try:
            yield session
        finally:
            session.close()

    def asgi(self) -> FastAPI:
        """The web application (API and pages) for this Rumbo."""
        from rumbo.web.asgi import build_asgi

        return build_asgi(self)

    def dispose(self) -> None:
        from rumbo.knowledge.indexing import stop_filler

        stop_filler(self)
        self.jobs.close()
        self.engine.dispose()


def create_app(settings: Settings | None = None) -> Rumbo:
    """Build a Rumbo from ``settings`` (read from the environment when not given)."""
    return Rumbo(settings or load_settings())
