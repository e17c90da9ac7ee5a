"""Tickets opened in Rumbo join the listening stream as mentions from the ``tickets`` source.

Live: :func:`attach` subscribes to ``ticket.opened``. Catch-up (tickets ingested in batches, or
opened while nothing listened): :func:`catch_up` reads tickets after a stored cursor. Both feed the
same idempotent pipeline, keyed by the ticket id, so a ticket is never counted twice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from rumbo.context import Actor

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.app import Rumbo
    from rumbo.listening.schemas import IngestReport

SOURCE = "tickets"
ACTOR = Actor.system("listening")


def ticket_events(session: Session, after_id: int, limit: int = 2000) -> list[dict[str, Any]]:
    """Raw events for tickets with an id above ``after_id``: subject plus the first message."""
    from rumbo.crm.models import ContactEmail
    from rumbo.tickets.models import Message, Ticket

    tickets = session.execute(
        select(Ticket.id, Ticket.subject, Ticket.created_at, Ticket.language, Ticket.contact_id)
        .where(Ticket.id > after_id)
        .order_by(Ticket.id)
        .limit(limit)
    ).all()
    if not tickets:
        return []
    ids = [t.id for t in tickets]
    first: dict[int, str] = {}
    for ticket_id, body in session.execute(
        select(Message.ticket_id, Message.body)
        .where(Message.ticket_id.in_(ids))
        .order_by(Message.ticket_id, Message.created_at)
    ):
        first.setdefault(ticket_id, body)
    contacts = {t.contact_id for t in tickets if t.contact_id}
    emails: dict[int, str] = {}
    if contacts:
        for contact_id, email in session.execute(
            select(ContactEmail.contact_id, ContactEmail.email)
            .where(ContactEmail.contact_id.in_(contacts))
            .order_by(ContactEmail.id)
        ):
            emails.setdefault(contact_id, email)
    return [
        {
            "id": t.id,
            "created_at": t.created_at.isoformat(),
            "text": f"{t.subject}. {first.get(t.id, '')}".strip(" ."),
            "lang": t.language,
            "email": emails.get(t.contact_id) if t.contact_id else None,
            "source": SOURCE,
        }
        for t in tickets
    ]


def catch_up(app: Rumbo, actor: Actor = ACTOR) -> IngestReport:
    """Feed every ticket not yet seen into the pipeline, moving the ``tickets`` cursor."""
    from rumbo.listening import actions
    from rumbo.listening.pipeline import ingest
    from rumbo.listening.schemas import IngestReport

    total = IngestReport()
    while True:
        with app.reading() as session:
            cursor = actions.source_cursor(session, SOURCE)
            events = ticket_events(session, int(cursor or 0))
        if not events:
            return total
        report = ingest(app, actor, events, default_source=SOURCE, force_source=True)
        with app.unit_of_work(actor) as ctx:
            actions.move_cursor(ctx, SOURCE, str(events[-1]["id"]), kind="tickets")
        total.received += report.received
        total.accepted += report.accepted
        total.duplicates += report.duplicates
        total.rejected.extend(report.rejected)
        total.alerts.extend(report.alerts)


def attach(app: Rumbo) -> None:
    """Listen to ``ticket.opened`` so new tickets reach the detector within the request."""

    def on_ticket(_name: str, payload: dict[str, Any]) -> None:
        from rumbo.listening.pipeline import ingest

        ticket_id = int(payload["ticket_id"])
        with app.reading() as session:
            events = ticket_events(session, ticket_id - 1, limit=1)
        ingest(app, ACTOR, events, default_source=SOURCE, force_source=True)

    app.events.subscribe("ticket.opened", on_ticket)
