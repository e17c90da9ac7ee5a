"""Writes to the store's records: orders, satisfaction answers and the product catalogue."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from rumbo.context import Context
from rumbo.crm.actions._common import find_external, record_batch, snapshot
from rumbo.crm.models import Contact, ContactEmail, Order, Product, SatisfactionResponse
from rumbo.crm.schemas import OrderIn, ProductIn, SatisfactionIn
from rumbo.errors import ValidationFailed
from rumbo.schemas import BatchReport


def _customer(
    ctx: Context, contact_id: int | None, company_id: int | None, email: str | None
) -> tuple[int | None, int | None]:
    """(contact id, company id) of a row, finding the contact by email when no id is given."""
    if contact_id is not None or not email:
        return contact_id, company_id
    contact = ctx.session.scalar(
        select(Contact).join(ContactEmail).where(ContactEmail.email == email.lower())
    )
    if contact is None:
        raise ValidationFailed(
            f"No contact with email {email}.", fields={"contact_email": "not found"}
        )
    return contact.id, company_id or contact.company_id


def upsert_orders(ctx: Context, rows: Sequence[OrderIn]) -> BatchReport:
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        contact_id, company_id = _customer(
            ctx, data.contact_id, data.company_id, data.contact_email
        )
        values = {
            "number": data.number,
            "contact_id": contact_id,
            "company_id": company_id,
            "status": data.status,
            "total": data.total,
            "currency": data.currency,
            "placed_at": data.placed_at,
            "items": [i.model_dump(mode="json") for i in data.items],
        }
        existing = data.external_id and find_external(ctx, Order, data.source, data.external_id)
        if existing:
            if snapshot(existing, list(values)) == values:
                report.unchanged += 1
                continue
            for field, value in values.items():
                setattr(existing, field, value)
            report.updated += 1
        else:
            ctx.session.add(Order(source=data.source, external_id=data.external_id, **values))
            report.created += 1
    ctx.session.flush()
    record_batch(ctx, "order", report)
    return report


def upsert_satisfaction(ctx: Context, rows: Sequence[SatisfactionIn]) -> BatchReport:
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        contact_id, company_id = _customer(
            ctx, data.contact_id, data.company_id, data.contact_email
        )
        if data.external_id and find_external(
            ctx, SatisfactionResponse, data.source, data.external_id
        ):
            report.unchanged += 1  # answers are facts: a re-sent answer never rewrites history
            continue
        ctx.session.add(
            SatisfactionResponse(
                source=data.source,
                external_id=data.external_id,
                contact_id=contact_id,
                company_id=company_id,
                ticket_id=data.ticket_id,
                kind=data.kind,
                score=data.score,
                comment=data.comment,
                responded_at=data.responded_at,
            )
        )
        report.created += 1
    ctx.session.flush()
    record_batch(ctx, "satisfaction", report)
    return report


def upsert_products(ctx: Context, rows: Sequence[ProductIn]) -> BatchReport:
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        values = data.model_dump()
        existing = ctx.session.scalar(select(Product).where(Product.sku == data.sku))
        if existing is None:
            ctx.session.add(Product(**values))
            report.created += 1
        elif snapshot(existing, list(values)) == values:
            report.unchanged += 1
        else:
            for field, value in values.items():
                setattr(existing, field, value)
            report.updated += 1
    ctx.session.flush()
    record_batch(ctx, "product", report)
    return report
