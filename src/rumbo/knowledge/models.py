"""Help-center articles, their versions, and what the search index derives from them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, TimestampMixin, utcnow

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
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Indexed: the newest change is part of the signature every search reads.
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)


class ArticleVersion(Base):
    """Every saved state of an article: edits never overwrite history."""

    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))
    body_md: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ArticleChunk(Base):
    """A passage of an article as the search index sees it: analysed terms and its embedding.

    Derived data: rebuilt from the article whenever it changes (``rumbo kb reindex`` rebuilds all).
    """

    __tablename__ = "article_chunks"
    __table_args__ = (UniqueConstraint("article_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    language: Mapped[str] = mapped_column(String(5))
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text, default="")
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    # Set exactly when ``embedding`` is; indexed so the passages still missing a current vector
    # are counted from the index (the search signature), not by reading every passage.
    embedding_model: Mapped[str | None] = mapped_column(String(100), index=True)
    content_hash: Mapped[str] = mapped_column(String(64))


class Synonym(TimestampMixin, Base):
    """A group of words that mean the same to customers, e.g. envío, despacho, entrega."""

    __tablename__ = "kb_synonyms"

    id: Mapped[int] = mapped_column(primary_key=True)
    language: Mapped[str] = mapped_column(String(5), index=True)
    terms: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ArticleFeedback(Base):
    """A reader's answer to "was this helpful?"."""

    __tablename__ = "article_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    helpful: Mapped[bool]
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
