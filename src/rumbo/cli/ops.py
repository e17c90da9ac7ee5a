"""Operations: backups of the store, restoring them, and the background worker."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rumbo.cli.common import (
    JsonOpt,
    configured_app,
    console,
    err_console,
    handles_errors,
    plain,
    print_json,
)
from rumbo.cli.main import cli

if TYPE_CHECKING:
    from rumbo.ops.backup import BackupReport

FileArg = Annotated[Path, typer.Argument(help="Backup file.")]


def _show(report: BackupReport, verb: str) -> None:
    rows = sum(fp.rows for fp in report.tables.values())
    console.print(
        f"[bold green]{verb}[/] {plain(report.path)} ({report.backend}, "
        f"{report.size_bytes / 1_048_576:.1f} MB): {len(report.tables)} tablas, {rows} filas.",
        markup=True,
    )


@cli.command()
@handles_errors
def backup(file: FileArg, json_out: JsonOpt = False) -> None:
    """Write a consistent backup of the database to FILE (safe while Rumbo runs)."""
    from rumbo.ops.backup import backup as do_backup

    app = configured_app()
    try:
        with err_console.status("Copiando la base de datos…", spinner="dots"):
            report = do_backup(app.engine, file)
    finally:
        app.dispose()
    if json_out:
        print_json(report.as_dict())
    else:
        _show(report, "Copia de seguridad escrita:")


@cli.command()
@handles_errors
def restore(
    file: FileArg,
    force: Annotated[
        bool, typer.Option("--force", help="Replace a database that already holds data.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Restore the database from a backup FILE; refuses a non-empty database without --force."""
    from rumbo.ops.backup import restore as do_restore

    app = configured_app()
    try:
        with err_console.status("Restaurando la base de datos…", spinner="dots"):
            report = do_restore(app.engine, file, force=force)
    finally:
        app.dispose()
    if json_out:
        print_json(report.as_dict())
    else:
        _show(report, "Base de datos restaurada desde")


@cli.command()
@handles_errors
def worker(
    until_empty: Annotated[
        bool, typer.Option("--until-empty", help="Run the jobs that are due, then stop.")
    ] = False,
    concurrency: Annotated[
        int, typer.Option(min=1, max=32, help="Jobs run at the same time by this worker.")
    ] = 1,
    json_out: JsonOpt = False,
) -> None:
    """Run background jobs. With PostgreSQL, start it on as many machines as you like."""
    from rumbo.cli.common import build_app

    app = build_app()
    if not until_empty:  # a long-running worker also keeps the periodic jobs on time
        app.schedule_periodic_jobs()
    backend = "sqlite" if app.settings.is_sqlite else "postgresql"
    if not json_out:
        err_console.print(
            f"Trabajos en segundo plano ({backend}): {app.jobs.pending()} en cola. "
            + ("" if until_empty else "Ctrl-C para detener.")
        )
    try:
        ran = app.jobs.work(until_empty=until_empty, concurrency=concurrency)
    except KeyboardInterrupt:
        app.jobs.stop()
        ran = 0
    finally:
        left = app.jobs.pending()
        app.dispose()
    if json_out:
        print_json({"backend": backend, "ran": ran, "pending": left})
    else:
        console.print(f"Trabajos ejecutados: {ran}; en cola: {left}.")
