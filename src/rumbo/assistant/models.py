"""What the assistant was asked and what it decided; notices it shows during incidents."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, TimestampMixin, utcnow

DECISIONS = ("answer", "clarify", "escalate")


class AssistantQuestion(Base):
    """One question and the assistant's decision: the source of deflection and gap reports."""

    __tablename__ = "assistant_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    asked_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    conversation_id: Mapped[str | None] = mapped_column(String(64), index=True)
    channel: Mapped[str] = mapped_column(String(20), default="api")
    language: Mapped[str] = mapped_column(String(5))
    question: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    topic: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(String(50), index=True)
    answer: Mapped[str | None] = mapped_column(Text)
    cited_article_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id", ondelete="SET NULL"))


class ActiveNotice(TimestampMixin, Base):
    """A status notice shown first to questions about its topic while it is active.

    A simple stand-in for incidents: the crisis room will open and close these from incidents.
    """

    __tablename__ = "active_notices"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="es")
    keywords: Mapped[list[Any]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True, index=True)
    starts_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    ends_at: Mapped[dt.datetime | None]
