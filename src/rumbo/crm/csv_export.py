"""Writing the CRM as CSV files that the importer reads back as "unchanged".

The header is the input schema's field names. References prefer what travels between installations
(a company's external id, a contact's email) and fall back to stored ids only where that is the
only way to reproduce the record exactly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from rumbo.accounts.models import User
from rumbo.crm.csv_columns import LOCAL_ID_PREFIX, Kind, fields_of
from rumbo.crm.csv_values import format_cell
from rumbo.crm.models import Company, Contact, ContactEmail, Order, SatisfactionResponse

BATCH = 500


def external_id(record: Company | Contact | Order | SatisfactionResponse) -> str:
    """The record's external id, or ``rumbo:<id>`` when it was made without one."""
    return record.external_id or f"{LOCAL_ID_PREFIX}{record.id}"


def _companies(session: Session) -> Iterator[dict[str, Any]]:
    stmt = (
        select(Company, User.email)
        .outerjoin(User, User.id == Company.account_manager_id)
        .order_by(Company.id)
        .execution_options(yield_per=BATCH)
    )
    for company, manager_email in session.execute(stmt):
        row = {f: getattr(company, f, None) for f in fields_of("companies")}
        row.update(external_id=external_id(company), account_manager_email=manager_email)
        yield row


def _contacts(session: Session) -> Iterator[dict[str, Any]]:
    stmt = (
        select(Contact)
        .options(
            selectinload(Contact.emails),
            selectinload(Contact.phones),
            selectinload(Contact.handles),
            selectinload(Contact.company),
        )
        .order_by(Contact.id)
    )
    for contact in session.scalars(stmt):
        company = contact.company
        # The company's external id only resolves within the contact's own source.
        portable = company is not None and company.external_id and company.source == contact.source
        row = {f: getattr(contact, f, None) for f in fields_of("contacts")}
        row.update(
            external_id=external_id(contact),
            company_external_id=company.external_id if portable and company else None,
            company_id=None if portable else contact.company_id,
            emails=[e.email for e in contact.emails],
            phones=[p.phone for p in contact.phones],
            handles=[f"{h.network}:{h.handle}" for h in contact.handles],
        )
        yield row


class _People:
    """Each contact's first email and company, to write orders and answers by email."""

    def __init__(self, session: Session) -> None:
        self.email: dict[int, str] = {}
        for contact_id, email in session.execute(
            select(ContactEmail.contact_id, ContactEmail.email).order_by(ContactEmail.id)
        ):
            self.email.setdefault(contact_id, email)
        rows = session.execute(select(Contact.id, Contact.company_id))
        self.company: dict[int, int | None] = dict(rows.all())

    def reference(self, contact_id: int | None, company_id: int | None) -> dict[str, Any]:
        """contact_email/contact_id/company_id cells that the upsert turns back into these ids."""
        email = self.email.get(contact_id) if contact_id is not None else None
        contact_company = self.company.get(contact_id) if contact_id is not None else None
        # By email, an empty company means "the contact's company": usable unless the record
        # deliberately has none while the contact has one.
        if email is not None and not (company_id is None and contact_company is not None):
            return {
                "contact_email": email,
                "contact_id": None,
                "company_id": None if company_id == contact_company else company_id,
            }
        return {"contact_email": None, "contact_id": contact_id, "company_id": company_id}


def _orders(session: Session) -> Iterator[dict[str, Any]]:
    people = _People(session)
    stmt = select(Order).order_by(Order.id).execution_options(yield_per=BATCH)
    for order in session.scalars(stmt):
        row = {f: getattr(order, f, None) for f in fields_of("orders")}
        row.update(
            external_id=external_id(order), **people.reference(order.contact_id, order.company_id)
        )
        yield row


def _satisfaction(session: Session) -> Iterator[dict[str, Any]]:
    people = _People(session)
    stmt = (
        select(SatisfactionResponse)
        .order_by(SatisfactionResponse.id)
        .execution_options(yield_per=BATCH)
    )
    for answer in session.scalars(stmt):
        row = {f: getattr(answer, f, None) for f in fields_of("satisfaction")}
        row.update(
            external_id=external_id(answer),
            **people.reference(answer.contact_id, answer.company_id),
        )
        yield row


ROWS = {
    "companies": _companies,
    "contacts": _contacts,
    "orders": _orders,
    "satisfaction": _satisfaction,
}


def write_csv(session: Session, kind: Kind, out: TextIO) -> int:
    """Write every record of ``kind`` to ``out`` as CSV; returns how many rows were written."""
    header = fields_of(kind)
    writer = csv.writer(out)
    writer.writerow(header)
    count = 0
    for row in ROWS[kind](session):
        writer.writerow([format_cell(row[f]) for f in header])
        count += 1
    return count
