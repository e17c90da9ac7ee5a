"""Listening: the signed ingestion webhook, mentions and sources."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, RumboDep, UnitOfWork
from rumbo.api.errors import ErrorBody
from rumbo.context import Actor
from rumbo.errors import NotAuthenticated, ValidationFailed
from rumbo.listening import actions, queries
from rumbo.listening.schemas import (
    IngestReport,
    MentionOut,
    SourceCreated,
    SourceIn,
    SourceOut,
)
from rumbo.schemas import Page

router = APIRouter(tags=["listening"])
# Bodies above this size are refused before they are read into memory.
MAX_BODY_BYTES = 10_000_000


@router.post(
    "/ingest/mentions",
    response_model=IngestReport,
    responses={
        401: {"description": "Missing, stale or wrong signature, or an unknown source."},
        422: {"description": "A malformed body, or no event could be taken (with the report)."},
    },
)
async def ingest_mentions(
    request: Request,
    rumbo: RumboDep,
    x_rumbo_source: Annotated[str | None, Header()] = None,
    x_rumbo_timestamp: Annotated[str | None, Header()] = None,
    x_rumbo_signature: Annotated[str | None, Header()] = None,
) -> Any:
    """Take one event or a batch, signed with the source's secret (see the README).

    Each event is accepted, a duplicate (already stored: nothing changes), or rejected with a
    reason; accepted events are committed before the answer is sent.
    """
    from rumbo.listening.pipeline import ingest
    from rumbo.listening.sources.webhook import events_of, verify

    if not x_rumbo_source:
        raise NotAuthenticated("Name the sending source in X-Rumbo-Source.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise ValidationFailed("The body is too large.", fields={"body": "too large"})
    body = await request.body()
    with rumbo.reading() as session:
        source = queries.source_by_key(session, x_rumbo_source.strip().lower())
        secret = source.secret if source is not None and source.active else None
    if source is None or secret is None:
        raise NotAuthenticated(f"'{x_rumbo_source}' is not an active webhook source.")
    verify(secret, x_rumbo_timestamp, x_rumbo_signature, body)
    events = events_of(body)
    actor = Actor(label=f"source:{source.key}", role="system")
    report = await run_in_threadpool(
        ingest, rumbo, actor, events, default_source=source.key, force_source=True
    )
    if report.rejected and not (report.accepted or report.duplicates):
        fields = {f"events.{r.index}.{r.field}": r.reason for r in report.rejected[:50]}
        error = ErrorBody(
            code="validation_failed",
            message=f"None of the {report.received} event(s) could be taken.",
            fields=fields,
        )
        return JSONResponse(
            {"error": error.model_dump(), "report": report.model_dump(mode="json")},
            status_code=422,
        )
    return report


@router.get("/mentions", response_model=Page[MentionOut], dependencies=needs("listening.read"))
def list_mentions(
    session: ReadSession,
    source: str | None = None,
    sentiment: Annotated[str | None, Query(pattern="^(negative|neutral|positive)$")] = None,
    topic: str | None = None,
    complaint: bool | None = None,
    contact_id: int | None = None,
    company_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[MentionOut]:
    for name, value in (("since", since), ("until", until)):
        if value is not None and value.tzinfo is None:
            raise ValidationFailed(f"{name} needs a time zone.", fields={name: "naive"})
    rows, total = queries.list_mentions(
        session,
        source=source,
        sentiment=sentiment,
        topic=topic,
        complaint=complaint,
        contact_id=contact_id,
        company_id=company_id,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    return Page(
        items=[MentionOut.model_validate(m) for m in rows], total=total, limit=limit, offset=offset
    )


@router.get(
    "/listening/sources", response_model=list[SourceOut], dependencies=needs("listening.admin")
)
def list_sources(session: ReadSession) -> list[SourceOut]:
    return [SourceOut.model_validate(s) for s in queries.list_sources(session)]


@router.post(
    "/listening/sources", response_model=SourceCreated, status_code=status.HTTP_201_CREATED
)
def add_source(data: SourceIn, ctx: UnitOfWork) -> SourceCreated:
    """Create a source; a webhook source's secret is shown in this answer only."""
    return SourceCreated.model_validate(actions.add_source(ctx, data))


@router.post("/listening/sources/{key}/rotate-secret", response_model=SourceCreated)
def rotate_secret(key: str, ctx: UnitOfWork) -> SourceCreated:
    return SourceCreated.model_validate(actions.rotate_secret(ctx, key))
