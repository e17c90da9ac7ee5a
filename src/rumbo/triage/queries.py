"""Reading surge groups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rumbo.triage.models import SurgeGroup


def list_groups(
    session: Session, *, status: str | None = "open", limit: int = 50
) -> list[SurgeGroup]:
    """Groups, most urgent first (priority adds up over members: size, value, mood, reach, SLA)."""
    query = select(SurgeGroup).order_by(SurgeGroup.priority.desc(), SurgeGroup.id).limit(limit)
    if status:
        query = query.where(SurgeGroup.status == status)
    return list(session.scalars(query))


def get_group(session: Session, group_id: int) -> SurgeGroup | None:
    return session.scalar(
        select(SurgeGroup)
        .where(SurgeGroup.id == group_id)
        .options(selectinload(SurgeGroup.members))
    )
