"""Reading what the assistant was asked: notices in force, conversations, metrics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class DecisionsInPeriod:
    """What the assistant decided in one day or week (``start`` is its first UTC day)."""

    start: dt.date
    questions: int = 0
    answered: int = 0
    clarified: int = 0
    escalated: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def deflection_rate(self) -> float | None:
        """Answered without a person, over everything asked; None when nothing was asked."""
        return round(self.answered / self.questions, 4) if self.questions else None


def period_start(day: dt.date, weekly: bool) -> dt.date:
    """The first day of ``day``'s bucket: the day itself, or the Monday of its week."""
    return day - dt.timedelta(days=day.weekday()) if weekly else day


def decisions_over_time(
    session: Session, since: dt.datetime, until: dt.datetime, *, weekly: bool
) -> list[DecisionsInPeriod]:
    """Decisions and hand-over reasons per UTC day (or week), empty buckets included.

    Bucketed here: truncating a timestamp to a day or a week is spelt differently on each
    database, and the assistant's log is small next to what reading it costs.
    """
    step = dt.timedelta(days=7 if weekly else 1)
    first = period_start(since.astimezone(dt.UTC).date(), weekly)
    last = period_start((until - dt.timedelta(microseconds=1)).astimezone(dt.UTC).date(), weekly)
    buckets: dict[dt.date, dict[str, Counter[str]]] = {}
    day = first
    while day <= last:
        buckets[day] = {"decisions": Counter(), "reasons": Counter()}
        day += step
    rows = session.execute(
        select(
            AssistantQuestion.asked_at, AssistantQuestion.decision, AssistantQuestion.reason
        ).where(AssistantQuestion.asked_at >= since, AssistantQuestion.asked_at < until)
    )
    for asked_at, decision, reason in rows:
        bucket = buckets.get(period_start(asked_at.astimezone(dt.UTC).date(), weekly))
        if bucket is None:
            continue
        bucket["decisions"][decision] += 1
        if decision == "escalate":
            bucket["reasons"][reason or "unknown"] += 1
    return [
        DecisionsInPeriod(
            start=start,
            questions=sum(counts["decisions"].values()),
            answered=counts["decisions"]["answer"],
            clarified=counts["decisions"]["clarify"],
            escalated=counts["decisions"]["escalate"],
            reasons=dict(counts["reasons"].most_common()),
        )
        for start, counts in buckets.items()
    ]
