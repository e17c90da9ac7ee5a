"""Giving records made without an external id the one an exported file names them by."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rumbo.context import Context
from rumbo.crm.actions._common import find_external
from rumbo.crm.models import Company, Contact, Order, SatisfactionResponse

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
        if find_external(ctx, model, source, external_id) is not None:
            continue
        record.external_id = external_id
        ctx.session.flush()
        claimed.append(record_id)
    if claimed:
        ctx.record(f"{entity}.external_ids_claimed", entity, None, after={"ids": claimed})
    return len(claimed)
