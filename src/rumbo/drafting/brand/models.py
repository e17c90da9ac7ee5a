"""The stored brand voice and its versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, TimestampMixin, utcnow


class BrandVoiceRecord(TimestampMixin, Base):
    """The brand's current voice. ``key`` names it ("default" for the installation's brand)."""

    __tablename__ = "brand_voices"
    __table_args__ = (UniqueConstraint("key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(50), default="default")
    name: Mapped[str] = mapped_column(String(200))
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class BrandVoiceVersion(Base):
    """Every saved state of a voice: edits never overwrite history."""

    __tablename__ = "brand_voice_versions"
    __table_args__ = (UniqueConstraint("voice_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    voice_id: Mapped[int] = mapped_column(ForeignKey("brand_voices.id", ondelete="CASCADE"))
    version: Mapped[int]
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_label: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
