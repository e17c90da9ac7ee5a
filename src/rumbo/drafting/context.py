"""The customer a draft is for: read from Rumbo's CRM by email, or from a JSON document.

Callers whose CRM lives elsewhere pass ``{"customer": {...}}`` (``--context FILE``); the fields are
the same either way, so the composer and the critic never care where they came from.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.orm import Session

from rumbo.errors import NotFound, ValidationFailed
from rumbo.textfiles import FileProblem, json_value, read_text


class OrderFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    number: str
    status: str | None = None
    total: Decimal | None = None
    currency: str | None = None
    placed_at: dt.date | None = None


class TicketFact(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int | str
    subject: str
    status: str | None = None


class Customer(BaseModel):
    """What a draft may say about its reader. Internal fields (audience size) are left out."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=320)
    company: str | None = Field(None, max_length=200)
    plan: str | None = Field(None, max_length=50)
    seats: int | None = Field(None, ge=0)
    price_per_user: Decimal | None = Field(None, ge=0)
    currency: str | None = Field(None, max_length=3)
    renewal_date: dt.date | None = None
    country: str | None = Field(None, min_length=2, max_length=2)
    language: Literal["es", "en"] | None = None
    address_form: Literal["tu", "usted", "vos"] | None = None
    orders: list[OrderFact] = Field(default_factory=list)
    tickets: list[TicketFact] = Field(default_factory=list)

    @property
    def first_name(self) -> str | None:
        return self.name.split()[0] if self.name else None

    def as_crm(self) -> dict[str, Any]:
        """The fields given, as the critic compares them (only what is known)."""
        data = self.model_dump(mode="json", exclude_none=True)
        return {k: v for k, v in data.items() if v not in ([], "")}


class ContextDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    customer: Customer


def customer_from_data(data: Any) -> Customer:
    """Validate ``{"customer": {...}}``; errors name the field (``customer.seats``)."""
    try:
        return ContextDocument.model_validate(data).customer
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "context"
        raise ValidationFailed(
            f"context {where}: {first['msg']}", fields={where: str(first["msg"])}
        ) from None


def load_context_file(path: str | Path) -> Customer:
    """Read a ``--context`` JSON file with a clear error for a missing or broken one."""
    source = Path(path)
    try:
        text = read_text(source)
    except (OSError, FileProblem) as exc:
        raise ValidationFailed(
            f"context: cannot read {source}: {exc}", fields={"context": str(source)}
        ) from None
    try:
        data = json_value(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            f"context: {source} is not valid JSON (line {exc.lineno}: {exc.msg})",
            fields={"context": f"line {exc.lineno}"},
        ) from None
    return customer_from_data(data)


def customer_from_crm(session: Session, email: str) -> Customer:
    """The CRM's picture of the contact with ``email``: person, company, orders, open tickets."""
    from sqlalchemy import select

    from rumbo.crm import queries as crm
    from rumbo.tickets.models import Ticket

    contact = crm.find_contact_by_email(session, email)
    if contact is None:
        raise NotFound(f"No customer with email '{email}' in the CRM.", fields={"customer": email})
    company = contact.company
    orders = crm.orders_for(session, contact_id=contact.id, limit=3)
    tickets = session.scalars(
        select(Ticket)
        .where(Ticket.contact_id == contact.id)
        .order_by(Ticket.created_at.desc(), Ticket.id.desc())
        .limit(3)
    )
    return Customer(
        name=contact.name,
        email=email.strip().lower(),
        company=company.name if company else None,
        plan=company.plan if company else None,
        seats=company.seats if company and company.seats else None,
        price_per_user=company.price_per_user if company and company.price_per_user else None,
        currency=company.currency if company else None,
        renewal_date=company.renewal_date if company else None,
        country=contact.country or (company.country if company else None),
        language="en" if contact.language.startswith("en") else "es",
        address_form=contact.address_form
        if contact.address_form in {"tu", "usted", "vos"}
        else None,
        orders=[
            OrderFact(
                number=o.number,
                status=o.status,
                total=o.total,
                currency=o.currency,
                placed_at=o.placed_at.date(),
            )
            for o in orders
        ],
        tickets=[TicketFact(id=t.id, subject=t.subject, status=t.status) for t in tickets],
    )


def catalogue(session: Session) -> list[dict[str, Any]]:
    """Product names and aliases, so a request's products are recognised."""
    from sqlalchemy import select

    from rumbo.crm.models import Product

    rows = session.execute(select(Product.name, Product.aliases))
    return [{"name": name, "aliases": aliases or []} for name, aliases in rows]
