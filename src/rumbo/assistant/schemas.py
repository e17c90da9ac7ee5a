"""What the assistant is asked and what it answers."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rumbo.schemas import StrictInput

Decision = Literal["answer", "clarify", "escalate"]
Channel = Literal["api", "widget", "portal", "cli", "email"]


class AskIn(StrictInput):
    question: str = Field(min_length=1, max_length=2000)
    language: Literal["es", "en"] | None = Field(
        None, description="The customer's language; detected from the question when not given."
    )
    conversation_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,64}$")
    channel: Channel = "api"
    contact_id: int | None = None
    contact_email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class Citation(BaseModel):
    id: int
    title: str
    url: str
    language: str


class NoticeOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    body: str
    language: str
    keywords: list[str]
    active: bool
    starts_at: dt.datetime
    ends_at: dt.datetime | None


class AskResult(BaseModel):
    question_id: int
    conversation_id: str
    decision: Decision
    answer: str
    citations: list[Citation]
    confidence: float
    reason: str | None
    topic: str | None
    language: str
    address_form: str
    notice: NoticeOut | None = None
    ticket_id: int | None = None
    answered_by: str = Field(
        "extractive",
        description="extractive (the article's own words) or llm:<backend> (the configured "
        "model, checked against the passages)",
    )


class NoticeIn(StrictInput):
    title: str = Field(min_length=1, max_length=300)
    body: str = Field(min_length=1, max_length=5000)
    language: Literal["es", "en"] = "es"
    keywords: list[str] = Field(min_length=1, max_length=50)


class Metrics(BaseModel):
    """Deflection: questions answered without a person, over all questions asked."""

    questions: int
    answered: int
    clarified: int
    escalated: int
    deflection_rate: float | None
    escalation_reasons: dict[str, int]
    unanswered: list[str]


class ContactLeftIn(StrictInput):
    """A visitor handed over to a person leaves a name and an address to be answered at."""

    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    language: Literal["es", "en"] = "es"
