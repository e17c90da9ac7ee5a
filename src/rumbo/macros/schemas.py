"""What the API accepts and returns for macros."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, ConfigDict, Field, field_validator

from rumbo.macros.fields import FIELDS, unknown_fields
from rumbo.schemas import StrictInput


class MacroIn(StrictInput):
    title: str = Field(min_length=1, max_length=120)
    body: str = Field(min_length=1, max_length=5000)

    @field_validator("body")
    @classmethod
    def _known_fields(cls, body: str) -> str:
        # A misspelt field would otherwise reach a customer as "{nombr}".
        unknown = unknown_fields(body)
        if unknown:
            allowed = ", ".join(f"{{{f}}}" for f in FIELDS)
            wrong = ", ".join(f"{{{f}}}" for f in unknown)
            raise ValueError(f"unknown fields {wrong}; a macro may use {allowed}")
        return body


class MacroOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    body: str
    created_by: str
    created_at: dt.datetime
