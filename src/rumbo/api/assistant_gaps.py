"""Knowledge gaps: the questions the assistant could not answer, grouped, with revenue at stake."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession
from rumbo.assistant.gaps import KnowledgeGap, knowledge_gaps

router = APIRouter(tags=["assistant"])


@router.get(
    "/assistant/gaps", response_model=list[KnowledgeGap], dependencies=needs("knowledge.read")
)
def gaps(
    session: ReadSession,
    days: Annotated[int, Query(ge=1, le=3650, description="How far back to look.")] = 90,
    limit: Annotated[int, Query(ge=1, le=200, description="How many groups to return.")] = 20,
) -> list[KnowledgeGap]:
    """Groups of similar unanswered questions, most asked first, then by revenue at stake."""
    return knowledge_gaps(session, days=days, limit=limit)
