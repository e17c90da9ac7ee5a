"""Surge groups: open requests that ask the same thing, and the replies sent to a whole group."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Float, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rumbo.db import Base, TimestampMixin


class SurgeGroup(TimestampMixin, Base):
    """A group found by the last regrouping. ``status``: open, superseded, answered."""

    __tablename__ = "surge_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    label: Mapped[str] = mapped_column(String(300))
    terms: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    size: Mapped[int] = mapped_column(default=0)
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    # The crisis room's incident this surge belongs to (kept as an id: incidents may live in a
    # store of their own and a group outlives an incident's deletion).
    incident_id: Mapped[int | None] = mapped_column(index=True)
    window_start: Mapped[dt.datetime]
    window_end: Mapped[dt.datetime]

    members: Mapped[list[SurgeMember]] = relationship(
        back_populates="group", cascade="all, delete-orphan", order_by="SurgeMember.rank"
    )


class SurgeMember(Base):
    """A ticket in a group, with its place in the group's priority order."""

    __tablename__ = "surge_members"
    __table_args__ = (UniqueConstraint("group_id", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("surge_groups.id", ondelete="CASCADE"), index=True
    )
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int] = mapped_column(default=0)
    priority: Mapped[float] = mapped_column(Float, default=0.0)
    similarity: Mapped[float] = mapped_column(Float, default=0.0)

    group: Mapped[SurgeGroup] = relationship(back_populates="members")


class SurgeReply(Base):
    """One ticket answered by a bulk reply. The unique key makes a re-run send nothing twice."""

    __tablename__ = "surge_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    group_id: Mapped[int] = mapped_column(
        ForeignKey("surge_groups.id", ondelete="CASCADE"), index=True
    )
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    sent_at: Mapped[dt.datetime]
