from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

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
