"""Reading drafts: lists with filters, one draft with its versions, approvals and deliveries."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from rumbo.drafting.models import Draft, DraftDelivery, DraftVersion, TicketDraft


def list_drafts(
    session: Session,
    *,
    status: str | None = None,
    statuses: Sequence[str] = (),
    situation: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Draft], int]:
    """Drafts newest first; ``statuses`` keeps those in any of them (the review queue)."""
    stmt = select(Draft).order_by(Draft.created_at.desc(), Draft.id.desc())
    if status:
        stmt = stmt.where(Draft.status == status)
    if statuses:
        stmt = stmt.where(Draft.status.in_(statuses))
    if situation:
        stmt = stmt.where(Draft.situation == situation)
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    rows = session.scalars(
        stmt.options(selectinload(Draft.versions), selectinload(Draft.approvals))
        .limit(limit)
        .offset(offset)
    )
    return list(rows), total


def get_draft(session: Session, draft_id: int) -> Draft | None:
    return session.scalar(
        select(Draft)
        .where(Draft.id == draft_id)
        .options(selectinload(Draft.versions), selectinload(Draft.approvals))
    )


def versions(session: Session, draft_id: int) -> list[DraftVersion]:
    return list(
        session.scalars(
            select(DraftVersion)
            .where(DraftVersion.draft_id == draft_id)
            .order_by(DraftVersion.version)
        )
    )


def deliveries(session: Session, draft_id: int) -> list[DraftDelivery]:
    return list(
        session.scalars(
            select(DraftDelivery)
            .where(DraftDelivery.draft_id == draft_id)
            .order_by(DraftDelivery.id)
        )
    )


def latest_for_ticket(session: Session, ticket_id: int) -> Draft | None:
    """The newest draft written for the ticket, with its versions and approvals."""
    return session.scalar(
        select(Draft)
        .join(TicketDraft, TicketDraft.draft_id == Draft.id)
        .where(TicketDraft.ticket_id == ticket_id)
        .order_by(Draft.id.desc())
        .limit(1)
        .options(selectinload(Draft.versions), selectinload(Draft.approvals))
    )
