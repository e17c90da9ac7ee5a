"""The assistant: ask, notices shown during incidents, and how much it deflects."""

from __future__ import annotations

from fastapi import APIRouter, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.api.ratelimit import AssistantLimit
from rumbo.assistant import actions, queries
from rumbo.assistant.schemas import AskIn, AskResult, Metrics, NoticeIn, NoticeOut

router = APIRouter(tags=["assistant"])


@router.post("/assistant/ask", response_model=AskResult, dependencies=[AssistantLimit])
def ask(data: AskIn, ctx: UnitOfWork) -> AskResult:
    """An answer from the knowledge base with its citations, one question back, or a hand-over
    to a person (which opens a ticket carrying the conversation)."""
    return actions.ask(ctx, data)


@router.get("/assistant/metrics", response_model=Metrics, dependencies=needs("tickets.read"))
def metrics(session: ReadSession) -> Metrics:
    return queries.metrics(session)


@router.get(
    "/assistant/notices", response_model=list[NoticeOut], dependencies=needs("knowledge.read")
)
def list_notices(session: ReadSession) -> list[NoticeOut]:
    return [NoticeOut.model_validate(n) for n in queries.active_notices(session)]


@router.post("/assistant/notices", response_model=NoticeOut, status_code=status.HTTP_201_CREATED)
def add_notice(data: NoticeIn, ctx: UnitOfWork) -> NoticeOut:
    return NoticeOut.model_validate(actions.add_notice(ctx, data))


@router.post("/assistant/notices/{notice_id}/end", response_model=NoticeOut)
def end_notice(notice_id: int, ctx: UnitOfWork) -> NoticeOut:
    return NoticeOut.model_validate(actions.end_notice(ctx, notice_id))
