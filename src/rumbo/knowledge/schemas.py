from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rumbo.schemas import ExternalId, LanguageCode, NonEmpty, StrictInput

ArticleStatus = Literal["draft", "published", "archived"]


class ArticleIn(StrictInput):
    source: str = "rumbo"
    external_id: ExternalId | None = None
    slug: str | None = Field(None, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=200)
    title: NonEmpty = Field(max_length=300)
    body_md: NonEmpty = Field(max_length=200_000)
    language: LanguageCode = "es"
    category: NonEmpty = Field(max_length=100)
    status: ArticleStatus = "draft"
    translation_group: str | None = Field(None, max_length=100)
    review_at: dt.date | None = None


class ArticlePatch(StrictInput):
    title: NonEmpty | None = Field(None, max_length=300)
    body_md: NonEmpty | None = Field(None, max_length=200_000)
    category: NonEmpty | None = Field(None, max_length=100)
    status: ArticleStatus | None = None
    review_at: dt.date | None = None


class ArticleOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    external_id: str | None
    slug: str
    title: str
    body_md: str
    language: str
    category: str
    status: str
    translation_group: str | None
    review_at: dt.date | None
    published_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime


class ArticleDetailOut(ArticleOut):
    """One article with its Markdown rendered as sanitised HTML."""

    author_id: int | None
    body_html: str


class ArticleVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    title: str
    body_md: str
    status: str
    author_id: int | None
    note: str | None
    created_at: dt.datetime


class FeedbackIn(StrictInput):
    """A reader's "was this helpful?" answer; the comment is optional."""

    helpful: bool
    comment: str | None = Field(None, max_length=2000)


def _synonym_terms(terms: list[str]) -> list[str]:
    # Terms are compared case-insensitively and kept in the order given, without repeats.
    cleaned: list[str] = []
    for index, term in enumerate(terms):
        value = " ".join(term.split()).lower()
        if not value:
            raise ValueError(f"term {index + 1} is empty")
        if len(value) > 100:
            raise ValueError(f"term {index + 1} is longer than 100 characters")
        if value not in cleaned:
            cleaned.append(value)
    if len(cleaned) < 2:
        raise ValueError("a synonym group needs at least two different terms")
    return cleaned


SynonymTerms = Annotated[list[str], Field(max_length=50), AfterValidator(_synonym_terms)]


class SynonymIn(StrictInput):
    language: LanguageCode = "es"
    terms: SynonymTerms


class SynonymPatch(StrictInput):
    language: LanguageCode | None = None
    terms: SynonymTerms | None = None


class SynonymOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    language: str
    terms: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime
