"""Alembic environment. Run through ``rumbo.storage`` (``rumbo init``), which passes the engine."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from rumbo.db import Base, UTCDateTime, import_all_models

import_all_models()
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not depend on Rumbo's Python types: store UTCDateTime as a plain column.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through rumbo.storage, which provides a connection")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
