"""Drafts, their versions, the approvals on them and every delivery made.

A draft's words live in :class:`DraftVersion` rows: an edit writes the next version, so what was
approved and what was sent can always be shown exactly. Approvals name the version they approve;
an edit after approval sends the draft back for review. A :class:`DraftDelivery` is unique per
idempotency key (draft, channel, recipient), which is what makes sending twice impossible.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rumbo.db import Base, TimestampMixin, utcnow

DRAFT_STATUSES = ("draft", "in_review", "approved", "sent")
APPROVAL_KINDS = ("approve", "legal_signoff")
# "ticket": the approved words became the reply on the ticket the draft was written for.
DELIVERY_CHANNELS = ("email", "webhook", "social", "ticket")
DELIVERY_STATUSES = ("pending", "sent", "failed", "exported")


class Draft(TimestampMixin, Base):
    __tablename__ = "drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    request: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="es")
    situation: Mapped[str] = mapped_column(String(30), index=True)
    output: Mapped[str] = mapped_column(String(30))
    channel: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    backend: Mapped[str] = mapped_column(String(50), default="composer")
    needs_legal: Mapped[bool] = mapped_column(default=False)
    understood: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    customer_email: Mapped[str | None] = mapped_column(String(320))
    crm: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    sent_at: Mapped[dt.datetime | None]

    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftVersion.version"
    )
    approvals: Mapped[list[DraftApproval]] = relationship(
        back_populates="draft", cascade="all, delete-orphan", order_by="DraftApproval.id"
    )
    ticket_link: Mapped[TicketDraft | None] = relationship(
        back_populates="draft", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def ticket_id(self) -> int | None:
        """The ticket this draft answers, when it was written from one."""
        return self.ticket_link.ticket_id if self.ticket_link is not None else None


class DraftVersion(Base):
    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("draft_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    subject: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    plan: Mapped[list[Any] | None] = mapped_column(JSON)
    critique: Mapped[list[Any]] = mapped_column(JSON, default=list)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_label: Mapped[str] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="versions")


class DraftApproval(Base):
    __tablename__ = "draft_approvals"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(String(320))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    draft: Mapped[Draft] = relationship(back_populates="approvals")


class DraftDelivery(Base):
    __tablename__ = "draft_deliveries"

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    channel: Mapped[str] = mapped_column(String(20))
    recipient: Mapped[str] = mapped_column(String(500))
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(String(500))
    actor_label: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class TicketDraft(Base):
    """A draft written to answer a ticket; once approved it is sent as that ticket's reply.

    A table of its own rather than a column on ``drafts``: adding a referencing column to an
    existing SQLite table means rebuilding it, which would cascade-delete every draft's versions.
    """

    __tablename__ = "ticket_drafts"

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)

    draft: Mapped[Draft] = relationship(back_populates="ticket_link")
