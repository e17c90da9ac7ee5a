"""Why an alert fired, in terms a person can check: rising terms, sample posts, who is affected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select

from rumbo.listening.models import Mention

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.listening.detect import Signal
    from rumbo.listening.runtime import Listener

# How far before the firing event to look for the customers who wrote about it.
LOOKBACK = dt.timedelta(hours=6)
MAX_SAMPLES = 5
KIND_TITLES = {
    "burst": "Pico de menciones",
    "new_term": "Término nuevo",
    "negative_share": "Sube el sentimiento negativo",
    "influencer": "Queja de una cuenta influyente",
    "keyword": "Palabra vigilada",
}


def title_for(signal: Signal) -> str:
    label = KIND_TITLES.get(signal.kind, signal.kind)
    return f"{label}: {', '.join(signal.terms[:3]) or '—'}"


def summarise(title: str, rising: Sequence[dict[str, Any]], affected: dict[str, Any]) -> str:
    """One line: what, the strongest specific term against its normal level, who is affected."""
    summary = title
    specific = [t for t in rising if t["term"] != "*"] or list(rising)
    if specific:
        top = specific[0]
        summary += f" — «{top['term']}» {top['now']} vs {top['baseline']} esperadas"
    if affected.get("company_count"):
        summary += f"; {affected['company_count']} cuentas, ARR {affected['arr_total']}"
    return summary


def merge_rising(
    older: Sequence[dict[str, Any]], newer: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Rising terms of an ongoing alert: the newest count of each, strongest rise first."""
    merged = {t["term"]: t for t in older}
    merged.update({t["term"]: t for t in newer})
    ordered = sorted(merged.values(), key=lambda t: t["now"] - t["baseline"], reverse=True)
    return ordered[:10]


def explain(
    session: Session, listener: Listener, signal: Signal, *, since: dt.datetime | None
) -> dict[str, Any]:
    rising = sorted(signal.counts.items(), key=lambda kv: kv[1][0] - kv[1][1], reverse=True)
    terms = [
        {"term": term, "now": int(now), "baseline": round(float(base), 2)}
        for term, (now, base) in rising[:8]
    ]
    start = (since or signal.at) - LOOKBACK
    affected = affected_customers(session, signal.terms[:5], start, signal.at)
    return {
        "summary": summarise(title_for(signal), terms, affected),
        "kind": signal.kind,
        "score": round(float(signal.score), 3),
        "rising_terms": terms,
        "samples": _samples(session, listener, signal.samples),
        "sentiment": dict(signal.sentiment),
        "affected": affected,
    }


def _samples(session: Session, listener: Listener, keys: Sequence[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    missing: list[tuple[str, str]] = []
    for key in keys[:MAX_SAMPLES]:
        sample = listener.recent.get(key)
        if sample is not None:
            found.append(
                {
                    "id": key,
                    "text": sample.text[:280],
                    "author": sample.author,
                    "at": sample.at.isoformat(),
                    "sentiment": sample.sentiment,
                }
            )
        else:
            source, _, external_id = key.partition(":")
            missing.append((source, external_id))
    for source, external_id in missing:
        row = session.execute(
            select(Mention.text, Mention.author, Mention.created_at, Mention.sentiment).where(
                Mention.source == source, Mention.external_id == external_id
            )
        ).first()
        if row is not None:
            found.append(
                {
                    "id": f"{source}:{external_id}",
                    "text": row.text[:280],
                    "author": row.author,
                    "at": row.created_at.isoformat(),
                    "sentiment": row.sentiment,
                }
            )
    return found


def affected_customers(
    session: Session, terms: Sequence[str], start: dt.datetime, end: dt.datetime
) -> dict[str, Any]:
    """Contacts and accounts who wrote any of ``terms`` between ``start`` and ``end``, with ARR."""
    from rumbo.crm.models import Company

    wanted = {t for t in terms if t != "*"}  # "*" is the total volume: everyone counts
    rows = session.execute(
        select(Mention.contact_id, Mention.company_id, Mention.terms, Mention.topic).where(
            Mention.created_at >= start,
            Mention.created_at <= end,
            or_(Mention.contact_id.is_not(None), Mention.company_id.is_not(None)),
        )
    )
    contacts: set[int] = set()
    companies: set[int] = set()
    topics = {t.removeprefix("topic:") for t in wanted if t.startswith("topic:")}
    words = wanted - {f"topic:{t}" for t in topics}
    for contact_id, company_id, mention_terms, topic in rows:
        if wanted and not (words & set(mention_terms or ()) or topic in topics):
            continue
        if contact_id is not None:
            contacts.add(contact_id)
        if company_id is not None:
            companies.add(company_id)
    accounts: list[dict[str, Any]] = []
    total = Decimal("0")
    if companies:
        for company in session.execute(
            select(Company.id, Company.name, Company.arr, Company.plan).where(
                Company.id.in_(sorted(companies))
            )
        ):
            total += company.arr or Decimal("0")
            accounts.append(
                {
                    "id": company.id,
                    "name": company.name,
                    "arr": str(company.arr),
                    "plan": company.plan,
                }
            )
    accounts.sort(key=lambda a: Decimal(a["arr"]), reverse=True)
    return {
        "contacts": len(contacts),
        "company_count": len(companies),
        "arr_total": str(total),
        "companies": accounts[:10],
    }
