"""Reading macros."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rumbo.macros.models import Macro


def list_macros(session: Session) -> list[Macro]:
    return list(session.scalars(select(Macro).order_by(Macro.title, Macro.id)))
