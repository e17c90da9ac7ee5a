"""Every write to help-center articles.

Each saved state of an article is kept as an :class:`ArticleVersion`: creating an article writes
version 1, every change writes the next number, and restoring an old version writes a new one
with the old words, so history only ever grows. ``articles.version`` is the current number.
Events carry the article's id (``id``; ``article_ids`` for batches) so the search index can
rebuild just the passages of what changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from rumbo.context import Context
from rumbo.db import refuse_nulls, refuse_taken_external_id, utcnow
from rumbo.errors import Conflict, NotFound
from rumbo.knowledge.models import Article, ArticleFeedback, ArticleVersion
from rumbo.knowledge.schemas import ArticleIn, ArticlePatch, FeedbackIn
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


def _get(ctx: Context, article_id: int) -> Article:
    article = ctx.session.get(Article, article_id)
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return article


def _snapshot(ctx: Context, article: Article, note: str | None) -> ArticleVersion:
    """Store the article's current state under its current version number."""
    version = ArticleVersion(
        article_id=article.id,
        version=article.version,
        title=article.title,
        body_md=article.body_md,
        status=article.status,
        author_id=ctx.actor.user_id,
        note=note[:300] if note else None,
    )
    ctx.session.add(version)
    return version


def create_article(ctx: Context, data: ArticleIn) -> Article:
    ctx.require("knowledge.write")
    _check_publish(ctx, data.status)
    slug = data.slug or slugify(data.title)
    if ctx.session.scalar(
        select(Article.id).where(Article.language == data.language, Article.slug == slug)
    ):
        raise Conflict(f"An article with slug '{slug}' already exists.", fields={"slug": "taken"})
    refuse_taken_external_id(ctx.session, Article, "article", data.source, data.external_id)
    article = Article(
        source=data.source,
        external_id=data.external_id,
        slug=slug,
        author_id=ctx.actor.user_id,
        published_at=utcnow() if data.status == "published" else None,
        version=1,
        **data.model_dump(include=set(FIELDS)),
    )
    ctx.session.add(article)
    ctx.session.flush()
    _snapshot(ctx, article, "created")
    ctx.record(
        "article.created",
        "article",
        article.id,
        after=_view(article),
        payload={"id": article.id, "version": 1, **_view(article)},
    )
    return article


def update_article(
    ctx: Context, article_id: int, patch: ArticlePatch, *, note: str | None = None
) -> Article:
    """Apply the fields ``patch`` sets; a change writes the next version, no change writes none.

    Publishing and archiving are status changes made here too.
    """
    ctx.require("knowledge.write")
    article = _get(ctx, article_id)
    requested = patch.model_dump(exclude_unset=True)
    refuse_nulls(Article, requested)
    if "status" in requested:
        _check_publish(ctx, requested["status"])
    before = _view(article)
    changes = {k: v for k, v in requested.items() if before.get(k) != v}
    if not changes:
        return article
    for field, value in changes.items():
        setattr(article, field, value)
    if changes.get("status") == "published":
        article.published_at = utcnow()
    article.version += 1
    _snapshot(ctx, article, note or _describe(changes))
    ctx.record(
        "article.updated",
        "article",
        article.id,
        before={k: before[k] for k in changes},
        after=changes,
        payload={"id": article.id, "version": article.version, **changes},
    )
    return article


def _describe(changes: dict[str, Any]) -> str:
    if set(changes) == {"status"}:
        return {"published": "published", "archived": "archived"}.get(
            changes["status"], f"status {changes['status']}"
        )
    return "edited: " + ", ".join(sorted(changes))


def restore_version(ctx: Context, article_id: int, version: int) -> Article:
    """Bring back the title and text of an older version, saved as a new version.

    The status is left as it is: restoring words must not publish or unpublish an article.
    """
    ctx.require("knowledge.write")
    article = _get(ctx, article_id)
    old = ctx.session.scalar(
        select(ArticleVersion).where(
            ArticleVersion.article_id == article_id, ArticleVersion.version == version
        )
    )
    if old is None:
        raise NotFound(
            f"Article {article_id} has no version {version}.", fields={"version": "unknown"}
        )
    before = {"title": article.title, "body_md": article.body_md}
    article.title = old.title
    article.body_md = old.body_md
    article.version += 1
    _snapshot(ctx, article, f"restored from version {version}")
    ctx.record(
        "article.restored",
        "article",
        article.id,
        before=before,
        after={"title": article.title, "body_md": article.body_md, "from_version": version},
        # Readers of the event (the search index) only need to know the article changed.
        event="article.updated",
        payload={"id": article.id, "version": article.version, "restored_from": version},
    )
    return article


def upsert_articles(ctx: Context, rows: Sequence[ArticleIn]) -> BatchReport:
    """Idempotent load keyed by (source, external_id), for imports and the demo company."""
    ctx.require("knowledge.write")
    report = BatchReport()
    touched: list[tuple[Article, str]] = []
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
            if values["status"] == "published" and existing.status != "published":
                existing.published_at = utcnow()
            for field, value in values.items():
                setattr(existing, field, value)
            existing.version += 1
            touched.append((existing, "imported update"))
            report.updated += 1
        else:
            article = Article(
                source=data.source,
                external_id=data.external_id,
                slug=data.slug or slugify(data.title),
                author_id=ctx.actor.user_id,
                published_at=utcnow() if data.status == "published" else None,
                version=1,
                **values,
            )
            ctx.session.add(article)
            touched.append((article, "imported"))
            report.created += 1
    ctx.session.flush()
    for article, note in touched:
        _snapshot(ctx, article, note)
    ctx.record(
        "article.batch_upserted",
        "article",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
        payload={
            **report.model_dump(include={"created", "updated", "unchanged"}),
            "article_ids": [a.id for a, _ in touched],
        },
    )
    return report


def record_feedback(ctx: Context, article_id: int, data: FeedbackIn) -> ArticleFeedback:
    """Store a reader's "was this helpful?" answer; anyone may give it, on published articles."""
    article = ctx.session.get(Article, article_id)
    if article is None or article.status != "published":
        raise NotFound(f"Article {article_id} does not exist.")
    comment = (data.comment or "").strip() or None
    feedback = ArticleFeedback(article_id=article_id, helpful=data.helpful, comment=comment)
    ctx.session.add(feedback)
    ctx.session.flush()
    ctx.record(
        "article.feedback",
        "article",
        article_id,
        after={"helpful": data.helpful, "comment": comment is not None},
        payload={"id": article_id, "helpful": data.helpful},
    )
    return feedback
