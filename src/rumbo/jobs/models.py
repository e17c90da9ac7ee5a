"""The record of effects already performed, which makes retried jobs harmless."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, utcnow


class JobEffect(Base):
    """A job's effect that happened: written in the same transaction as the effect itself."""

    __tablename__ = "job_effects"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    job: Mapped[str] = mapped_column(String(100))
    done_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
