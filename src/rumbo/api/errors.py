"""One error shape for every failure: ``{"error": {"code", "message", "fields"}}``."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError, IntegrityError
from starlette.exceptions import HTTPException as StarletteHTTPException

from rumbo.errors import RumboError


class ErrorBody(BaseModel):
    code: str
    message: str
    fields: dict[str, str] = Field(default_factory=dict)


class ErrorResponse(BaseModel):
    error: ErrorBody


TAKEN = "The request conflicts with a stored record: a value that must be unique is taken."
# The columns of a violated unique constraint, as SQLite ("UNIQUE constraint failed: t.a, t.b")
# and PostgreSQL ("Key (a, b)=(...) already exists") name them; never the values.
_SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")
_POSTGRES_UNIQUE = re.compile(r"Key \(([\w, ]+)\)=")

UNSTORABLE = (
    "A value in the request cannot be stored: a number out of range or a forbidden character."
)

# Every API operation may answer with these; documenting them keeps the OpenAPI contract honest.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "description": description}
    for status, description in (
        (400, "The request cannot be carried out."),
        (401, "No valid API token or session."),
        (403, "The caller's role does not allow this."),
        (404, "The thing asked for does not exist."),
        (409, "The request conflicts with what is stored."),
        (413, "The request body is too large."),
        (422, "The request is not valid; `fields` names each bad field."),
        (429, "Too many requests; retry after the seconds in `Retry-After`."),
    )
}


def error_response(
    status: int,
    code: str,
    message: str,
    fields: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, fields=fields or {}))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


def _field_name(loc: tuple[Any, ...]) -> str:
    # ("body", "emails", 0) -> "emails.0"; the first element only says where the value came from.
    parts = [str(p) for p in loc[1:]] if len(loc) > 1 else [str(p) for p in loc]
    return ".".join(parts) or "body"


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RumboError)
    async def _domain_error(_request: Request, exc: RumboError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        headers = getattr(exc, "headers", None) or headers  # e.g. Retry-After on 429
        return error_response(exc.status_code, exc.code, exc.message, exc.fields, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields: dict[str, str] = {}
        for err in exc.errors():
            name = _field_name(tuple(err.get("loc", ())))
            message = str(err.get("msg", "invalid"))
            if err.get("type") == "extra_forbidden":
                message = "unknown field"
            fields.setdefault(name, message.removeprefix("Value error, "))
        summary = "; ".join(f"{k}: {v}" for k, v in fields.items())
        return error_response(
            422, "validation_failed", f"The request is not valid: {summary}", fields
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # People who mistype an address get a page; programs under /api get JSON.
        page_renderer = getattr(request.app.state, "page_error_renderer", None)
        if page_renderer is not None and not request.url.path.startswith("/api"):
            rendered: Response = page_renderer(request, exc.status_code)
            return rendered
        codes = {404: "not_found", 405: "method_not_allowed", 401: "not_authenticated"}
        return error_response(
            exc.status_code,
            codes.get(exc.status_code, "http_error"),
            str(exc.detail),
            headers=getattr(exc, "headers", None),
        )

    # A value the store cannot hold (an id of 2**70, a NUL character in text) is the caller's
    # mistake, not ours; the unit of work has rolled back, so nothing was stored.
    @app.exception_handler(OverflowError)
    async def _out_of_range(_request: Request, _exc: OverflowError) -> JSONResponse:
        return error_response(422, "validation_failed", UNSTORABLE)

    @app.exception_handler(DataError)
    async def _unstorable(_request: Request, _exc: DataError) -> JSONResponse:
        return error_response(422, "validation_failed", UNSTORABLE)

    # Actions check what must be unique and name the field; this is the net under them, so a
    # race between two requests (or a check not written yet) is a conflict, not a crash.
    @app.exception_handler(IntegrityError)
    async def _taken(_request: Request, exc: IntegrityError) -> JSONResponse:
        fields = dict.fromkeys(unique_columns(str(exc.orig)), "taken")
        status, code, message = (
            (409, "conflict", TAKEN) if fields else (422, "validation_failed", UNSTORABLE)
        )
        return error_response(status, code, message, fields)

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, _exc: Exception) -> JSONResponse:
        return error_response(500, "internal_error", "Something went wrong on our side.")


def unique_columns(text: str) -> list[str]:
    """The column names a unique-constraint error names (empty for other integrity errors)."""
    if match := _SQLITE_UNIQUE.search(text):
        return [part.strip().rsplit(".", 1)[-1] for part in match.group(1).split(",")]
    if match := _POSTGRES_UNIQUE.search(text):
        return [part.strip() for part in match.group(1).split(",")]
    return []
