"""Every write to help-center articles."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from rumbo.context import Context
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotFound
from rumbo.knowledge.models import Article
from rumbo.knowledge.schemas import ArticleIn, ArticlePatch
from rumbo.schemas import BatchReport

FIELDS = ("title", "body_md", "language", "category", "status", "translation_group", "review_at")


def slugify(text: str) -> str:
    """``"¿Cómo cambio mi contraseña?"`` → ``"como-cambio-mi-contrasena"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:200] or "articulo"


def _view(article: Article) -> dict[str, Any]:
    return {f: getattr(article, f) for f in FIELDS}


def _check_publish(ctx: Context, status: str) -> None:
    if status == "published":
        ctx.require("knowledge.publish")


def create_article(ctx: Context, data: ArticleIn) -> Article:
    ctx.require("knowledge.write")
    _check_publish(ctx, data.status)
    slug = data.slug or slugify(data.title)
    if ctx.session.scalar(
        select(Article.id).where(Article.language == data.language, Article.slug == slug)
    ):
        raise Conflict(f"An article with slug '{slug}' already exists.", fields={"slug": "taken"})
    article = Article(
        source=data.source,
        external_id=data.external_id,
        slug=slug,
        author_id=ctx.actor.user_id,
        published_at=utcnow() if data.status == "published" else None,
        **data.model_dump(include=set(FIELDS)),
    )
    ctx.session.add(article)
    ctx.session.flush()
    ctx.record("article.created", "article", article.id, after=_view(article))
    return article


def update_article(ctx: Context, article_id: int, patch: ArticlePatch) -> Article:
    ctx.require("knowledge.write")
    article = ctx.session.get(Article, article_id)
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    changes = patch.model_dump(exclude_unset=True)
    if "status" in changes:
        _check_publish(ctx, changes["status"])
    before = _view(article)
    for field, value in changes.items():
        setattr(article, field, value)
    if changes.get("status") == "published" and before["status"] != "published":
        article.published_at = utcnow()
    ctx.record(
        "article.updated",
        "article",
        article.id,
        before={k: before[k] for k in changes},
        after={k: changes[k] for k in changes},
    )
    return article


def upsert_articles(ctx: Context, rows: Sequence[ArticleIn]) -> BatchReport:
    """Idempotent load keyed by (source, external_id), for imports and the demo company."""
    ctx.require("knowledge.write")
    report = BatchReport()
    for data in rows:
        _check_publish(ctx, data.status)
        existing = data.external_id and ctx.session.scalar(
            select(Article).where(
                Article.source == data.source, Article.external_id == data.external_id
            )
        )
        values = data.model_dump(include=set(FIELDS))
        if existing:
            if _view(existing) == values:
                report.unchanged += 1
                continue
            for field, value in values.items():
                setattr(existing, field, value)
            report.updated += 1
        else:
            ctx.session.add(
                Article(
                    source=data.source,
                    external_id=data.external_id,
                    slug=data.slug or slugify(data.title),
                    author_id=ctx.actor.user_id,
                    published_at=utcnow() if data.status == "published" else None,
                    **values,
                )
            )
            report.created += 1
    ctx.session.flush()
    ctx.record(
        "article.batch_upserted",
        "article",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
    return report
