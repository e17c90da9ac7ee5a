"""Writes to contacts, in bulk where it counts.

A batch looks up everything it needs — existing contacts, who holds each email and handle, the
companies rows point at — in a few queries per 500 rows, then applies the rows in memory. Emails
and handles identify one person, so a batch may not hand one to a second contact, not even to
another row of the same batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import selectinload

from rumbo.context import Context
from rumbo.crm.actions._common import chunks, record_batch, snapshot
from rumbo.crm.models import Company, Contact, ContactEmail, ContactPhone, SocialHandle
from rumbo.crm.schemas import ContactIn, ContactPatch
from rumbo.db import refuse_nulls, refuse_taken_external_id
from rumbo.errors import Conflict, NotFound, ValidationFailed
from rumbo.schemas import BatchReport

CONTACT_FIELDS = ("name", "job_title", "language", "country", "address_form", "audience_size")

# Who holds an identity: a stored contact's id, or a new contact of this batch (not yet flushed).
Holder = int | Contact


def contact_view(contact: Contact) -> dict[str, Any]:
    view = snapshot(contact, CONTACT_FIELDS)
    view["company_id"] = contact.company_id
    view["emails"] = [e.email for e in contact.emails]
    view["phones"] = [p.phone for p in contact.phones]
    view["handles"] = [f"{h.network}:{h.handle}" for h in contact.handles]
    return view


class _Lookups:
    """Everything a batch of contact rows refers to, fetched up front."""

    def __init__(self, ctx: Context, rows: Sequence[ContactIn]) -> None:
        session = ctx.session
        self.ctx = ctx
        self.contacts: dict[tuple[str, str], Contact] = {}
        keys = sorted({(r.source, r.external_id) for r in rows if r.external_id})
        for chunk in chunks(keys):
            stmt = (
                select(Contact)
                .where(tuple_(Contact.source, Contact.external_id).in_(chunk))
                .options(
                    selectinload(Contact.emails),
                    selectinload(Contact.phones),
                    selectinload(Contact.handles),
                )
            )
            for contact in session.scalars(stmt):
                self.contacts[(contact.source, str(contact.external_id))] = contact

        self.email_holder: dict[str, Holder] = {}
        for emails in chunks(sorted({e for r in rows for e in r.emails})):
            email_rows = session.execute(
                select(ContactEmail.email, ContactEmail.contact_id).where(
                    ContactEmail.email.in_(emails)
                )
            )
            self.email_holder.update(dict(email_rows.all()))

        self.handle_holder: dict[tuple[str, str], Holder] = {}
        wanted_handles = sorted({(h.network, h.handle) for r in rows for h in r.handles})
        for handles in chunks(wanted_handles):
            handle_rows = session.execute(
                select(SocialHandle.network, SocialHandle.handle, SocialHandle.contact_id).where(
                    tuple_(SocialHandle.network, SocialHandle.handle).in_(handles)
                )
            )
            self.handle_holder.update({(n, h): cid for n, h, cid in handle_rows})

        self.company_by_external: dict[tuple[str, str], int] = {}
        refs = sorted({(r.source, r.company_external_id) for r in rows if r.company_external_id})
        for ref_chunk in chunks(refs):
            company_rows = session.execute(
                select(Company.source, Company.external_id, Company.id).where(
                    tuple_(Company.source, Company.external_id).in_(ref_chunk)
                )
            )
            self.company_by_external.update({(s, str(e)): cid for s, e, cid in company_rows})
        self.company_ids: set[int] = set()
        for id_chunk in chunks(sorted({r.company_id for r in rows if r.company_id is not None})):
            self.company_ids.update(
                session.scalars(select(Company.id).where(Company.id.in_(id_chunk)))
            )

    def company_for(self, data: ContactIn) -> int | None:
        if data.company_id is not None:
            if data.company_id not in self.company_ids:
                raise ValidationFailed(
                    f"Company {data.company_id} does not exist.",
                    fields={"company_id": "not found"},
                )
            return data.company_id
        if data.company_external_id:
            company_id = self.company_by_external.get((data.source, data.company_external_id))
            if company_id is None:
                raise ValidationFailed(
                    f"No company with external id {data.company_external_id}.",
                    fields={"company_external_id": "not found"},
                )
            return company_id
        return None

    def check_free(self, data: ContactIn, holder: Holder) -> None:
        """Refuse emails or handles that another contact (stored or in this batch) holds."""
        for email in data.emails:
            current = self.email_holder.get(email)
            if current is not None and current is not holder and current != holder:
                raise Conflict(
                    f"Email {email} already belongs to {_describe(current)}.",
                    fields={"emails": "taken"},
                )
        for h in data.handles:
            current = self.handle_holder.get((h.network, h.handle))
            if current is not None and current is not holder and current != holder:
                raise Conflict(
                    f"Handle @{h.handle} on {h.network} already belongs to {_describe(current)}.",
                    fields={"handles": "taken"},
                )

    def apply(self, contact: Contact, data: ContactIn, holder: Holder) -> None:
        """Copy ``data`` onto ``contact``, replacing identity lists only when they changed."""
        for field, value in data.model_dump(include=set(CONTACT_FIELDS)).items():
            setattr(contact, field, value)
        contact.company_id = self.company_for(data)
        old_emails = [e.email for e in contact.emails]
        old_phones = [p.phone for p in contact.phones]
        old_handles = [(h.network, h.handle) for h in contact.handles]
        wanted_handles = [(h.network, h.handle) for h in data.handles]
        emails_change = old_emails != data.emails
        phones_change = old_phones != data.phones
        handles_change = old_handles != wanted_handles
        if (
            (emails_change and old_emails)
            or (phones_change and old_phones)
            or (handles_change and old_handles)
        ):
            # The unit of work inserts before it deletes, so a kept email would clash with its
            # own old row: remove the old rows first. Only contacts whose lists change pay this.
            if emails_change:
                contact.emails = []
            if phones_change:
                contact.phones = []
            if handles_change:
                contact.handles = []
            self.ctx.session.flush()
        for email in old_emails if emails_change else ():
            self.email_holder.pop(email, None)
        for key in old_handles if handles_change else ():
            self.handle_holder.pop(key, None)
        if emails_change:
            contact.emails = [ContactEmail(email=e) for e in data.emails]
        if phones_change:
            contact.phones = [ContactPhone(phone=p) for p in data.phones]
        if handles_change:
            contact.handles = [SocialHandle(network=n, handle=h) for n, h in wanted_handles]
        self.email_holder.update(dict.fromkeys(data.emails, holder))
        self.handle_holder.update(dict.fromkeys(wanted_handles, holder))


def _describe(holder: Holder) -> str:
    if isinstance(holder, Contact):
        return "another contact in this batch"
    return f"contact {holder}"


def create_contact(ctx: Context, data: ContactIn) -> Contact:
    ctx.require("crm.write")
    refuse_taken_external_id(ctx.session, Contact, "contact", data.source, data.external_id)
    lookups = _Lookups(ctx, [data])
    contact = Contact(
        source=data.source, external_id=data.external_id, emails=[], phones=[], handles=[]
    )
    lookups.check_free(data, contact)
    lookups.apply(contact, data, contact)
    ctx.session.add(contact)
    ctx.session.flush()
    ctx.record("contact.created", "contact", contact.id, after=contact_view(contact))
    return contact


def update_contact(ctx: Context, contact_id: int, patch: ContactPatch) -> Contact:
    ctx.require("crm.write")
    contact = ctx.session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"Contact {contact_id} does not exist.")
    changes = patch.model_dump(exclude_unset=True)
    refuse_nulls(Contact, changes)
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


def upsert_contacts(ctx: Context, rows: Sequence[ContactIn]) -> BatchReport:
    """Create or update contacts by (source, external_id), keeping emails and handles unique."""
    ctx.require("crm.write")
    lookups = _Lookups(ctx, rows)
    report = BatchReport()
    for data in rows:
        key = (data.source, data.external_id) if data.external_id else None
        existing = lookups.contacts.get(key) if key else None
        if existing is not None:
            holder: Holder = existing.id if existing.id is not None else existing
            before = contact_view(existing)
            lookups.check_free(data, holder)
            lookups.apply(existing, data, holder)
            if contact_view(existing) == before:
                report.unchanged += 1
            else:
                report.updated += 1
            continue
        contact = Contact(
            source=data.source, external_id=data.external_id, emails=[], phones=[], handles=[]
        )
        lookups.check_free(data, contact)
        lookups.apply(contact, data, contact)
        ctx.session.add(contact)
        if key:
            lookups.contacts[key] = contact
        report.created += 1
    ctx.session.flush()
    record_batch(ctx, "contact", report)
    return report
