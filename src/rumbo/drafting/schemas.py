"""What the drafting API takes and gives."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rumbo.drafting.vocabulary import OwnerRole
from rumbo.schemas import NonEmpty, StrictInput

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
Channel = Literal["email", "chat", "social", "sms", "statement", "reply"]


class DraftIn(StrictInput):
    """A request in plain language, with the customer and the brand voice it is for."""

    request: NonEmpty = Field(max_length=4000)
    customer_email: str | None = Field(None, pattern=EMAIL_PATTERN, max_length=320)
    context: dict[str, Any] | None = Field(
        None, description='CRM context from elsewhere: {"customer": {"name": ..., ...}}'
    )
    brand: str | None = Field(
        None, max_length=100_000, description="A brand voice as YAML or JSON text."
    )
    channel: Channel | None = None
    backend: Literal["auto", "composer"] = Field(
        "auto", description="auto: the configured LLM when there is one; composer: offline."
    )

    @model_validator(mode="after")
    def _one_customer_source(self) -> DraftIn:
        if self.customer_email and self.context:
            raise ValueError("give customer_email or context, not both")
        return self


class PlanTask(StrictInput):
    title: NonEmpty = Field(max_length=300)
    owner_roles: list[OwnerRole] = Field(min_length=1)
    due: NonEmpty = Field(max_length=100)


class PlanStage(StrictInput):
    name: NonEmpty = Field(max_length=200)
    time_frame: NonEmpty = Field(max_length=100)
    tasks: list[PlanTask]


class DraftEdit(StrictInput):
    """An edit: the new words. It becomes the next version and is critiqued again."""

    text: NonEmpty = Field(max_length=20_000)
    subject: str | None = Field(None, max_length=300)
    plan: list[PlanStage] | None = None
    note: str | None = Field(None, max_length=300)


class ApprovalIn(StrictInput):
    note: str | None = Field(None, max_length=300)


class SegmentIn(StrictInput):
    """CRM contacts to send a statement to: every filter given must match."""

    country: str | None = Field(None, pattern=r"^[A-Z]{2}$")
    plan: str | None = Field(None, max_length=50)
    health: Literal["healthy", "watch", "at_risk"] | None = None
    company_id: int | None = None
    limit: int = Field(1000, ge=1, le=10_000)


class SendIn(StrictInput):
    channel: Literal["email", "webhook", "social"]
    to: list[str] = Field(default_factory=list, max_length=1000)
    segment: SegmentIn | None = None
    url: str | None = Field(None, pattern=r"^https?://", max_length=2000)

    @model_validator(mode="after")
    def _target(self) -> SendIn:
        import re

        if self.channel == "email":
            if not self.to and self.segment is None:
                raise ValueError("email needs 'to' addresses or a 'segment'")
            bad = [a for a in self.to if not re.match(EMAIL_PATTERN, a)]
            if bad:
                raise ValueError(f"not an email address: {bad[0]}")
        if self.channel == "webhook" and not self.url:
            raise ValueError("webhook needs a 'url'")
        return self


class VersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    subject: str | None
    text: str
    plan: list[Any] | None
    critique: list[Any]
    author_label: str
    note: str | None
    created_at: dt.datetime


class ApprovalOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    kind: str
    actor_label: str
    note: str | None
    created_at: dt.datetime


class DraftOut(BaseModel):
    """A stored draft with its current version's words and its review state."""

    id: int
    status: str
    version: int
    situation: str
    output: str
    language: str
    channel: str | None
    backend: str
    needs_legal: bool
    customer_email: str | None
    understood: dict[str, Any]
    subject: str | None
    text: str
    plan: list[Any] | None
    critique: list[Any]
    approvals: list[ApprovalOut]
    created_at: dt.datetime
    updated_at: dt.datetime


class DeliveryOut(BaseModel):
    recipient: str
    status: str
    error: str | None = None


class SendReport(BaseModel):
    draft_id: int
    channel: str
    status: str
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deliveries: list[DeliveryOut] = Field(default_factory=list)
    export: dict[str, Any] | None = None


def draft_out(draft: Any) -> DraftOut:
    """A stored :class:`~rumbo.drafting.models.Draft` (versions loaded) as :class:`DraftOut`."""
    version = next(v for v in draft.versions if v.version == draft.version)
    return DraftOut(
        id=draft.id,
        status=draft.status,
        version=draft.version,
        situation=draft.situation,
        output=draft.output,
        language=draft.language,
        channel=draft.channel,
        backend=draft.backend,
        needs_legal=draft.needs_legal,
        customer_email=draft.customer_email,
        understood=draft.understood,
        subject=version.subject,
        text=version.text,
        plan=version.plan,
        critique=version.critique,
        approvals=[ApprovalOut.model_validate(a) for a in draft.approvals],
        created_at=draft.created_at,
        updated_at=draft.updated_at,
    )
