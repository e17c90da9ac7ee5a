"""The store: migrations match the models, datetimes stay aware, units of work are atomic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text

from rumbo import storage
from rumbo.app import Rumbo
from rumbo.audit.models import AuditEntry, DomainEvent
from rumbo.context import Actor
from rumbo.crm import actions
from rumbo.crm.schemas import CompanyIn
from rumbo.db import Base, import_all_models
from rumbo.errors import Conflict
from tests.conftest import SYSTEM


def test_migrations_produce_the_schema_of_the_models(app: Rumbo):
    import_all_models()
    with app.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
    assert storage.current_revision(app.engine) == storage.head_revision(app.engine)


def test_upgrading_twice_is_harmless(app: Rumbo):
    storage.upgrade(app.engine)
    storage.upgrade(app.engine)
    assert storage.current_revision(app.engine) == storage.head_revision(app.engine)


def test_sqlite_files_use_wal(app: Rumbo):
    if app.engine.dialect.name != "sqlite":
        pytest.skip("WAL is a SQLite setting")
    with app.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_sqlite_keeps_its_connection_between_units_of_work(app: Rumbo):
    # Closing the last connection to a WAL database checkpoints it: a full sync per request.
    if app.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite setting")
    with app.unit_of_work(SYSTEM) as ctx:
        first = ctx.session.connection().connection.dbapi_connection
    with app.unit_of_work(SYSTEM) as ctx:
        second = ctx.session.connection().connection.dbapi_connection
    assert first is second
    database = app.engine.url.database
    assert database is not None
    assert Path(database + "-wal").exists()


def test_datetimes_come_back_aware_in_utc(app: Rumbo):
    placed = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
    with app.unit_of_work(SYSTEM) as ctx:
        company = actions.create_company(ctx, CompanyIn(name="Tienda Sol"))
        company_id = company.id
    with app.reading() as session:
        entry = session.scalars(select(AuditEntry)).one()
        assert entry.at.tzinfo is not None
        assert entry.at.utcoffset() == dt.timedelta(0)
        from rumbo.crm.models import Order

        session.add(Order(number="1", total=1, placed_at=placed, company_id=company_id))
        session.flush()
        stored = session.scalars(select(Order)).one().placed_at
        assert stored == placed
        assert stored.utcoffset() == dt.timedelta(0)


def test_naive_datetimes_never_reach_the_database(app: Rumbo):
    from rumbo.crm.models import Order

    with app.reading() as session:
        session.add(Order(number="1", total=1, placed_at=dt.datetime(2026, 1, 1)))  # noqa: DTZ001
        with pytest.raises(Exception, match="naive datetime"):
            session.flush()


def test_a_failed_unit_of_work_leaves_no_change_no_audit_and_no_event(app: Rumbo):
    delivered: list[str] = []
    app.events.subscribe("*", lambda name, payload: delivered.append(name))
    with app.unit_of_work(SYSTEM) as ctx:
        actions.create_company(ctx, CompanyIn(name="Uno", external_id="1"))
    assert delivered == ["company.created"]

    def two_companies_the_second_a_duplicate() -> None:
        with app.unit_of_work(SYSTEM) as ctx:
            actions.create_company(ctx, CompanyIn(name="Dos", external_id="2"))
            actions.create_company(ctx, CompanyIn(name="Uno otra vez", external_id="1"))

    with pytest.raises(Conflict):
        two_companies_the_second_a_duplicate()
    assert delivered == ["company.created"]
    with app.reading() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) == 1
        assert session.scalar(select(func.count()).select_from(DomainEvent)) == 1


def test_event_payload_and_audit_name_the_actor(app: Rumbo):
    actor = Actor(label="operadora@example.com", role="admin", user_id=None)
    with app.unit_of_work(actor) as ctx:
        actions.create_company(ctx, CompanyIn(name="Café Andino", seats=3, price_per_user="10"))
    with app.reading() as session:
        entry = session.scalars(select(AuditEntry)).one()
        event = session.scalars(select(DomainEvent)).one()
    assert entry.actor_label == "operadora@example.com"
    assert entry.after is not None
    assert entry.after["arr"] == "360.00"
    assert event.name == "company.created"
    assert event.payload["name"] == "Café Andino"


def test_a_failing_subscriber_does_not_undo_the_change(app: Rumbo):
    def broken(name, payload):  # type: ignore[no-untyped-def]
        raise RuntimeError("subscriber bug")

    app.events.subscribe("company.created", broken)
    with app.unit_of_work(SYSTEM) as ctx:
        actions.create_company(ctx, CompanyIn(name="Sigue aquí"))
    with app.reading() as session:
        from rumbo.crm.models import Company

        assert session.scalar(select(func.count()).select_from(Company)) == 1


@pytest.mark.parametrize(
    ("condition", "index"),
    [
        ("contact_id = 7", "ix_mentions_contact_created"),
        ("contact_id = 7 AND created_at >= '2026-01-01'", "ix_mentions_contact_created"),
        ("company_id = 3", "ix_mentions_company_id"),
        ("topic = 'pagos'", "ix_mentions_topic"),
    ],
)
def test_one_customers_mentions_are_read_through_the_partial_indexes(
    app: Rumbo, condition: str, index: str
):
    # The indexes leave out mentions without a contact, company or topic (most of a social
    # stream, and work saved on every ingested row); an equality must still find them.
    if app.engine.dialect.name != "sqlite":
        pytest.skip("the plan is SQLite's (PostgreSQL's planner reads small tables whole)")
    with app.engine.connect() as conn:
        plan = " ".join(
            str(row[-1])
            for row in conn.exec_driver_sql(
                f"EXPLAIN QUERY PLAN SELECT id FROM mentions WHERE {condition}"
            )
        )
    assert index in plan
