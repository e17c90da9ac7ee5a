"""Every write to tickets: open, reply, change, and idempotent batch ingestion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from rumbo.accounts.models import User
from rumbo.context import Context
from rumbo.crm.models import Contact, ContactEmail
from rumbo.db import refuse_nulls, refuse_taken_external_id, utcnow
from rumbo.errors import Conflict, NotFound, ValidationFailed
from rumbo.schemas import BatchReport, RowError
from rumbo.tickets.models import SLA_HOURS, Message, Ticket, TicketTag
from rumbo.tickets.schemas import MessageIn, ReplyIn, TicketIn, TicketPatch

TRACKED = ("subject", "status", "priority", "assignee_id", "group", "topic")


def _view(ticket: Ticket) -> dict[str, Any]:
    view = {f: getattr(ticket, f) for f in TRACKED}
    view["tags"] = ticket.tag_names
    return view


def apply_sla(ticket: Ticket, opened_at: dt.datetime) -> None:
    first, resolve = SLA_HOURS[ticket.priority]
    ticket.first_response_due_at = opened_at + dt.timedelta(hours=first)
    ticket.resolution_due_at = opened_at + dt.timedelta(hours=resolve)


def _resolve_contact(ctx: Context, data: TicketIn) -> Contact | None:
    if data.contact_id is not None:
        contact = ctx.session.get(Contact, data.contact_id)
        if contact is None:
            raise ValidationFailed(
                f"Contact {data.contact_id} does not exist.", fields={"contact_id": "not found"}
            )
        return contact
    if data.contact_email:
        contact = ctx.session.scalar(
            select(Contact)
            .join(ContactEmail)
            .where(ContactEmail.email == data.contact_email.lower())
        )
        if contact is None:
            raise ValidationFailed(
                f"No contact with email {data.contact_email}.",
                fields={"contact_email": "not found"},
            )
        return contact
    return None


def _resolve_assignee(ctx: Context, email: str | None) -> int | None:
    if not email:
        return None
    user_id = ctx.session.scalar(select(User.id).where(User.email == email.lower()))
    if user_id is None:
        raise ValidationFailed(f"No user with email {email}.", fields={"assignee_email": "unknown"})
    return user_id


def _message(
    ticket: Ticket, data: MessageIn, *, contact_id: int | None, at: dt.datetime
) -> Message:
    return Message(
        source=data.source,
        external_id=data.external_id,
        author_kind=data.author_kind,
        author_contact_id=contact_id if data.author_kind == "customer" else None,
        channel=data.channel or ticket.channel,
        body=data.body,
        internal=data.internal,
        created_at=data.created_at or at,
    )


def _stored_keys(
    ctx: Context, model: type[Ticket] | type[Message], keys: Sequence[tuple[str, str | None]]
) -> set[tuple[str, str]]:
    """Which of these (source, external id) pairs ``model`` already stores (500 ids a query)."""
    wanted = {(source, external) for source, external in keys if external}
    stored: set[tuple[str, str]] = set()
    for source in {s for s, _ in wanted}:
        ids = sorted(e for s, e in wanted if s == source)
        for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
            found = ctx.session.execute(
                select(model.source, model.external_id).where(
                    model.source == source, model.external_id.in_(chunk)
                )
            )
            stored.update((s, e) for s, e in found if e is not None)
    return stored


def _taken_message_ids(ctx: Context, messages: Sequence[MessageIn]) -> dict[int, str]:
    """The messages (by position) whose (source, external id) is already stored or repeats an
    earlier one of the same list, each with why: a message id names one message once."""
    stored = _stored_keys(ctx, Message, [(m.source, m.external_id) for m in messages])
    taken: dict[int, str] = {}
    seen: set[tuple[str, str]] = set()
    for n, m in enumerate(messages):
        if not m.external_id:
            continue
        key = (m.source, m.external_id)
        if key in stored:
            taken[n] = f"already stored (message {m.external_id} from {m.source})"
        elif key in seen:
            taken[n] = f"repeated in this request (message {m.external_id} from {m.source})"
        seen.add(key)
    return taken


def _refuse_taken_message_ids(ctx: Context, messages: Sequence[MessageIn], prefix: str) -> None:
    taken = _taken_message_ids(ctx, messages)
    if taken:
        fields = {
            f"{prefix}{n}.external_id" if prefix else "external_id": why for n, why in taken.items()
        }
        raise Conflict(
            "A message's external id may be used once per source: "
            + "; ".join(f"{k}: {v}" for k, v in fields.items()),
            fields=fields,
        )


def _build_ticket(ctx: Context, data: TicketIn) -> Ticket:
    contact = _resolve_contact(ctx, data)
    opened_at = data.created_at or utcnow()
    ticket = Ticket(
        source=data.source,
        external_id=data.external_id,
        subject=data.subject,
        channel=data.channel,
        priority=data.priority,
        status=data.status,
        language=data.language,
        contact_id=contact.id if contact else None,
        company_id=contact.company_id if contact else None,
        assignee_id=_resolve_assignee(ctx, data.assignee_email),
        group=data.group,
        topic=data.topic,
        created_at=opened_at,
        updated_at=opened_at,
        tags=[TicketTag(tag=t) for t in data.tags],
        messages=[],
    )
    apply_sla(ticket, opened_at)
    for m in data.messages:
        message = _message(ticket, m, contact_id=ticket.contact_id, at=opened_at)
        ticket.messages.append(message)
        if m.author_kind == "agent" and not m.internal and ticket.first_responded_at is None:
            ticket.first_responded_at = message.created_at
    if ticket.status in {"solved", "closed"}:
        last = max((m.created_at for m in ticket.messages), default=opened_at)
        ticket.solved_at = last
    return ticket


def open_ticket(ctx: Context, data: TicketIn) -> Ticket:
    """Open a ticket with its first messages; an external id may be used once per source."""
    ctx.require("tickets.write")
    refuse_taken_external_id(ctx.session, Ticket, "ticket", data.source, data.external_id)
    _refuse_taken_message_ids(ctx, data.messages, "messages.")
    ticket = _build_ticket(ctx, data)
    ctx.session.add(ticket)
    ctx.session.flush()
    ctx.record(
        "ticket.opened",
        "ticket",
        ticket.id,
        after=_view(ticket),
        payload={
            "ticket_id": ticket.id,
            "channel": ticket.channel,
            "contact_id": ticket.contact_id,
            "subject": ticket.subject,
        },
    )
    return ticket


def ingest_tickets(ctx: Context, rows: Sequence[TicketIn]) -> BatchReport:
    """Batch ingestion keyed by (source, external_id): re-sending a ticket changes nothing."""
    ctx.require("tickets.write")
    report = BatchReport()
    existing = _stored_keys(ctx, Ticket, [(r.source, r.external_id) for r in rows])
    seen: set[tuple[str, str]] = set()
    # A new ticket whose message reuses a message id (stored, or sent in an earlier row) is
    # rejected with its row; the rest of the batch goes in.
    rows_messages = [
        (n, m)
        for n, data in enumerate(rows)
        if (data.source, data.external_id) not in existing
        for m in data.messages
    ]
    taken = _taken_message_ids(ctx, [m for _, m in rows_messages])
    refused: dict[int, str] = {}
    for position, why in taken.items():
        row, _ = rows_messages[position]
        refused.setdefault(row, why)
    for n, data in enumerate(rows):
        key = (data.source, data.external_id) if data.external_id else None
        if key and (key in existing or key in seen):
            report.unchanged += 1
            continue
        if n in refused:
            report.rejected.append(RowError(row=n, field="messages.external_id", reason=refused[n]))
            continue
        ctx.session.add(_build_ticket(ctx, data))
        if key:
            seen.add(key)
        report.created += 1
    ctx.session.flush()
    ctx.record(
        "ticket.batch_ingested",
        "ticket",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
    return report


def _get(ctx: Context, ticket_id: int) -> Ticket:
    ticket = ctx.session.get(Ticket, ticket_id)
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    return ticket


def _set_status(ticket: Ticket, status: str, now: dt.datetime) -> None:
    ticket.status = status
    if status in {"solved", "closed"}:
        ticket.solved_at = ticket.solved_at or now
    else:
        ticket.solved_at = None


def update_ticket(ctx: Context, ticket_id: int, patch: TicketPatch) -> Ticket:
    ctx.require("tickets.write")
    ticket = _get(ctx, ticket_id)
    changes = patch.model_dump(exclude_unset=True)
    refuse_nulls(Ticket, changes)
    if (
        changes.get("assignee_id") is not None
        and ctx.session.get(User, changes["assignee_id"]) is None
    ):
        raise ValidationFailed("That user does not exist.", fields={"assignee_id": "not found"})
    before = _view(ticket)
    now = utcnow()
    for field, value in changes.items():
        if field == "tags":
            ticket.tags = [TicketTag(tag=t) for t in value]
        elif field == "status":
            _set_status(ticket, value, now)
        else:
            setattr(ticket, field, value)
    if "priority" in changes and changes["priority"] != before["priority"]:
        apply_sla(ticket, ticket.created_at)
    ticket.updated_at = now
    ctx.session.flush()
    after = _view(ticket)
    changed = {k for k in after if after[k] != before[k]}
    ctx.record(
        "ticket.updated",
        "ticket",
        ticket.id,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return ticket


def reply(ctx: Context, ticket_id: int, data: ReplyIn) -> Message:
    """An agent's reply or internal note. Sending to the customer is the channel's job."""
    ctx.require("tickets.write")
    ticket = _get(ctx, ticket_id)
    now = utcnow()
    message = Message(
        ticket_id=ticket.id,
        author_kind="agent",
        author_user_id=ctx.actor.user_id,
        channel=ticket.channel,
        body=data.body,
        internal=data.internal,
        created_at=now,
    )
    ctx.session.add(message)
    if not data.internal and ticket.first_responded_at is None:
        ticket.first_responded_at = now
    before_status = ticket.status
    if data.status:
        _set_status(ticket, data.status, now)
    elif ticket.status == "new" and not data.internal:
        ticket.status = "open"
    ticket.updated_at = now
    ctx.session.flush()
    ctx.record(
        "ticket.note_added" if data.internal else "ticket.replied",
        "ticket",
        ticket.id,
        before={"status": before_status},
        after={"status": ticket.status, "message_id": message.id},
    )
    return message


def add_customer_message(ctx: Context, ticket_id: int, data: MessageIn) -> Message:
    """A customer wrote again on an existing ticket (reopens a solved one)."""
    ctx.require("tickets.write")
    ticket = _get(ctx, ticket_id)
    _refuse_taken_message_ids(ctx, [data], "")
    now = utcnow()
    message = _message(ticket, data, contact_id=ticket.contact_id, at=now)
    message.ticket_id = ticket.id
    ctx.session.add(message)
    if ticket.status in {"solved", "pending"}:
        _set_status(ticket, "open", now)
    ticket.updated_at = now
    ctx.session.flush()
    ctx.record("ticket.customer_wrote", "ticket", ticket.id, after={"message_id": message.id})
    return message


def set_contact(ctx: Context, ticket_id: int, contact_id: int) -> Ticket:
    """Give a ticket opened without a known customer (e.g. from the chat widget) its contact.

    Only a ticket with no contact yet may get one: whoever is answering must never find the
    customer of a ticket changed under them.
    """
    ctx.require("tickets.write")
    ticket = _get(ctx, ticket_id)
    if ticket.contact_id is not None and ticket.contact_id != contact_id:
        raise Conflict("That ticket already has a contact.", fields={"contact_id": "already set"})
    contact = ctx.session.get(Contact, contact_id)
    if contact is None:
        raise ValidationFailed("That contact does not exist.", fields={"contact_id": "not found"})
    ticket.contact_id = contact.id
    ticket.company_id = contact.company_id
    ticket.updated_at = utcnow()
    ctx.session.flush()
    ctx.record("ticket.contact_set", "ticket", ticket.id, after={"contact_id": contact.id})
    return ticket
