"""Database plumbing shared by every domain: the declarative base, column types, engines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    MetaData,
    String,
    TypeDecorator,
    create_engine,
    event,
    inspect,
    select,
)
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import QueuePool

# Deterministic constraint names, so Alembic migrations match the models on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timezone-aware datetime stored in UTC.

    SQLite has no time zones and returns naive values; this type refuses naive input and always
    hands back aware UTC datetimes, so the rest of the code never meets a naive one.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Rumbo stores timezone-aware datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment: dt.datetime = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        dt.datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[Any]: JSON(),
        str: String(255),
    }


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


def refuse_nulls(model: type[Base], changes: Mapping[str, object]) -> None:
    """Refuse a patch that sets to null what a record must always have (a column that is not
    nullable, a list): a ``ValidationFailed`` naming each such field, before anything changes.

    A patch leaves out what it does not change, so an explicit null means "make it empty",
    which only some fields allow.
    """
    from rumbo.errors import ValidationFailed

    columns = inspect(model).columns
    bad = {
        name: "may not be null"
        for name, value in changes.items()
        if value is None and (name not in columns or not columns[name].nullable)
    }
    if bad:
        raise ValidationFailed(f"These fields may not be null: {', '.join(bad)}.", fields=bad)


def refuse_taken_external_id(
    session: Session, model: Any, noun: str, source: str, external_id: str | None
) -> None:
    """A record from outside is known by (source, external id), once: a second create with the
    same pair is a ``Conflict`` naming ``external_id`` (imports that may repeat use upserts)."""
    from rumbo.errors import Conflict

    if external_id and session.scalar(
        select(model.id).where(model.source == source, model.external_id == external_id)
    ):
        raise Conflict(
            f"A {noun} with external id {external_id} from {source} already exists.",
            fields={"external_id": "duplicate"},
        )


def make_engine(url: str, *, echo: bool = False) -> Engine:
    """Create the engine for ``url``; SQLite files get WAL mode and enforced foreign keys."""
    if url.startswith("sqlite"):
        in_memory = url in {"sqlite://", "sqlite:///:memory:"}
        # A file's connections stay open between units of work: closing the last connection to
        # a WAL database checkpoints and deletes the log, a full sync per request or ingested
        # batch. Overflow is unbounded (-1) so no thread ever waits on the pool. (An in-memory
        # database keeps SQLAlchemy's default: one connection, or the data would be gone.)
        pooling: dict[str, Any] = (
            {} if in_memory else {"poolclass": QueuePool, "pool_size": 5, "max_overflow": -1}
        )
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            **pooling,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    # Requests run in a pool of 40 threads and a request's session is committed by its
    # dependency's teardown, which needs a thread of its own: with fewer connections than
    # threads, 40 waiting requests could hold every thread while the teardowns that would free a
    # connection wait for one. 10 kept + 40 on demand stays above the thread count.
    return create_engine(
        url, echo=echo, pool_pre_ping=True, future=True, pool_size=10, max_overflow=40
    )


def import_all_models() -> None:
    """Import every domain's tables so ``Base.metadata`` is complete (migrations, tests)."""
    from rumbo.accounts import models as _accounts  # noqa: F401
    from rumbo.assistant import models as _assistant  # noqa: F401
    from rumbo.audit import models as _audit  # noqa: F401
    from rumbo.crisis import models as _crisis  # noqa: F401
    from rumbo.crm import models as _crm  # noqa: F401
    from rumbo.drafting import models as _drafting  # noqa: F401
    from rumbo.drafting.brand import models as _brand  # noqa: F401
    from rumbo.jobs import models as _jobs  # noqa: F401
    from rumbo.knowledge import models as _knowledge  # noqa: F401
    from rumbo.listening import models as _listening  # noqa: F401
    from rumbo.macros import models as _macros  # noqa: F401
    from rumbo.portal import models as _portal  # noqa: F401
    from rumbo.tickets import models as _tickets  # noqa: F401
    from rumbo.triage import models as _triage  # noqa: F401
