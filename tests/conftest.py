"""Shared fixtures: a fresh database per test, on SQLite and (when reachable) PostgreSQL.

Every test that uses ``app`` runs once per backend. The schema is built once per backend with the
real migrations and copied for each test (a file copy on SQLite, ``CREATE DATABASE … TEMPLATE`` on
PostgreSQL), so tests are isolated and still fast.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rumbo import storage
from rumbo.accounts import actions as account_actions
from rumbo.accounts.schemas import UserCreate
from rumbo.app import Rumbo
from rumbo.context import Actor
from rumbo.db import make_engine
from rumbo.settings import Settings
from tests.servers import Inbox, smtp_inbox

PG_ADMIN_DSN = os.environ.get(
    "RUMBO_TEST_PG_DSN", "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
)
PG_URL_BASE = os.environ.get("RUMBO_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432")
_pg_skip_reason: str | None = None


def _pg_admin():  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(PG_ADMIN_DSN, autocommit=True, connect_timeout=3)


def _postgres_reachable() -> bool:
    global _pg_skip_reason
    if _pg_skip_reason is not None:
        return False
    try:
        with _pg_admin():
            return True
    except Exception as exc:
        _pg_skip_reason = f"PostgreSQL not reachable ({exc.__class__.__name__}): skipped"
        return False


def pytest_terminal_summary(terminalreporter, exitstatus, config):  # type: ignore[no-untyped-def]
    # Asked again here: under xdist the workers, not this process, ran the database fixtures.
    if not _postgres_reachable():
        terminalreporter.write_line(
            f"NOTE: {_pg_skip_reason}; the PostgreSQL half of the suite did not run.", yellow=True
        )
    else:
        terminalreporter.write_line("Database backends tested: SQLite and PostgreSQL.")


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    storage.upgrade(engine)
    with engine.connect() as conn:  # fold the WAL into the main file so a plain copy is complete
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    if not _postgres_reachable():
        pytest.skip(_pg_skip_reason or "PostgreSQL not reachable")
    name = f"rumbo_tmpl_{_worker()}_{os.getpid()}"
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    engine = make_engine(f"{PG_URL_BASE}/{name}")
    storage.upgrade(engine)
    engine.dispose()
    yield name
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A URL to a fresh, migrated database of each backend."""
    if request.param == "sqlite":
        target = tmp_path / "rumbo.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), target)
        yield f"sqlite:///{target}"
        return
    template = request.getfixturevalue("pg_template")
    name = f"rumbo_t_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield f"{PG_URL_BASE}/{name}"
    with _pg_admin() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SECRET_KEY = "test-secret-key-0123456789"


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(database_url=database_url, secret_key=SECRET_KEY)


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server on loopback that keeps every message sent to it."""
    with smtp_inbox() as box:
        yield box


def mail_settings(database_url: str, inbox: Inbox, mail_from: str, **extra: Any) -> Settings:
    """Settings whose mail travels over SMTP to ``inbox``."""
    return Settings(
        database_url=database_url,
        secret_key=SECRET_KEY,
        smtp_host="127.0.0.1",
        smtp_port=inbox.port,
        mail_from=mail_from,
        **extra,
    )


@pytest.fixture
def app(settings: Settings) -> Iterator[Rumbo]:
    rumbo = Rumbo(settings)
    yield rumbo
    rumbo.dispose()


SYSTEM = Actor.system("tests")


def make_user(app: Rumbo, email: str, role: str, password: str | None = "contraseña-segura") -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        user = account_actions.add_user(
            ctx,
            UserCreate(email=email, name=email.split("@")[0].title(), role=role, password=password),
        )
        return user.id


def make_token(app: Rumbo, user_id: int) -> str:
    with app.unit_of_work(SYSTEM) as ctx:
        _token, secret = account_actions.create_token(ctx, user_id, "tests")
        return secret


@pytest.fixture
def admin_token(app: Rumbo) -> str:
    # No password: hashing one costs ~0.2 s and API tests sign in with the token.
    return make_token(app, make_user(app, "admin@example.com", "admin", password=None))


@pytest.fixture
def client(app: Rumbo, admin_token: str):  # type: ignore[no-untyped-def]
    """An API client signed in as an admin through a bearer token."""
    from fastapi.testclient import TestClient

    with TestClient(app.asgi(), headers={"Authorization": f"Bearer {admin_token}"}) as tc:
        yield tc


@pytest.fixture
def anon(app: Rumbo):  # type: ignore[no-untyped-def]
    """A client with no credentials."""
    from fastapi.testclient import TestClient

    with TestClient(app.asgi()) as tc:
        yield tc


def client_for(app: Rumbo, role: str, email: str | None = None):  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    token = make_token(
        app, make_user(app, email or f"{role}-{uuid.uuid4().hex[:6]}@example.com", role)
    )
    return TestClient(app.asgi(), headers={"Authorization": f"Bearer {token}"})


def page_routes(app: Rumbo) -> list[tuple[str, set[str]]]:
    """(path, methods) of every plain route the application serves, through included routers
    and their prefixes: what the tests that must cover every page enumerate."""
    from starlette.routing import Route

    def walk(routes: list[Any], prefix: str) -> Iterator[tuple[str, set[str]]]:
        for route in routes:
            inner = getattr(route, "original_router", None)
            if inner is not None:
                yield from walk(inner.routes, prefix + route.include_context.prefix)
            elif isinstance(route, Route):
                yield prefix + route.path, set(route.methods or ())

    return list(walk(app.asgi().routes, ""))


@pytest.fixture
def sqlite_app(sqlite_template: Path, tmp_path: Path) -> Iterator[Rumbo]:
    """An app on SQLite alone, for what lives in the server's memory whatever the store."""
    target = tmp_path / "memory.db"
    shutil.copyfile(sqlite_template, target)
    rumbo = Rumbo(Settings(database_url=f"sqlite:///{target}", secret_key=SECRET_KEY))
    yield rumbo
    rumbo.dispose()


@pytest.fixture
def shipping(app: Rumbo) -> int:
    """One published Spanish article about shipping times, indexed for search; its id."""
    from rumbo.knowledge import actions as knowledge_actions
    from rumbo.knowledge.indexing import reindex_all
    from tests.test_help_center import SHIPPING_ES

    with app.unit_of_work(SYSTEM) as ctx:
        article_id = knowledge_actions.create_article(ctx, SHIPPING_ES).id
        reindex_all(ctx.session)
    return article_id


def questions_asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The questions the sentence models will be asked from now on (and still answer)."""
    from rumbo.knowledge.search import embeddings

    asked: list[str] = []
    pair = embeddings.default_embedder()
    real_query = pair.query

    def counted(text: str) -> Any:
        asked.append(text)
        return real_query(text)

    monkeypatch.setattr(pair, "query", counted)
    return asked
