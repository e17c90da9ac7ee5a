"""A macro is a named piece of reply text shared by the whole team."""

from __future__ import annotations

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rumbo.db import Base, TimestampMixin


class Macro(TimestampMixin, Base):
    __tablename__ = "macros"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Agents pick a macro by its title, so two with the same title would be indistinguishable.
    title: Mapped[str] = mapped_column(String(120), unique=True)
    body: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(320))
