"""Input and output shapes of tickets and messages."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rumbo.schemas import ExternalId, LanguageCode, NonEmpty, StrictInput

Channel = Literal["email", "chat", "portal", "social", "phone"]
Status = Literal["new", "open", "pending", "solved", "closed"]
Priority = Literal["low", "normal", "high", "urgent"]
TAG_PATTERN = r"^[\w\-:.]{1,50}$"


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("needs a time zone (e.g. 2026-01-31T10:00:00-05:00)")
    return value


def clean_tags(values: list[str] | None) -> list[str] | None:
    """Tags are lower-case words; duplicates collapse, order does not matter."""
    if values is None:
        return None
    cleaned = set()
    for value in values:
        value = value.strip().lower()
        if not re.fullmatch(TAG_PATTERN, value):
            raise ValueError(f"'{value}' is not a valid tag (letters, digits, - _ : .)")
        cleaned.add(value)
    return sorted(cleaned)


class MessageIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    body: NonEmpty = Field(max_length=100_000)
    author_kind: Literal["customer", "agent", "system"] = "customer"
    channel: Channel | None = None
    internal: bool = False
    created_at: dt.datetime | None = None

    _check_created = field_validator("created_at")(_aware)


class TicketIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    subject: NonEmpty = Field(max_length=300)
    channel: Channel = "email"
    priority: Priority = "normal"
    status: Status = "new"
    language: LanguageCode = "es"
    contact_id: int | None = None
    contact_email: str | None = Field(None, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    assignee_email: str | None = None
    group: str | None = Field(None, max_length=50)
    topic: str | None = Field(None, max_length=100)
    tags: list[str] = Field(default_factory=list, max_length=30)
    created_at: dt.datetime | None = None
    messages: list[MessageIn] = Field(
        default_factory=list, max_length=500, description="The conversation so far, oldest first."
    )

    _check_created = field_validator("created_at")(_aware)

    _check_tags = field_validator("tags")(clean_tags)


class TicketPatch(StrictInput):
    subject: NonEmpty | None = Field(None, max_length=300)
    status: Status | None = None
    priority: Priority | None = None
    assignee_id: int | None = None
    group: str | None = Field(None, max_length=50)
    topic: str | None = Field(None, max_length=100)
    tags: list[str] | None = Field(None, max_length=30)

    _check_tags = field_validator("tags")(clean_tags)


class ReplyIn(StrictInput):
    body: NonEmpty = Field(max_length=100_000)
    internal: bool = False
    status: Status | None = Field(None, description="Status to set with the reply, e.g. pending.")


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    author_kind: str
    author_user_id: int | None
    author_contact_id: int | None
    channel: str
    body: str
    internal: bool
    created_at: dt.datetime


class TicketOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    source: str
    external_id: str | None
    subject: str
    status: str
    priority: str
    channel: str
    language: str
    contact_id: int | None
    company_id: int | None
    assignee_id: int | None
    group: str | None
    topic: str | None
    tags: list[str] = Field(validation_alias="tag_names")
    created_at: dt.datetime
    updated_at: dt.datetime
    first_response_due_at: dt.datetime | None
    resolution_due_at: dt.datetime | None
    first_responded_at: dt.datetime | None
    solved_at: dt.datetime | None
    sentiment_label: str | None
    sentiment_score: float | None


class TicketDetail(TicketOut):
    messages: list[MessageOut]
