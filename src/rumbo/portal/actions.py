"""The portal's writes: one-time sign-in links, and tickets a customer opens or answers.

The portal runs as a system actor (``Actor.system("portal")``); what a customer may touch is
decided here, by the signed-in contact id the caller passes, never by a role. Signing in needs
``portal.sign_in``, which no staff role holds: only the portal itself issues and redeems links.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, cast

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult

from rumbo.context import Context
from rumbo.crm.models import Contact
from rumbo.crm.queries import find_contact_by_email
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotAuthenticated, NotFound
from rumbo.portal.models import PortalLoginToken
from rumbo.portal.schemas import IssuedLink, LoginRequestIn, PortalReplyIn, PortalTicketIn
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.models import Message, Ticket
from rumbo.tickets.schemas import MessageIn, TicketIn

LINK_LIFETIME = dt.timedelta(minutes=20)
# More requests than this in an hour send nothing: a form cannot be used to flood a mailbox.
MAX_LINKS_PER_HOUR = 5
MAX_TOKEN_LENGTH = 200
SIGN_IN = "portal.sign_in"


def hash_token(token: str) -> str:
    """What is stored of a token: its SHA-256, so a copy of the database signs nobody in."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def request_login_link(ctx: Context, data: LoginRequestIn) -> IssuedLink | None:
    """Issue a sign-in link for the contact with this email; ``None`` when there is none.

    The caller shows the same page either way, so nobody learns which emails are customers.
    """
    ctx.require(SIGN_IN)
    contact = find_contact_by_email(ctx.session, data.email)
    if contact is None:
        return None
    now = utcnow()
    recent = ctx.session.scalar(
        select(func.count(PortalLoginToken.id)).where(
            PortalLoginToken.contact_id == contact.id,
            PortalLoginToken.created_at > now - dt.timedelta(hours=1),
        )
    )
    if (recent or 0) >= MAX_LINKS_PER_HOUR:
        return None
    token = secrets.token_urlsafe(32)
    email = data.email.strip().lower()
    row = PortalLoginToken(
        email=email,
        contact_id=contact.id,
        token_hash=hash_token(token),
        created_at=now,
        expires_at=now + LINK_LIFETIME,
    )
    ctx.session.add(row)
    ctx.session.flush()
    ctx.record(
        "portal.link_issued",
        "portal_login_token",
        row.id,
        after={"contact_id": contact.id, "email": email, "expires_at": row.expires_at},
    )
    return IssuedLink(
        token=token,
        email=email,
        contact_id=contact.id,
        language=contact.language,
        name=contact.name,
    )


def redeem_login_token(ctx: Context, token: str) -> int:
    """Spend a sign-in link and return its contact id.

    Raises :class:`NotAuthenticated` whose ``fields["token"]`` says why: ``unknown``, ``used`` or
    ``expired``. A link works once, even when two requests race for it.
    """
    ctx.require(SIGN_IN)
    token = token.strip()
    row = None
    if token and len(token) <= MAX_TOKEN_LENGTH:
        row = ctx.session.scalar(
            select(PortalLoginToken).where(PortalLoginToken.token_hash == hash_token(token))
        )
    if row is None or row.contact_id is None:
        raise NotAuthenticated("This sign-in link is not valid.", fields={"token": "unknown"})
    if row.used_at is not None:
        raise NotAuthenticated("This sign-in link was already used.", fields={"token": "used"})
    now = utcnow()
    if row.expires_at <= now:
        raise NotAuthenticated("This sign-in link has expired.", fields={"token": "expired"})
    spent = cast(
        CursorResult[Any],
        ctx.session.execute(
            update(PortalLoginToken)
            .where(PortalLoginToken.id == row.id, PortalLoginToken.used_at.is_(None))
            .values(used_at=now)
        ),
    )
    if spent.rowcount != 1:
        raise NotAuthenticated("This sign-in link was already used.", fields={"token": "used"})
    ctx.record(
        "portal.signed_in",
        "portal_login_token",
        row.id,
        before={"used_at": None},
        after={"used_at": now, "contact_id": row.contact_id},
    )
    return row.contact_id


def _contact(ctx: Context, contact_id: int) -> Contact:
    contact = ctx.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"Contact {contact_id} does not exist.")
    return contact


def open_portal_ticket(ctx: Context, contact_id: int, data: PortalTicketIn) -> Ticket:
    """A ticket the signed-in customer opens: channel ``portal``, linked to them."""
    contact = _contact(ctx, contact_id)
    return ticket_actions.open_ticket(
        ctx,
        TicketIn(
            source="portal",
            subject=data.subject,
            channel="portal",
            language=contact.language if contact.language in {"es", "en", "pt"} else "es",
            contact_id=contact.id,
            messages=[MessageIn(source="portal", body=data.body, channel="portal")],
        ),
    )


def reply_as_customer(
    ctx: Context, contact_id: int, ticket_id: int, data: PortalReplyIn
) -> Message:
    """The customer writes again on one of their tickets; someone else's is "not found"."""
    ticket = ctx.session.get(Ticket, ticket_id)
    if ticket is None or ticket.contact_id != contact_id:
        raise NotFound(f"Ticket {ticket_id} does not exist.")
    if ticket.status == "closed":
        raise Conflict("This ticket is closed; open a new one.", fields={"ticket_id": "closed"})
    return ticket_actions.add_customer_message(
        ctx, ticket_id, MessageIn(source="portal", body=data.body, channel="portal")
    )
