"""Help-center articles as stored records. Search and versions come with the knowledge work."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, TimestampMixin

ARTICLE_STATUSES = ("draft", "published", "archived")


class Article(TimestampMixin, Base):
    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("source", "external_id"),
        UniqueConstraint("language", "slug"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(50), default="rumbo")
    external_id: Mapped[str | None] = mapped_column(String(100))
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    body_md: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(5), default="es", index=True)
    category: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # A Spanish article and its English version share one translation group (the first one's id).
    translation_group: Mapped[str | None] = mapped_column(String(100), index=True)
    review_at: Mapped[dt.date | None]
    published_at: Mapped[dt.datetime | None]
