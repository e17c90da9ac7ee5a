"""Every write to the CRM.

Single-record actions raise on conflicts; batch upserts are idempotent by (source, external_id).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from rumbo.accounts.models import User
from rumbo.context import Context
from rumbo.crm.models import (
    Company,
    Contact,
    ContactEmail,
    ContactPhone,
    Order,
    Product,
    SatisfactionResponse,
    SocialHandle,
)
from rumbo.crm.schemas import (
    CompanyIn,
    CompanyPatch,
    ContactIn,
    ContactPatch,
    OrderIn,
    ProductIn,
    SatisfactionIn,
)
from rumbo.errors import Conflict, NotFound, ValidationFailed
from rumbo.schemas import BatchReport

COMPANY_FIELDS = (
    "name",
    "domain",
    "country",
    "industry",
    "plan",
    "seats",
    "price_per_user",
    "currency",
    "contract_start",
    "renewal_date",
    "arr",
    "health",
    "health_score",
    "notes",
)
CONTACT_FIELDS = ("name", "job_title", "language", "country", "address_form", "audience_size")


def snapshot(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    return {f: getattr(obj, f) for f in fields}


def _annual_value(data: CompanyIn) -> Decimal:
    if data.arr is not None:
        return data.arr
    return (data.price_per_user * data.seats * 12).quantize(Decimal("0.01"))


def _manager_id(ctx: Context, email: str | None) -> int | None:
    if email is None:
        return None
    user_id = ctx.session.scalar(select(User.id).where(User.email == email.lower()))
    if user_id is None:
        raise ValidationFailed(
            f"No user with email {email}.", fields={"account_manager_email": "unknown user"}
        )
    return user_id


def _apply_company(ctx: Context, company: Company, data: CompanyIn) -> None:
    values = data.model_dump(include=set(COMPANY_FIELDS))
    values["arr"] = _annual_value(data)
    for field, value in values.items():
        setattr(company, field, value)
    company.account_manager_id = _manager_id(ctx, data.account_manager_email)


def create_company(ctx: Context, data: CompanyIn) -> Company:
    ctx.require("crm.write")
    if data.external_id and _find_external(ctx, Company, data.source, data.external_id):
        raise Conflict(
            f"A company with external id {data.external_id} from {data.source} already exists.",
            fields={"external_id": "duplicate"},
        )
    company = Company(source=data.source, external_id=data.external_id)
    _apply_company(ctx, company, data)
    ctx.session.add(company)
    ctx.session.flush()
    ctx.record("company.created", "company", company.id, after=snapshot(company, COMPANY_FIELDS))
    return company


def update_company(ctx: Context, company_id: int, patch: CompanyPatch) -> Company:
    ctx.require("crm.write")
    company = ctx.session.get(Company, company_id)
    if company is None:
        raise NotFound(f"Company {company_id} does not exist.")
    changes = patch.model_dump(exclude_unset=True)
    before = snapshot(company, list(changes))
    for field, value in changes.items():
        setattr(company, field, value)
    if {"seats", "price_per_user"} & changes.keys():
        company.arr = (company.price_per_user * company.seats * 12).quantize(Decimal("0.01"))
    ctx.record(
        "company.updated",
        "company",
        company.id,
        before=before,
        after=snapshot(company, list(changes)),
    )
    return company


def _find_external(ctx: Context, model: Any, source: str, external_id: str) -> Any:
    return ctx.session.scalar(
        select(model).where(model.source == source, model.external_id == external_id)
    )


def _company_for(ctx: Context, data: ContactIn) -> int | None:
    if data.company_id is not None:
        if ctx.session.get(Company, data.company_id) is None:
            raise ValidationFailed(
                f"Company {data.company_id} does not exist.", fields={"company_id": "not found"}
            )
        return data.company_id
    if data.company_external_id:
        company = _find_external(ctx, Company, data.source, data.company_external_id)
        if company is None:
            raise ValidationFailed(
                f"No company with external id {data.company_external_id}.",
                fields={"company_external_id": "not found"},
            )
        return int(company.id)
    return None


def _check_identities_free(ctx: Context, data: ContactIn, contact_id: int | None) -> None:
    """Emails and handles identify one person: refuse to give them to a second contact."""
    for email in data.emails:
        owner = ctx.session.scalar(
            select(ContactEmail.contact_id).where(ContactEmail.email == email)
        )
        if owner is not None and owner != contact_id:
            raise Conflict(
                f"Email {email} already belongs to contact {owner}.", fields={"emails": "taken"}
            )
    for h in data.handles:
        owner = ctx.session.scalar(
            select(SocialHandle.contact_id).where(
                SocialHandle.network == h.network, SocialHandle.handle == h.handle
            )
        )
        if owner is not None and owner != contact_id:
            raise Conflict(
                f"Handle @{h.handle} on {h.network} already belongs to contact {owner}.",
                fields={"handles": "taken"},
            )


def _apply_contact(ctx: Context, contact: Contact, data: ContactIn) -> None:
    for field, value in data.model_dump(include=set(CONTACT_FIELDS)).items():
        setattr(contact, field, value)
    contact.company_id = _company_for(ctx, data)
    if [e.email for e in contact.emails] != data.emails:
        contact.emails = [ContactEmail(email=e) for e in data.emails]
    if [p.phone for p in contact.phones] != data.phones:
        contact.phones = [ContactPhone(phone=p) for p in data.phones]
    wanted = [(h.network, h.handle) for h in data.handles]
    if [(h.network, h.handle) for h in contact.handles] != wanted:
        contact.handles = [SocialHandle(network=n, handle=h) for n, h in wanted]
        # Flush removals before inserts so a re-ordered list does not trip the unique index.
    ctx.session.flush()


def _contact_view(contact: Contact) -> dict[str, Any]:
    view = snapshot(contact, CONTACT_FIELDS)
    view["company_id"] = contact.company_id
    view["emails"] = [e.email for e in contact.emails]
    view["phones"] = [p.phone for p in contact.phones]
    view["handles"] = [f"{h.network}:{h.handle}" for h in contact.handles]
    return view


def create_contact(ctx: Context, data: ContactIn) -> Contact:
    ctx.require("crm.write")
    if data.external_id and _find_external(ctx, Contact, data.source, data.external_id):
        raise Conflict(
            f"A contact with external id {data.external_id} from {data.source} already exists.",
            fields={"external_id": "duplicate"},
        )
    _check_identities_free(ctx, data, None)
    contact = Contact(
        source=data.source, external_id=data.external_id, emails=[], phones=[], handles=[]
    )
    ctx.session.add(contact)
    _apply_contact(ctx, contact, data)
    ctx.record("contact.created", "contact", contact.id, after=_contact_view(contact))
    return contact


def update_contact(ctx: Context, contact_id: int, patch: ContactPatch) -> Contact:
    ctx.require("crm.write")
    contact = ctx.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"Contact {contact_id} does not exist.")
    changes = patch.model_dump(exclude_unset=True)
    if (
        changes.get("company_id") is not None
        and ctx.session.get(Company, changes["company_id"]) is None
    ):
        raise ValidationFailed("That company does not exist.", fields={"company_id": "not found"})
    before = snapshot(contact, [*changes])
    for field, value in changes.items():
        setattr(contact, field, value)
    ctx.record(
        "contact.updated", "contact", contact.id, before=before, after=snapshot(contact, [*changes])
    )
    return contact


def upsert_companies(ctx: Context, rows: Sequence[CompanyIn]) -> BatchReport:
    """Create or update companies by (source, external_id); rows without one are created."""
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        existing = data.external_id and _find_external(ctx, Company, data.source, data.external_id)
        if existing:
            before = snapshot(existing, COMPANY_FIELDS)
            _apply_company(ctx, existing, data)
            if snapshot(existing, COMPANY_FIELDS) == before:
                report.unchanged += 1
            else:
                report.updated += 1
        else:
            company = Company(source=data.source, external_id=data.external_id)
            _apply_company(ctx, company, data)
            ctx.session.add(company)
            report.created += 1
    ctx.session.flush()
    ctx.record(
        "company.batch_upserted",
        "company",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
    return report


def upsert_contacts(ctx: Context, rows: Sequence[ContactIn]) -> BatchReport:
    """Create or update contacts by (source, external_id), keeping emails and handles unique."""
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        existing = data.external_id and _find_external(ctx, Contact, data.source, data.external_id)
        if existing:
            before = _contact_view(existing)
            _check_identities_free(ctx, data, existing.id)
            _apply_contact(ctx, existing, data)
            if _contact_view(existing) == before:
                report.unchanged += 1
            else:
                report.updated += 1
        else:
            _check_identities_free(ctx, data, None)
            contact = Contact(
                source=data.source, external_id=data.external_id, emails=[], phones=[], handles=[]
            )
            ctx.session.add(contact)
            _apply_contact(ctx, contact, data)
            report.created += 1
    ctx.record(
        "contact.batch_upserted",
        "contact",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
    return report


def _contact_by_email(ctx: Context, email: str | None) -> Contact | None:
    if email is None:
        return None
    return ctx.session.scalar(
        select(Contact).join(ContactEmail).where(ContactEmail.email == email.lower())
    )


def upsert_orders(ctx: Context, rows: Sequence[OrderIn]) -> BatchReport:
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        contact_id = data.contact_id
        company_id = data.company_id
        if contact_id is None and data.contact_email:
            contact = _contact_by_email(ctx, data.contact_email)
            if contact is None:
                raise ValidationFailed(
                    f"No contact with email {data.contact_email}.",
                    fields={"contact_email": "not found"},
                )
            contact_id, company_id = contact.id, company_id or contact.company_id
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
        existing = data.external_id and _find_external(ctx, Order, data.source, data.external_id)
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
    ctx.record(
        "order.batch_upserted",
        "order",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
    return report


def upsert_satisfaction(ctx: Context, rows: Sequence[SatisfactionIn]) -> BatchReport:
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        contact_id, company_id = data.contact_id, data.company_id
        if contact_id is None and data.contact_email:
            contact = _contact_by_email(ctx, data.contact_email)
            if contact is None:
                raise ValidationFailed(
                    f"No contact with email {data.contact_email}.",
                    fields={"contact_email": "not found"},
                )
            contact_id, company_id = contact.id, company_id or contact.company_id
        if data.external_id and _find_external(
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
    ctx.record(
        "satisfaction.batch_upserted",
        "satisfaction",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
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
    ctx.record(
        "product.batch_upserted",
        "product",
        None,
        after=report.model_dump(include={"created", "updated", "unchanged"}),
    )
    return report


_BY_EXTERNAL_ID: dict[str, Any] = {
    "company": Company,
    "contact": Contact,
    "order": Order,
    "satisfaction": SatisfactionResponse,
}


def claim_external_ids(ctx: Context, entity: str, claims: Sequence[tuple[int, str, str]]) -> int:
    """Give records made without an external id the one a file names them by.

    Each claim is (record id, source, external id). A record is claimed only when it exists, comes
    from that source, has no external id yet and no other record holds the id, so claiming again
    does nothing. Returns how many were claimed; one audit entry covers them.
    """
    ctx.require("crm.write")
    model = _BY_EXTERNAL_ID[entity]
    claimed: list[int] = []
    for record_id, source, external_id in claims:
        record = ctx.session.get(model, record_id)
        if record is None or record.external_id is not None or record.source != source:
            continue
        if _find_external(ctx, model, source, external_id) is not None:
            continue
        record.external_id = external_id
        ctx.session.flush()
        claimed.append(record_id)
    if claimed:
        ctx.record(f"{entity}.external_ids_claimed", entity, None, after={"ids": claimed})
    return len(claimed)
