"""Every write to the CRM.

Single-record actions raise on conflicts; batch upserts are idempotent by (source, external_id)
and record one audit entry per batch.
"""

from rumbo.crm.actions.commerce import upsert_orders, upsert_products, upsert_satisfaction
from rumbo.crm.actions.companies import (
    COMPANY_FIELDS,
    create_company,
    update_company,
    upsert_companies,
)
from rumbo.crm.actions.contacts import (
    CONTACT_FIELDS,
    create_contact,
    update_contact,
    upsert_contacts,
)
from rumbo.crm.actions.identifiers import claim_external_ids

__all__ = [
    "COMPANY_FIELDS",
    "CONTACT_FIELDS",
    "claim_external_ids",
    "create_company",
    "create_contact",
    "update_company",
    "update_contact",
    "upsert_companies",
    "upsert_contacts",
    "upsert_orders",
    "upsert_products",
    "upsert_satisfaction",
]
