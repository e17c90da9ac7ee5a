"""PostgreSQL backups with ``pg_dump``/``pg_restore`` (custom format, one consistent snapshot).

Connection details go to the tools through libpq's environment variables, so the password never
appears in a process list.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from rumbo.errors import RumboError, ValidationFailed


class ToolFailed(RumboError):
    code = "tool_failed"
    status_code = 500


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise ValidationFailed(
            f"{name} is not installed; install the PostgreSQL client tools "
            "(Debian: apt-get install postgresql-client).",
            fields={"tool": name},
        )
    return found


def _libpq_env(engine: Engine) -> dict[str, str]:
    url = engine.url
    env = dict(os.environ)
    values = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    for key, value in values.items():
        if value:
            env[key] = str(value)
    return env


def _run(args: list[str], engine: Engine) -> None:
    done = subprocess.run(  # noqa: S603 - fixed tool, arguments built here
        args, env=_libpq_env(engine), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()
        raise ToolFailed(
            f"{Path(args[0]).name} failed: {message[-1] if message else done.returncode}",
            fields={"tool": Path(args[0]).name},
        )


def dump(engine: Engine, target: Path) -> None:
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    _run(
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", "-f", str(partial)],
        engine,
    )
    os.replace(partial, target)


def restore(engine: Engine, source: Path) -> None:
    # Empty the schema first: pg_restore then rebuilds tables, indexes, extensions and data.
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        # The job queue's own schema comes back from the backup too.
        conn.execute(text("DROP SCHEMA IF EXISTS procrastinate CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _run(
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            "-d",
            engine.url.database or "",
            str(source),
        ],
        engine,
    )
