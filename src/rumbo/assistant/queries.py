"""Reading what the assistant was asked: notices in force, conversations, metrics."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from rumbo.assistant.models import ActiveNotice, AssistantQuestion
from rumbo.assistant.schemas import Metrics
from rumbo.text import fold


def active_notices(session: Session) -> list[ActiveNotice]:
    stmt = select(ActiveNotice).where(ActiveNotice.active.is_(True)).order_by(ActiveNotice.id)
    return list(session.scalars(stmt))


def notice_for(session: Session, question: str, language: str) -> ActiveNotice | None:
    """The newest active notice one of whose keywords the question mentions (accents ignored)."""
    text = f" {fold(question)} "
    candidates = sorted(active_notices(session), key=lambda n: (n.language != language, -n.id))
    for notice in candidates:
        if any(f" {fold(str(k))} " in text or fold(str(k)) in text for k in notice.keywords):
            return notice
    return None


def conversation(session: Session, conversation_id: str) -> list[AssistantQuestion]:
    stmt = (
        select(AssistantQuestion)
        .where(AssistantQuestion.conversation_id == conversation_id)
        .order_by(AssistantQuestion.id)
    )
    return list(session.scalars(stmt))


def metrics(session: Session, *, unanswered_limit: int = 20) -> Metrics:
    rows = list(session.execute(select(AssistantQuestion.decision, AssistantQuestion.reason)))
    decisions = Counter(d for d, _ in rows)
    reasons = Counter(r for d, r in rows if d == "escalate" and r)
    unanswered = session.scalars(
        select(AssistantQuestion.question)
        .where(AssistantQuestion.decision != "answer")
        .order_by(AssistantQuestion.id.desc())
        .limit(unanswered_limit)
    )
    total = len(rows)
    return Metrics(
        questions=total,
        answered=decisions["answer"],
        clarified=decisions["clarify"],
        escalated=decisions["escalate"],
        deflection_rate=round(decisions["answer"] / total, 4) if total else None,
        escalation_reasons=dict(reasons.most_common()),
        unanswered=list(unanswered),
    )
