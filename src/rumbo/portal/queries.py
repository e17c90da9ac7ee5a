"""What a signed-in customer may read: their own tickets, without internal notes."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rumbo.tickets.models import Message, Ticket

MAX_TICKETS = 200


def tickets_of(session: Session, contact_id: int, *, limit: int = MAX_TICKETS) -> list[Ticket]:
    """The contact's tickets, most recently updated first."""
    stmt = (
        select(Ticket)
        .where(Ticket.contact_id == contact_id)
        .order_by(Ticket.updated_at.desc(), Ticket.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def ticket_of(session: Session, contact_id: int, ticket_id: int) -> Ticket | None:
    """One ticket if it belongs to the contact; anyone else's is ``None``, like a missing one."""
    return session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id, Ticket.contact_id == contact_id)
        .options(selectinload(Ticket.messages))
    )


def visible_messages(ticket: Ticket) -> list[Message]:
    """The conversation as the customer sees it: internal notes left out."""
    return [m for m in ticket.messages if not m.internal]
