"""CRM CSV import and export over HTTP (the format is described in :mod:`rumbo.crm.csvio`).

``POST /crm/import/{kind}`` takes the CSV as the raw body (``text/csv``) or as the multipart field
``file``; columns are mapped with ``map=Column=field`` (query, or form field in multipart, both
repeatable). A clean file answers 200 with the report. When rows are bad it answers 422 with the
usual error shape and the same report beside it::

    {"error": {"code": "validation_failed", "message": "...", "fields": {"line 3: emails": "..."}},
     "report": {"kind": "contacts", "dry_run": false, "created": 0, ..., "rejected": [...]}}

A file that cannot be read at all (not UTF-8, empty, unknown columns) is a plain 422 error naming
the problem; nothing is written in either case.
"""

from __future__ import annotations

import io
import tempfile
from typing import IO, Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from rumbo.api.access_checks import needs
from rumbo.api.deps import CurrentActor, ReadSession, RumboDep
from rumbo.api.errors import ErrorBody
from rumbo.app import Rumbo
from rumbo.context import Actor
from rumbo.crm import csvio
from rumbo.crm.csv_columns import ColumnMapping
from rumbo.errors import ValidationFailed

router = APIRouter(tags=["crm"])
# Bodies up to this size stay in memory; bigger uploads spill to a temporary file.
SPOOL_BYTES = 8 * 1024 * 1024

MapParam = Annotated[
    list[str] | None,
    Query(alias="map", description="Column=field, repeatable; Column=- skips the column."),
]


def _run(
    rumbo: Rumbo,
    actor: Actor,
    stream: IO[bytes],
    kind: csvio.Kind,
    maps: list[str],
    source: str | None,
    ignore_unknown: bool,
    dry_run: bool,
) -> csvio.ImportReport:
    parsed = csvio.parse_csv(
        stream,
        kind=kind,
        mapping=ColumnMapping.combine({}, maps),
        source=source,
        ignore_unknown=ignore_unknown,
    )
    return csvio.run_import(rumbo, actor, parsed, dry_run=dry_run)


def _rejected_response(report: csvio.ImportReport) -> JSONResponse:
    lines = sorted({e.row for e in report.rejected})
    shown = ", ".join(str(n) for n in lines[:10]) + ("…" if len(lines) > 10 else "")
    outcome = "the import would be refused" if report.dry_run else "nothing was imported"
    fields: dict[str, str] = {}
    for bad in report.rejected:
        fields.setdefault(f"line {bad.row}: {bad.field}", bad.reason)
    error = ErrorBody(
        code="validation_failed",
        fields=fields,
        message=f"{len(lines)} row(s) are not valid (lines {shown}); {outcome}.",
    )
    body: dict[str, Any] = {"error": error.model_dump(), "report": report.model_dump(mode="json")}
    return JSONResponse(body, status_code=422)


@router.post(
    "/crm/import/{kind}",
    response_model=csvio.ImportReport,
    dependencies=needs("crm.import"),
    responses={422: {"description": "Bad rows (error plus report) or a file that cannot be read."}},
    openapi_extra={
        "requestBody": {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {"type": "string", "format": "binary"},
                            "map": {"type": "array", "items": {"type": "string"}},
                        },
                    }
                },
            }
        }
    },
)
async def import_csv(
    kind: csvio.Kind,
    request: Request,
    rumbo: RumboDep,
    actor: CurrentActor,
    columns: MapParam = None,
    dry_run: bool = False,
    source: str | None = None,
    ignore_unknown: bool = False,
) -> Response:
    """Import a CSV of ``kind``, all or nothing; ``dry_run=true`` only reports."""
    maps = list(columns or [])
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed(
                "Send the CSV in the multipart field 'file'.", fields={"file": "missing"}
            )
        maps += [m for m in form.getlist("map") if isinstance(m, str)]
        stream: IO[bytes] = upload.file
    else:
        stream = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - closed below
        async for chunk in request.stream():
            stream.write(chunk)
        stream.seek(0)
    try:
        report = await run_in_threadpool(
            _run, rumbo, actor, stream, kind, maps, source, ignore_unknown, dry_run
        )
    finally:
        stream.close()
    if report.rejected:
        return _rejected_response(report)
    return JSONResponse(report.model_dump(mode="json"))


@router.get(
    "/crm/export/{kind}.csv",
    response_class=Response,
    dependencies=needs("crm.export"),
    responses={200: {"content": {"text/csv": {}}, "description": "The records as CSV."}},
)
def export_csv(kind: csvio.Kind, session: ReadSession) -> Response:
    """Every record of ``kind`` as a UTF-8 CSV file that the import reads back unchanged."""
    out = io.StringIO()
    csvio.write_csv(session, kind, out)
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{kind}.csv"'},
    )
