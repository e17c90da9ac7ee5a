"""Help-center articles with their versions, and the synonym list the search uses."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.errors import NotFound
from rumbo.knowledge import actions, queries, synonyms
from rumbo.knowledge.render import to_html
from rumbo.knowledge.schemas import (
    ArticleDetailOut,
    ArticleIn,
    ArticleOut,
    ArticlePatch,
    ArticleStatus,
    ArticleVersionOut,
    SynonymIn,
    SynonymOut,
    SynonymPatch,
)
from rumbo.schemas import Page

router = APIRouter(tags=["knowledge"])


@router.get("/articles", response_model=Page[ArticleOut], dependencies=needs("knowledge.read"))
def list_articles(
    session: ReadSession,
    language: Annotated[str | None, Query(pattern="^(es|en|pt)$")] = None,
    category: str | None = None,
    status: ArticleStatus | None = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[ArticleOut]:
    rows, total = queries.list_articles(
        session, language=language, category=category, status=status, limit=limit, offset=offset
    )
    return Page(
        items=[ArticleOut.model_validate(a) for a in rows], total=total, limit=limit, offset=offset
    )


@router.post("/articles", response_model=ArticleOut, status_code=status.HTTP_201_CREATED)
def create_article(data: ArticleIn, ctx: UnitOfWork) -> ArticleOut:
    return ArticleOut.model_validate(actions.create_article(ctx, data))


@router.get(
    "/articles/{article_id}", response_model=ArticleDetailOut, dependencies=needs("knowledge.read")
)
def get_article(article_id: int, session: ReadSession) -> ArticleDetailOut:
    """One article, with ``body_html``: its Markdown rendered and sanitised."""
    article = queries.get_article(session, article_id)
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    fields = ArticleOut.model_validate(article).model_dump()
    return ArticleDetailOut(
        **fields, author_id=article.author_id, body_html=to_html(article.body_md)
    )


@router.patch("/articles/{article_id}", response_model=ArticleOut)
def update_article(article_id: int, patch: ArticlePatch, ctx: UnitOfWork) -> ArticleOut:
    """Edit fields; ``{"status": "published"}`` publishes and ``"archived"`` archives."""
    return ArticleOut.model_validate(actions.update_article(ctx, article_id, patch))


@router.get(
    "/articles/{article_id}/versions",
    response_model=list[ArticleVersionOut],
    dependencies=needs("knowledge.read"),
)
def list_versions(article_id: int, session: ReadSession) -> list[ArticleVersionOut]:
    """Every saved version of an article, newest first."""
    if queries.get_article(session, article_id) is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return [ArticleVersionOut.model_validate(v) for v in queries.list_versions(session, article_id)]


@router.post("/articles/{article_id}/versions/{version}/restore", response_model=ArticleOut)
def restore_version(article_id: int, version: int, ctx: UnitOfWork) -> ArticleOut:
    """Bring back an older version's title and text, saved as a new version."""
    return ArticleOut.model_validate(actions.restore_version(ctx, article_id, version))


@router.get("/kb/synonyms", response_model=list[SynonymOut], dependencies=needs("knowledge.read"))
def list_synonyms(
    session: ReadSession,
    language: Annotated[str | None, Query(pattern="^(es|en|pt)$")] = None,
) -> list[SynonymOut]:
    return [SynonymOut.model_validate(s) for s in queries.list_synonyms(session, language=language)]


@router.post("/kb/synonyms", response_model=SynonymOut, status_code=status.HTTP_201_CREATED)
def add_synonym(data: SynonymIn, ctx: UnitOfWork) -> SynonymOut:
    """Add a group of terms that mean the same (administrators only)."""
    return SynonymOut.model_validate(synonyms.add_synonym(ctx, data))


@router.patch("/kb/synonyms/{synonym_id}", response_model=SynonymOut)
def update_synonym(synonym_id: int, patch: SynonymPatch, ctx: UnitOfWork) -> SynonymOut:
    return SynonymOut.model_validate(synonyms.update_synonym(ctx, synonym_id, patch))


@router.delete("/kb/synonyms/{synonym_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_synonym(synonym_id: int, ctx: UnitOfWork) -> Response:
    synonyms.remove_synonym(ctx, synonym_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
