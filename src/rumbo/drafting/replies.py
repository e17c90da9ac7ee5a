"""Drafts that answer a ticket: written from its conversation, fixed with the critic, sent as its
reply once a person approved them.

The draft is written in the ticket's language and in the form of address of the customer's CRM
record. Sending needs an approved draft; the approved words become the ticket's reply through the
tickets domain's own action, and a delivery row keyed like every other delivery (draft, channel
``ticket``, the ticket) makes a second send impossible, in the same transaction as the reply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rumbo.context import Context
from rumbo.db import utcnow
from rumbo.drafting.actions import (
    compose_draft,
    current,
    edit_draft,
    record_sent,
    store_draft,
    stored_critic_context,
)
from rumbo.drafting.models import Draft
from rumbo.drafting.schemas import DraftEdit, DraftIn
from rumbo.errors import Conflict, NotFound, ValidationFailed

if TYPE_CHECKING:
    from rumbo.tickets.models import Message, Ticket

# Ticket channels the drafting voice knows by name; any other is answered as a plain reply.
REPLY_CHANNELS = {"email": "email", "chat": "chat", "social": "social"}
REGISTERS = frozenset({"tu", "usted", "vos"})
# Enough of the customer's words for the request to be understood, within its 4,000 characters.
MAX_QUOTED = 2500
# Quoted words in a request are read as product names; a customer's quotes are not that.
_QUOTES = str.maketrans("", "", '"«»“”')


def _get(ctx: Context, draft_id: int) -> Draft:
    draft = ctx.session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(f"Draft {draft_id} does not exist.")
    return draft


def reply_language(ticket: Ticket) -> str:
    return "en" if ticket.language.startswith("en") else "es"


def ticket_request(ticket: Ticket) -> str:
    """The plain-language request for a reply: the subject and the customer's last words."""
    said = next(
        (
            m.body
            for m in reversed(ticket.messages)
            if m.author_kind == "customer" and not m.internal
        ),
        "",
    )
    words = " ".join(said.split())[:MAX_QUOTED].translate(_QUOTES)
    subject = " ".join(ticket.subject.split()).translate(_QUOTES)
    if reply_language(ticket) == "en":
        request = f"Reply to the customer about their ticket: {subject}."
        return f"{request} The customer wrote: {words}" if words else request
    request = f"Responde al cliente sobre su ticket: {subject}."
    return f"{request} El cliente escribió: {words}" if words else request


def draft_for_ticket(ctx: Context, ticket_id: int) -> Draft:
    """Write and keep a reply draft for the ticket, for its customer (read from the CRM)."""
    from rumbo.crm import queries as crm_queries
    from rumbo.tickets import queries as ticket_queries

    ctx.require("drafts.write")
    ticket = ticket_queries.get_ticket(ctx.session, ticket_id)
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    contact = crm_queries.get_contact(ctx.session, ticket.contact_id) if ticket.contact_id else None
    email = contact.emails[0].email if contact is not None and contact.emails else None
    language = reply_language(ticket)
    register = None
    if contact is not None and language == "es" and contact.address_form in REGISTERS:
        register = contact.address_form
    data = DraftIn(
        request=ticket_request(ticket),
        customer_email=email,
        channel=REPLY_CHANNELS.get(ticket.channel, "reply"),
    )
    result = compose_draft(ctx, data, language=language, register=register)
    return store_draft(ctx, result, customer_email=email, ticket_id=ticket.id)


def fixable_codes() -> frozenset[str]:
    """Codes of the findings the critic's revision can fix by itself."""
    from rumbo.drafting.critic.revision import FIXERS

    return frozenset(code for code, _fixer in FIXERS)


def fix_finding(ctx: Context, draft_id: int, code: str) -> Draft:
    """The current words with the critic's own fix for ``code`` applied, as the next version."""
    from rumbo.drafting.critic import critique, revise

    ctx.require("drafts.write")
    if code not in fixable_codes():
        raise ValidationFailed(f"The critic has no fix for '{code}'.", fields={"code": "no_fix"})
    draft = _get(ctx, draft_id)
    version = current(draft)
    critic_ctx = stored_critic_context(ctx, draft)
    found = [f for f in critique(version.text, critic_ctx) if f.code == code]
    if not found:
        raise Conflict(
            f"The critic no longer finds '{code}' in draft {draft_id}.",
            fields={"draft": "already_fixed"},
        )
    text = revise(version.text, found, critic_ctx)
    if text == version.text or not text.strip():
        raise Conflict(
            f"The critic could not fix '{code}' in draft {draft_id} by itself.",
            fields={"draft": "no_fix"},
        )
    return edit_draft(ctx, draft_id, DraftEdit(text=text, note=f"fix: {code}"))


def send_to_ticket(ctx: Context, draft_id: int, status: str | None = None) -> Message:
    """Post the approved version as the ticket's reply, once; ``status`` is set with it."""
    from rumbo.drafting.sending import claim
    from rumbo.tickets import actions as ticket_actions
    from rumbo.tickets.schemas import ReplyIn

    ctx.require("drafts.send")
    draft = _get(ctx, draft_id)
    if draft.ticket_id is None:
        raise Conflict(f"Draft {draft_id} answers no ticket.", fields={"draft": "no_ticket"})
    if draft.status == "sent":
        raise Conflict(f"Draft {draft_id} was sent already.", fields={"draft": "already_sent"})
    if draft.status != "approved":
        # What a person did not approve never reaches a customer.
        raise Conflict(
            f"Draft {draft_id} is {draft.status}; it must be approved before sending.",
            fields={"draft": "not_approved"},
        )
    version = current(draft)
    row = claim(ctx, draft, version, "ticket", f"ticket:{draft.ticket_id}")
    if row is None:
        raise Conflict(f"Draft {draft_id} was sent already.", fields={"draft": "already_sent"})
    message = ticket_actions.reply(ctx, draft.ticket_id, ReplyIn(body=version.text, status=status))
    row.status = "sent"
    draft.status = "sent"
    draft.sent_at = utcnow()
    ctx.session.flush()
    record_sent(
        ctx, draft, channel="ticket", ticket_id=draft.ticket_id, message_id=message.id, sent=1,
        skipped=0, failed=0,
    )  # fmt: skip
    return message
