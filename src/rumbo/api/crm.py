"""Companies, contacts, orders and satisfaction."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.crm import actions, queries
from rumbo.crm.schemas import (
    CompanyIn,
    CompanyOut,
    CompanyPatch,
    ContactIn,
    ContactOut,
    ContactPatch,
    OrderIn,
    OrderOut,
    SatisfactionIn,
    SatisfactionOut,
)
from rumbo.errors import NotFound
from rumbo.schemas import BatchReport, Page

router = APIRouter(tags=["crm"])
Limit = Annotated[int, Query(ge=0, le=500)]
Offset = Annotated[int, Query(ge=0)]


@router.get("/companies", response_model=Page[CompanyOut], dependencies=needs("crm.read"))
def list_companies(
    session: ReadSession,
    q: str | None = None,
    country: str | None = None,
    health: str | None = None,
    plan: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[CompanyOut]:
    rows, total = queries.list_companies(
        session, q=q, country=country, health=health, plan=plan, limit=limit, offset=offset
    )
    return Page(
        items=[CompanyOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/companies", response_model=CompanyOut, status_code=status.HTTP_201_CREATED)
def create_company(data: CompanyIn, ctx: UnitOfWork) -> CompanyOut:
    return CompanyOut.model_validate(actions.create_company(ctx, data))


@router.get("/companies/{company_id}", response_model=CompanyOut, dependencies=needs("crm.read"))
def get_company(company_id: int, session: ReadSession) -> CompanyOut:
    company = queries.get_company(session, company_id)
    if company is None:
        raise NotFound(f"Company {company_id} does not exist.")
    return CompanyOut.model_validate(company)


@router.patch("/companies/{company_id}", response_model=CompanyOut)
def update_company(company_id: int, patch: CompanyPatch, ctx: UnitOfWork) -> CompanyOut:
    return CompanyOut.model_validate(actions.update_company(ctx, company_id, patch))


@router.get("/contacts", response_model=Page[ContactOut], dependencies=needs("crm.read"))
def list_contacts(
    session: ReadSession,
    q: str | None = None,
    company_id: int | None = None,
    country: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> Page[ContactOut]:
    rows, total = queries.list_contacts(
        session, q=q, company_id=company_id, country=country, limit=limit, offset=offset
    )
    return Page(
        items=[ContactOut.model_validate(r) for r in rows], total=total, limit=limit, offset=offset
    )


@router.post("/contacts", response_model=ContactOut, status_code=status.HTTP_201_CREATED)
def create_contact(data: ContactIn, ctx: UnitOfWork) -> ContactOut:
    return ContactOut.model_validate(actions.create_contact(ctx, data))


@router.get("/contacts/{contact_id}", dependencies=needs("crm.read"))
def get_contact(contact_id: int, session: ReadSession) -> dict[str, Any]:
    """The customer's whole picture: contact, company, recent orders, satisfaction."""
    contact = queries.get_contact(session, contact_id)
    if contact is None:
        raise NotFound(f"Contact {contact_id} does not exist.")
    responses = queries.satisfaction_for(session, contact_id=contact_id)
    return {
        "contact": ContactOut.model_validate(contact).model_dump(mode="json"),
        "company": CompanyOut.model_validate(contact.company).model_dump(mode="json")
        if contact.company
        else None,
        "orders": [
            OrderOut.model_validate(o).model_dump(mode="json")
            for o in queries.orders_for(session, contact_id=contact_id)
        ],
        "satisfaction": queries.satisfaction_summary(responses),
    }


@router.patch("/contacts/{contact_id}", response_model=ContactOut)
def update_contact(contact_id: int, patch: ContactPatch, ctx: UnitOfWork) -> ContactOut:
    return ContactOut.model_validate(actions.update_contact(ctx, contact_id, patch))


@router.post("/contacts/batch", response_model=BatchReport)
def upsert_contacts(rows: list[ContactIn], ctx: UnitOfWork) -> BatchReport:
    """Idempotent batch: rows are matched by (source, external_id)."""
    return actions.upsert_contacts(ctx, rows)


@router.post("/companies/batch", response_model=BatchReport)
def upsert_companies(rows: list[CompanyIn], ctx: UnitOfWork) -> BatchReport:
    return actions.upsert_companies(ctx, rows)


@router.get("/orders", response_model=list[OrderOut], dependencies=needs("crm.read"))
def list_orders(
    session: ReadSession,
    contact_id: int | None = None,
    company_id: int | None = None,
    limit: Limit = 50,
) -> list[OrderOut]:
    rows = queries.orders_for(session, contact_id=contact_id, company_id=company_id, limit=limit)
    return [OrderOut.model_validate(o) for o in rows]


@router.post("/orders/batch", response_model=BatchReport)
def upsert_orders(rows: list[OrderIn], ctx: UnitOfWork) -> BatchReport:
    return actions.upsert_orders(ctx, rows)


@router.get("/satisfaction", response_model=list[SatisfactionOut], dependencies=needs("crm.read"))
def list_satisfaction(
    session: ReadSession,
    contact_id: int | None = None,
    company_id: int | None = None,
    limit: Limit = 50,
) -> list[SatisfactionOut]:
    rows = queries.satisfaction_for(
        session, contact_id=contact_id, company_id=company_id, limit=limit
    )
    return [SatisfactionOut.model_validate(r) for r in rows]


@router.post("/satisfaction/batch", response_model=BatchReport)
def upsert_satisfaction(rows: list[SatisfactionIn], ctx: UnitOfWork) -> BatchReport:
    return actions.upsert_satisfaction(ctx, rows)
