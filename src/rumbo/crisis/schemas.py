"""What the crisis room accepts and returns."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from rumbo.crisis.kinds import IncidentTypeName, Severity
from rumbo.drafting.vocabulary import OwnerRole
from rumbo.schemas import StrictInput

Word = Annotated[str, Field(min_length=1, max_length=100)]
Id = Annotated[int, Field(ge=1, le=2_147_483_647)]
Status = Literal["detected", "declared", "mitigating", "monitoring", "resolved", "review"]
MemberRole = Literal["commander"] | OwnerRole
ComponentStatus = Literal[
    "operational", "degraded", "partial_outage", "major_outage", "maintenance"
]
Phase = Literal["investigating", "identified", "monitoring", "resolved"]


class IncidentIn(StrictInput):
    title: str = Field(min_length=3, max_length=300)
    type: IncidentTypeName
    severity: Severity | None = None
    summary: str = Field("", max_length=20_000)
    language: Literal["es", "en"] = "es"
    keywords: list[Word] = Field(default_factory=list, max_length=50)
    affected_products: list[Word] = Field(default_factory=list, max_length=200)
    affected_segments: list[Word] = Field(default_factory=list, max_length=200)
    affected_company_ids: list[Id] = Field(default_factory=list, max_length=10_000)
    alert_ids: list[Id] = Field(default_factory=list, max_length=1000)
    ticket_ids: list[Id] = Field(default_factory=list, max_length=10_000)
    mention_ids: list[Id] = Field(default_factory=list, max_length=10_000)
    explanation: dict[str, Any] = Field(default_factory=dict)


class StatusChange(StrictInput):
    status: Status
    note: str | None = Field(None, max_length=2000)


class MemberIn(StrictInput):
    user_id: int
    role: MemberRole


class LinksIn(StrictInput):
    alert_ids: list[Id] = Field(default_factory=list, max_length=1000)
    ticket_ids: list[Id] = Field(default_factory=list, max_length=10_000)
    mention_ids: list[Id] = Field(default_factory=list, max_length=10_000)


class NoteIn(StrictInput):
    message: str = Field(min_length=1, max_length=5000)


class MemberOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    user_id: int
    role: str
    added_at: dt.datetime


class IncidentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    type: str
    severity: str
    status: str
    summary: str
    language: str
    commander_id: int | None
    keywords: list[str]
    affected_products: list[str]
    affected_segments: list[str]
    affected_company_ids: list[int]
    alert_ids: list[int]
    ticket_ids: list[int]
    mention_ids: list[int]
    playbook_version_id: int | None
    notice_id: int | None
    detected_at: dt.datetime
    declared_at: dt.datetime | None
    resolved_at: dt.datetime | None
    status_changed_at: dt.datetime
    next_statuses: list[str] = Field(default_factory=list)


class EventOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: dt.datetime
    kind: str
    actor_label: str
    message: str
    data: dict[str, Any]


class TaskOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    incident_id: int
    position: int
    stage: str
    title: str
    owner_role: str
    assignee_id: int | None
    approvals: list[str]
    due_at: dt.datetime
    done_at: dt.datetime | None
    done_by: str | None
    reminders_sent: int


class CommunicationOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    stage: str
    audience: str
    channel: str
    brief: str
    approvals: list[str]
    due_at: dt.datetime
    status: str
    draft_id: int | None


class IncidentDetailOut(IncidentOut):
    members: list[MemberOut]
    tasks: list[TaskOut]
    communications: list[CommunicationOut]
    timeline: list[EventOut]
    explanation: dict[str, Any]


class PlaybookVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    incident_type: str
    version: int
    name: str
    note: str | None
    author_label: str
    created_at: dt.datetime


class PlaybookIn(StrictInput):
    yaml: str = Field(min_length=1, max_length=200_000)
    note: str | None = Field(None, max_length=300)


class ComponentIn(StrictInput):
    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$")
    name: str = Field(min_length=1, max_length=200)
    description: str = Field("", max_length=2000)
    position: int = 0
    status: ComponentStatus = "operational"


class ComponentOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    key: str
    name: str
    description: str
    position: int
    status: str


class StatusUpdateIn(StrictInput):
    incident_id: int
    title: str = Field(min_length=3, max_length=300)
    body: str = Field(min_length=3, max_length=10_000)
    phase: Phase = "investigating"
    language: Literal["es", "en"] = "es"
    component_statuses: dict[str, ComponentStatus] = Field(default_factory=dict)


class StatusUpdateOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    incident_id: int
    state: str
    phase: str
    title: str
    body: str
    language: str
    component_statuses: dict[str, str]
    drafted_by: str
    approved_by: str | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    created_at: dt.datetime


class SubscribeIn(StrictInput):
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ReminderReport(BaseModel):
    overdue: int
    reminded: int
    task_ids: list[int]
    # Incidents whose playbook's public-update cadence lapsed (e.g. every 30 min in an outage).
    status_updates_due: list[int] = Field(default_factory=list)


class FromAlertIn(StrictInput):
    alert_id: int
    type: IncidentTypeName
    title: str | None = Field(None, min_length=3, max_length=300)
    keywords: list[Word] = Field(default_factory=list, max_length=20)


class FromTicketIn(StrictInput):
    ticket_id: int
    type: IncidentTypeName
    title: str | None = Field(None, min_length=3, max_length=300)


class DeclareIn(StrictInput):
    note: str | None = Field(None, max_length=2000)


class ProblemOut(BaseModel):
    line: int | None
    field: str
    message: str


class ValidationOut(BaseModel):
    valid: bool
    type: str | None = None
    name: str | None = None
    problems: list[ProblemOut] = Field(default_factory=list)


class PlaybookOut(BaseModel):
    """The playbook in force for a type: its YAML and, when stored, its version."""

    type: str
    name: str
    version: int | None
    yaml: str
    stages: int
    tasks: int
    communications: int
