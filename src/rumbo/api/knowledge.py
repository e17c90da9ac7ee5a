"""Help-center articles (records; search comes with the knowledge work)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.errors import NotFound
from rumbo.knowledge import actions, queries
from rumbo.knowledge.schemas import ArticleIn, ArticleOut, ArticlePatch, ArticleStatus
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
    "/articles/{article_id}", response_model=ArticleOut, dependencies=needs("knowledge.read")
)
def get_article(article_id: int, session: ReadSession) -> ArticleOut:
    article = queries.get_article(session, article_id)
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return ArticleOut.model_validate(article)


@router.patch("/articles/{article_id}", response_model=ArticleOut)
def update_article(article_id: int, patch: ArticlePatch, ctx: UnitOfWork) -> ArticleOut:
    return ArticleOut.model_validate(actions.update_article(ctx, article_id, patch))
