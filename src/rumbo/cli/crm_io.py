"""`rumbo import crm` and `rumbo export`: CRM data in and out of CSV files.

The file format, column names and the rules of an import are described in
:mod:`rumbo.crm.csvio`. Exit codes: 0 clean, 1 some rows are bad (nothing written), 2 the file or
the options cannot be used at all.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rumbo.cli.common import (
    JsonOpt,
    build_app,
    console,
    err_console,
    handles_errors,
    plain,
    print_json,
)
from rumbo.cli.main import cli, import_cli

if TYPE_CHECKING:
    from rumbo.crm.csv_read import ParsedFile
    from rumbo.crm.csvio import ImportReport

# Below this size a file is read in a blink; a progress bar would only flicker.
PROGRESS_FROM_BYTES = 1_000_000


class ImportKind(enum.StrEnum):
    companies = "companies"
    contacts = "contacts"
    orders = "orders"
    satisfaction = "satisfaction"


class ExportKind(enum.StrEnum):
    companies = "companies"
    contacts = "contacts"
    orders = "orders"
    satisfaction = "satisfaction"
    all = "all"


class _Progress:
    """Reading progress in bytes, then a stage label while rows are written."""

    def __init__(self, advance: Callable[[int], None], stage: Callable[[str], None]) -> None:
        self._advance, self.stage = advance, stage
        self._pending = 0

    def read(self, count: int) -> None:
        self._pending += count
        if self._pending >= 65536:  # redraw per block, not per line
            self._advance(self._pending)
            self._pending = 0


@contextmanager
def _progress(total: int, enabled: bool) -> Iterator[_Progress | None]:
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    # The spinner keeps moving while the rows are written, which is one long database step.
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("Leyendo y validando", total=total)
        yield _Progress(
            lambda n: bar.advance(task, n),
            lambda label: bar.update(task, description=label, completed=total),
        )


def _show(report: ImportReport, parsed: ParsedFile) -> None:
    from rich.table import Table

    from rumbo.crm.csv_columns import KIND_LABELS

    name = KIND_LABELS[report.kind]
    if parsed.inferred:
        console.print(
            f"Tipo: {name} (deducido de las columnas; use --kind para indicarlo)", highlight=False
        )
    if report.dry_run:
        console.print("Simulación (--dry-run): no se guardó nada.", highlight=False)
    verb = "se crearían" if report.dry_run else "creados"
    console.print(
        f"Filas: {report.rows} · {verb}: {report.created} · actualizados: {report.updated} · "
        f"sin cambios: {report.unchanged} · con errores: {len({e.row for e in report.rejected})}",
        highlight=False,
    )
    for warning in report.warnings:
        err_console.print(f"[yellow]Aviso:[/] {plain(warning)}", highlight=False, markup=True)
    if report.rejected:
        table = Table("Línea", "Campo", "Columna", "Motivo", title="Filas con errores")
        for error in report.rejected:
            column = parsed.plan.column_of(error.field) if error.field != "row" else ""
            table.add_row(str(error.row), error.field, column, error.reason)
        console.print(table)


@import_cli.command("crm")
@handles_errors
def import_crm(
    file: Annotated[
        Path, typer.Argument(help="CSV file (UTF-8).", exists=True, dir_okay=False, readable=True)
    ],
    kind: Annotated[
        ImportKind | None,
        typer.Option(help="What the file holds; deduced from the columns when not given."),
    ] = None,
    mappings: Annotated[
        list[str] | None,
        typer.Option("--map", help="Column=field (repeatable); Column=- skips the column."),
    ] = None,
    mapping_file: Annotated[
        Path | None,
        typer.Option(
            help="JSON or TOML file mapping columns to fields.", exists=True, dir_okay=False
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            "--validate-only",
            help="Check every row against the database and report; write nothing.",
        ),
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(help="Source system for rows whose source cell is empty or missing."),
    ] = None,
    ignore_unknown: Annotated[
        bool,
        typer.Option(
            "--ignore-unknown", help="Skip columns that map to no field instead of failing."
        ),
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Import companies, contacts, orders or satisfaction answers from a CSV, all or nothing."""
    from rumbo.context import Actor
    from rumbo.crm import csvio
    from rumbo.crm.csv_columns import ColumnMapping, as_kind, load_mapping_file

    file_columns, file_options = load_mapping_file(mapping_file) if mapping_file else ({}, {})
    named_kind = kind.value if kind else file_options.get("kind")
    chosen = as_kind(named_kind) if named_kind else None
    mapping = ColumnMapping.combine(file_columns, mappings or [])
    app = build_app()
    size = file.stat().st_size
    with (
        file.open("rb") as stream,
        _progress(size, not json_out and size >= PROGRESS_FROM_BYTES) as progress,
    ):
        parsed = csvio.parse_csv(
            stream,
            kind=chosen,
            mapping=mapping,
            source=source or file_options.get("source"),
            ignore_unknown=ignore_unknown,
            on_bytes=progress.read if progress else None,
        )
        if progress:
            progress.stage("Simulando" if dry_run else "Guardando")
        report = csvio.run_import(app, Actor.system("cli"), parsed, dry_run=dry_run)
    if json_out:
        print_json(
            {**report.model_dump(mode="json"), "kind_inferred": parsed.inferred, "file": str(file)}
        )
    else:
        _show(report, parsed)
    if report.rejected:
        if not json_out:
            what = "no se guardó nada" if not report.dry_run else "corríjalas antes de importar"
            err_console.print(f"[bold red]Hay filas con errores:[/] {what}.", markup=True)
        raise typer.Exit(1)
    if not json_out and not report.dry_run:
        console.print("Importación completa.")


@cli.command("export")
@handles_errors
def export(
    kind: Annotated[ExportKind, typer.Option(help="What to export.")] = ExportKind.all,
    out: Annotated[Path, typer.Option(help="Folder for the CSV files.", file_okay=False)] = Path(),
    json_out: JsonOpt = False,
) -> None:
    """Write CRM data as UTF-8 CSV files (one per kind) that `rumbo import crm` reads back."""
    from rumbo.crm import csvio
    from rumbo.crm.csv_columns import KIND_LABELS, as_kind

    app = build_app()
    kinds = csvio.KINDS if kind is ExportKind.all else (as_kind(kind.value),)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with app.reading() as session:
        for name in kinds:
            path = out / f"{name}.csv"
            partial = path.with_name(path.name + ".partial")
            # A file is either complete or absent, even if the export is interrupted.
            with partial.open("w", encoding="utf-8", newline="") as handle:
                rows = csvio.write_csv(session, name, handle)
            partial.replace(path)
            written.append({"kind": name, "path": str(path), "rows": rows})
            if not json_out:
                console.print(f"{path}: {rows} filas ({KIND_LABELS[name]})", highlight=False)
    if json_out:
        print_json({"files": written})
