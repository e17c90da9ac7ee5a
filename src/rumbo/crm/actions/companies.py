"""Writes to companies (accounts)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import select

from rumbo.accounts.models import User
from rumbo.context import Context
from rumbo.crm.actions._common import find_external, record_batch, snapshot
from rumbo.crm.models import Company
from rumbo.crm.schemas import CompanyIn, CompanyPatch
from rumbo.db import refuse_nulls, refuse_taken_external_id
from rumbo.errors import NotFound, ValidationFailed
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
    refuse_taken_external_id(ctx.session, Company, "company", data.source, data.external_id)
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
    refuse_nulls(Company, changes)
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


def upsert_companies(ctx: Context, rows: Sequence[CompanyIn]) -> BatchReport:
    """Create or update companies by (source, external_id); rows without one are created."""
    ctx.require("crm.write")
    report = BatchReport()
    for data in rows:
        existing = data.external_id and find_external(ctx, Company, data.source, data.external_id)
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
    record_batch(ctx, "company", report)
    return report
