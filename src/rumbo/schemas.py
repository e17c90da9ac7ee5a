"""Schema pieces shared by every domain."""

from __future__ import annotations

from typing import Annotated, Generic, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

T = TypeVar("T")


def _strip(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("must not be empty")
    return value


NonEmpty = Annotated[str, AfterValidator(_strip)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
LanguageCode = Annotated[str, Field(pattern=r"^(es|en|pt)$")]
ExternalId = Annotated[str, Field(min_length=1, max_length=100)]


class StrictInput(BaseModel):
    """Input schemas reject unknown fields, so a typo is an error instead of silent data loss."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


class BatchReport(BaseModel):
    """What an ingestion-style write did: idempotent, so re-sending reports ``unchanged``."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[RowError] = Field(default_factory=list)


class RowError(BaseModel):
    row: int
    field: str
    reason: str


BatchReport.model_rebuild()
