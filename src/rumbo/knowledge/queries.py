"""Reading articles."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from rumbo.knowledge.models import Article, ArticleVersion, Synonym


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


def list_versions(session: Session, article_id: int) -> list[ArticleVersion]:
    """An article's saved versions, newest first."""
    return list(
        session.scalars(
            select(ArticleVersion)
            .where(ArticleVersion.article_id == article_id)
            .order_by(ArticleVersion.version.desc())
        )
    )


def list_synonyms(session: Session, *, language: str | None = None) -> list[Synonym]:
    """Every synonym group, by language and then oldest first."""
    stmt = select(Synonym).order_by(Synonym.language, Synonym.id)
    if language:
        stmt = stmt.where(Synonym.language == language)
    return list(session.scalars(stmt))


def get_synonym(session: Session, synonym_id: int) -> Synonym | None:
    return session.get(Synonym, synonym_id)


# What the public help center may show: published articles only, in every query below.


def _published(language: str) -> Select[Article]:
    return select(Article).where(Article.status == "published", Article.language == language)


def published_articles(session: Session, language: str) -> list[Article]:
    """Every published article in ``language``, by category and title."""
    return list(session.scalars(_published(language).order_by(Article.category, Article.title)))


def published_categories(session: Session, language: str) -> list[tuple[str, int]]:
    """The categories with published articles in ``language``, and how many each has."""
    rows = session.execute(
        select(Article.category, func.count())
        .where(Article.status == "published", Article.language == language)
        .group_by(Article.category)
        .order_by(Article.category)
    )
    return [(str(name), int(count)) for name, count in rows]


def published_in_category(session: Session, language: str, category: str) -> list[Article]:
    return list(
        session.scalars(
            _published(language).where(Article.category == category).order_by(Article.title)
        )
    )


def published_by_slug(session: Session, language: str, slug: str) -> Article | None:
    return session.scalar(_published(language).where(Article.slug == slug))


def published_translation(session: Session, article: Article, language: str) -> Article | None:
    """The published version of ``article`` in ``language`` (same translation group), if any."""
    if article.language == language:
        return article
    if not article.translation_group:
        return None
    return session.scalar(
        _published(language).where(Article.translation_group == article.translation_group)
    )


def published_for_reader(session: Session, ids: list[int], language: str) -> dict[int, Article]:
    """For each published article in ``ids``, the article a reader of ``language`` should see.

    That is the article itself, or its published translation into ``language`` when it has one;
    drafts and archived articles are left out.
    """
    if not ids:
        return {}
    found = list(
        session.scalars(select(Article).where(Article.id.in_(ids), Article.status == "published"))
    )
    groups = {a.translation_group for a in found if a.language != language} - {None}
    pairs = {
        a.translation_group: a
        for a in session.scalars(_published(language).where(Article.translation_group.in_(groups)))
    }
    return {a.id: pairs.get(a.translation_group, a) if a.language != language else a for a in found}
