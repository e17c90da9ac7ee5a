"""The audit log, read-only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession
from rumbo.audit import queries
from rumbo.audit.schemas import AuditEntryOut

router = APIRouter(tags=["audit"])


@router.get("/audit", response_model=list[AuditEntryOut], dependencies=needs("audit.read"))
def list_audit(
    session: ReadSession,
    entity_type: str | None = None,
    entity_id: str | None = None,
    action: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[AuditEntryOut]:
    rows = queries.list_entries(
        session,
        entity_type=entity_type,
        entity_id=entity_id,
        action=action,
        limit=limit,
        offset=offset,
    )
    return [AuditEntryOut.model_validate(r) for r in rows]
