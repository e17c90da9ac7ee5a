"""Reading articles."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.knowledge.models import Article


def list_articles(
    session: Session,
    *,
    language: str | None = None,
    category: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Article], int]:
    stmt = select(Article)
    if language:
        stmt = stmt.where(Article.language == language)
    if category:
        stmt = stmt.where(Article.category == category)
    if status:
        stmt = stmt.where(Article.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.scalars(
        stmt.order_by(Article.category, Article.title).limit(limit).offset(offset)
    )
    return list(rows), total


def get_article(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


def get_article_by_slug(session: Session, language: str, slug: str) -> Article | None:
    return session.scalar(select(Article).where(Article.language == language, Article.slug == slug))
