"""What the brand-voice interfaces send back."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict


class BrandVoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    key: str
    name: str
    version: int
    updated_at: dt.datetime
    voice: dict[str, Any]


class BrandVoiceVersionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    version: int
    author_label: str | None
    note: str | None
    created_at: dt.datetime
    name: str
