"""Drafts: write one from a request, review it, approve it, send it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.drafting import actions, queries
from rumbo.drafting.schemas import (
    ApprovalIn,
    DraftEdit,
    DraftIn,
    DraftOut,
    SendIn,
    SendReport,
    VersionOut,
    draft_out,
)
from rumbo.errors import NotFound
from rumbo.schemas import Page

router = APIRouter(tags=["drafts"])
Status = Annotated[str | None, Query(pattern="^(draft|in_review|approved|sent)$")]


@router.post("/drafts", status_code=status.HTTP_201_CREATED)
def create_draft(data: DraftIn, ctx: UnitOfWork) -> dict[str, Any]:
    """The same JSON as ``rumbo draft --json``, plus the stored draft's ``id`` and ``status``."""
    draft, result = actions.create_draft(ctx, data)
    return {"id": draft.id, "status": draft.status, "version": draft.version, **result.as_json()}


@router.get("/drafts", response_model=Page[DraftOut], dependencies=needs("drafts.read"))
def list_drafts(
    session: ReadSession,
    status: Status = None,
    situation: Annotated[str | None, Query(max_length=30)] = None,
    limit: Annotated[int, Query(ge=0, le=200)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[DraftOut]:
    rows, total = queries.list_drafts(
        session, status=status, situation=situation, limit=limit, offset=offset
    )
    return Page(items=[draft_out(d) for d in rows], total=total, limit=limit, offset=offset)


@router.get("/drafts/{draft_id}", response_model=DraftOut, dependencies=needs("drafts.read"))
def get_draft(draft_id: int, session: ReadSession) -> DraftOut:
    draft = queries.get_draft(session, draft_id)
    if draft is None:
        raise NotFound(f"Draft {draft_id} does not exist.")
    return draft_out(draft)


@router.get(
    "/drafts/{draft_id}/versions",
    response_model=list[VersionOut],
    dependencies=needs("drafts.read"),
)
def list_versions(draft_id: int, session: ReadSession) -> list[VersionOut]:
    found = queries.versions(session, draft_id)
    if not found:
        raise NotFound(f"Draft {draft_id} does not exist.")
    return [VersionOut.model_validate(v) for v in found]


@router.put("/drafts/{draft_id}", response_model=DraftOut)
def edit_draft(draft_id: int, data: DraftEdit, ctx: UnitOfWork) -> DraftOut:
    return draft_out(actions.edit_draft(ctx, draft_id, data))


@router.post("/drafts/{draft_id}/submit", response_model=DraftOut)
def submit_draft(draft_id: int, ctx: UnitOfWork) -> DraftOut:
    return draft_out(actions.submit_draft(ctx, draft_id))


@router.post("/drafts/{draft_id}/approve", response_model=DraftOut)
def approve_draft(draft_id: int, ctx: UnitOfWork, data: ApprovalIn | None = None) -> DraftOut:
    return draft_out(actions.approve_draft(ctx, draft_id, data.note if data else None))


@router.post("/drafts/{draft_id}/legal-signoff", response_model=DraftOut)
def legal_signoff(draft_id: int, ctx: UnitOfWork, data: ApprovalIn | None = None) -> DraftOut:
    return draft_out(actions.legal_signoff(ctx, draft_id, data.note if data else None))


@router.post("/drafts/{draft_id}/send", response_model=SendReport)
def send_draft(draft_id: int, data: SendIn, ctx: UnitOfWork) -> SendReport:
    return actions.send_draft(ctx, draft_id, data)
