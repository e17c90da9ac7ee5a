"""Reading the CRM: lists with filters, and one customer's whole picture."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, selectinload

from rumbo.crm.models import (
    Company,
    Contact,
    ContactEmail,
    Order,
    Product,
    SatisfactionResponse,
)


def _page(session: Session, stmt: Select[Any], limit: int, offset: int) -> tuple[list[Any], int]:
    total = session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0
    return list(session.scalars(stmt.limit(limit).offset(offset))), total


def list_companies(
    session: Session,
    *,
    q: str | None = None,
    country: str | None = None,
    health: str | None = None,
    plan: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Company], int]:
    stmt = select(Company).order_by(Company.arr.desc(), Company.id)
    if q:
        stmt = stmt.where(Company.name.ilike(f"%{q}%"))
    if country:
        stmt = stmt.where(Company.country == country)
    if health:
        stmt = stmt.where(Company.health == health)
    if plan:
        stmt = stmt.where(Company.plan == plan)
    return _page(session, stmt, limit, offset)


def get_company(session: Session, company_id: int) -> Company | None:
    return session.get(Company, company_id)


def list_contacts(
    session: Session,
    *,
    q: str | None = None,
    company_id: int | None = None,
    country: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[Contact], int]:
    stmt = (
        select(Contact)
        .options(
            selectinload(Contact.emails),
            selectinload(Contact.phones),
            selectinload(Contact.handles),
        )
        .order_by(Contact.name, Contact.id)
    )
    if q:
        pattern = f"%{q.lower()}%"
        matching_email = select(ContactEmail.contact_id).where(ContactEmail.email.like(pattern))
        stmt = stmt.where(
            or_(func.lower(Contact.name).like(pattern), Contact.id.in_(matching_email))
        )
    if company_id is not None:
        stmt = stmt.where(Contact.company_id == company_id)
    if country:
        stmt = stmt.where(Contact.country == country)
    return _page(session, stmt, limit, offset)


def get_contact(session: Session, contact_id: int) -> Contact | None:
    return session.get(Contact, contact_id)


def find_contact_by_email(session: Session, email: str) -> Contact | None:
    return session.scalar(
        select(Contact).join(ContactEmail).where(ContactEmail.email == email.strip().lower())
    )


def orders_for(
    session: Session,
    *,
    contact_id: int | None = None,
    company_id: int | None = None,
    limit: int = 20,
) -> list[Order]:
    stmt = select(Order).order_by(Order.placed_at.desc())
    if contact_id is not None:
        stmt = stmt.where(Order.contact_id == contact_id)
    if company_id is not None:
        stmt = stmt.where(Order.company_id == company_id)
    return list(session.scalars(stmt.limit(limit)))


def satisfaction_for(
    session: Session,
    *,
    contact_id: int | None = None,
    company_id: int | None = None,
    limit: int = 50,
) -> list[SatisfactionResponse]:
    stmt = select(SatisfactionResponse).order_by(SatisfactionResponse.responded_at.desc())
    if contact_id is not None:
        stmt = stmt.where(SatisfactionResponse.contact_id == contact_id)
    if company_id is not None:
        stmt = stmt.where(SatisfactionResponse.company_id == company_id)
    return list(session.scalars(stmt.limit(limit)))


def satisfaction_summary(
    responses: Sequence[SatisfactionResponse],
) -> dict[str, float | int | None]:
    """CSAT as % of 4–5 answers; NPS as % promoters (9–10) minus % detractors (0–6)."""
    csat = [r.score for r in responses if r.kind == "csat"]
    nps = [r.score for r in responses if r.kind == "nps"]
    csat_pct = round(100 * sum(s >= 4 for s in csat) / len(csat), 1) if csat else None
    nps_value = (
        round(100 * (sum(s >= 9 for s in nps) - sum(s <= 6 for s in nps)) / len(nps), 1)
        if nps
        else None
    )
    return {"csat": csat_pct, "csat_count": len(csat), "nps": nps_value, "nps_count": len(nps)}


def _of_account(company_id: int) -> ColumnElement[bool]:
    """Answers about an account: filed under it, or given by one of its people (surveys often
    record only the person)."""
    people = select(Contact.id).where(Contact.company_id == company_id)
    return or_(
        SatisfactionResponse.company_id == company_id, SatisfactionResponse.contact_id.in_(people)
    )


def satisfaction_since(
    session: Session, *, contact_id: int, company_id: int | None, since: dt.datetime
) -> list[SatisfactionResponse]:
    """Answers since ``since`` from a customer or, when given, anyone at their account."""
    whose = SatisfactionResponse.contact_id == contact_id
    if company_id is not None:
        whose = or_(whose, _of_account(company_id))
    stmt = select(SatisfactionResponse).where(whose, SatisfactionResponse.responded_at >= since)
    return list(session.scalars(stmt))


def csat_by_month(
    session: Session,
    *,
    contact_id: int | None = None,
    company_id: int | None = None,
    since: dt.datetime | None = None,
) -> list[tuple[dt.date, float]]:
    """CSAT (% of 4–5 answers) per calendar month (UTC), oldest first; months without answers
    are left out rather than drawn as zero.

    Grouped here rather than in SQL: truncating to the month is written differently on each
    database, and one customer's answers are few.
    """
    stmt = select(SatisfactionResponse.responded_at, SatisfactionResponse.score).where(
        SatisfactionResponse.kind == "csat"
    )
    if contact_id is not None:
        stmt = stmt.where(SatisfactionResponse.contact_id == contact_id)
    if company_id is not None:
        stmt = stmt.where(_of_account(company_id))
    if since is not None:
        stmt = stmt.where(SatisfactionResponse.responded_at >= since)
    months: dict[dt.date, list[int]] = {}
    for responded_at, score in session.execute(stmt):
        at = responded_at.astimezone(dt.UTC)
        months.setdefault(dt.date(at.year, at.month, 1), []).append(score)
    return [
        (month, round(100 * sum(s >= 4 for s in scores) / len(scores), 1))
        for month, scores in sorted(months.items())
    ]


def counts(session: Session) -> dict[str, int]:
    return {
        name: session.scalar(select(func.count()).select_from(model)) or 0
        for name, model in (
            ("companies", Company),
            ("contacts", Contact),
            ("orders", Order),
            ("satisfaction", SatisfactionResponse),
            ("products", Product),
        )
    }


def contact_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Names of the given contacts in one query (lists show names without one query per row)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Contact.id, Contact.name).where(Contact.id.in_(wanted)))
    return dict(rows.all())


def company_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Names of the given companies in one query."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Company.id, Company.name).where(Company.id.in_(wanted)))
    return dict(rows.all())


def has_demo_data(session: Session) -> bool:
    """Whether the sample company's records are loaded (they carry ``source == "demo"``)."""
    for model in (Company, Contact):
        if session.scalar(select(model.id).where(model.source == "demo").limit(1)) is not None:
            return True
    return False


def contacts_by_external_id(
    session: Session, source: str, external_ids: list[str]
) -> dict[str, tuple[int, int | None]]:
    """``{external id: (contact id, company id)}`` for one source, for importers linking rows."""
    found: dict[str, tuple[int, int | None]] = {}
    for start in range(0, len(external_ids), 500):
        chunk = external_ids[start : start + 500]
        rows = session.execute(
            select(Contact.external_id, Contact.id, Contact.company_id).where(
                Contact.source == source, Contact.external_id.in_(chunk)
            )
        )
        found.update({ext: (cid, company) for ext, cid, company in rows if ext})
    return found


def companies_by_arr(session: Session, ids: Iterable[int]) -> list[Company]:
    """The companies with these ids, largest annual revenue first."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    stmt = select(Company).where(Company.id.in_(wanted))
    return list(session.scalars(stmt.order_by(Company.arr.desc(), Company.name)))
