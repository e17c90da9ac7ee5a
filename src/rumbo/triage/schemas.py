"""What the surge-triage interfaces accept and return."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field

from rumbo.schemas import StrictInput


class RegroupIn(StrictInput):
    hours: int = Field(24, ge=1, le=24 * 30, description="Look at tickets opened this far back.")
    min_size: int = Field(3, ge=2, le=1000, description="Smaller groups are not a surge.")


class LinkIn(StrictInput):
    incident_id: int | None = Field(..., ge=1, description="The incident, or null to unlink.")


class BulkReplyIn(StrictInput):
    body: str = Field(
        ...,
        min_length=1,
        max_length=20_000,
        description="The approved reply. {first_name}, {name} and {company} are filled per "
        "recipient; a greeting with the first name is added when the text has none.",
    )
    status: str = Field("pending", pattern="^(open|pending|solved)$")
    draft_id: int | None = Field(None, ge=1, description="The approved draft it comes from.")


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    ticket_id: int
    rank: int
    priority: float
    similarity: float


class GroupOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    label: str
    terms: list[str]
    status: str
    size: int
    priority: float
    incident_id: int | None
    window_start: dt.datetime
    window_end: dt.datetime


class GroupDetailOut(GroupOut):
    members: list[MemberOut]


class RegroupOut(BaseModel):
    groups: list[GroupOut]
    tickets_seen: int
    tickets_grouped: int


class BulkReplyOut(BaseModel):
    group_id: int
    sent: int
    already_sent: int
    ticket_ids: list[int]
