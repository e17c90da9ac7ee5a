"""Which problem terms are rising, who uses them, and what is at stake (the CRM join).

Counts come from the daily term counters (a span is counted in whole UTC days, today
included); "baseline" is the average of the four windows of the same length before it. A term
is a *problem* term when most of its mentions are negative or complaints. For each rising one:
distinct customers and accounts, their ARR, what they have in flight, their CSAT/NPS against
everyone else's, and their orders since the term appeared against the same span before.

The CRM has no opportunity table: "open orders" (paid or shipped, not yet delivered) and
renewals due within 90 days stand in for what is in flight; the answer says so.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rumbo.db import utcnow
from rumbo.errors import ValidationFailed
from rumbo.listening.models import Mention, TermCount

BASELINE_WINDOWS = 4
MIN_MENTIONS = 3
PROBLEM_SHARE = 0.5
RENEWAL_HORIZON = dt.timedelta(days=90)
OPEN_ORDER_STATUSES = ("paid", "shipped")
TICKETS_SOURCE = "tickets"  # tickets opened in Rumbo join the stream under this source
STAND_IN_NOTE = (
    "The CRM has no opportunity table: open orders (paid or shipped) and renewals due within "
    "90 days are shown as what is in flight."
)


def parse_since(text: str) -> dt.timedelta:
    """``7d`` → 7 days, ``24h`` → 24 hours."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*([hd])\s*", text or "")
    if not match or int(match[1]) == 0:
        raise ValidationFailed(
            f"'{text}' is not a span: use hours or days such as 24h or 7d.",
            fields={"since": "invalid"},
        )
    amount = int(match[1])
    return dt.timedelta(hours=amount) if match[2] == "h" else dt.timedelta(days=amount)


def _counts(session: Session, start: dt.datetime, end: dt.datetime) -> dict[str, list[int]]:
    rows = session.execute(
        select(
            TermCount.term,
            func.sum(TermCount.mentions),
            func.sum(TermCount.negative),
            func.sum(TermCount.complaints),
        )
        .where(TermCount.bucket >= start, TermCount.bucket < end)
        .group_by(TermCount.term)
    )
    return {term: [int(m or 0), int(n or 0), int(c or 0)] for term, m, n, c in rows}


def rising_problem_terms(
    session: Session, span: dt.timedelta, *, until: dt.datetime | None = None, limit: int = 20
) -> dict[str, Any]:
    end = until or utcnow()
    days = dt.timedelta(days=max(1, math.ceil(span / dt.timedelta(days=1))))
    stop = end.replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    start = stop - days
    now = _counts(session, start, stop)
    before = _counts(session, start - BASELINE_WINDOWS * days, start)
    ranked: list[tuple[float, str, list[int], float]] = []
    for term, (mentions, negative, complaints) in now.items():
        if mentions < MIN_MENTIONS or term.startswith("topic:"):
            continue
        if max(negative, complaints) / mentions < PROBLEM_SHARE:
            continue
        baseline = before.get(term, [0, 0, 0])[0] / BASELINE_WINDOWS
        if mentions <= baseline:
            continue
        score = (mentions - baseline) / math.sqrt(baseline + 1)
        ranked.append((score, term, [mentions, negative, complaints], baseline))
    ranked.sort(reverse=True)
    chosen = ranked[:limit]
    people = _people_by_term(session, {t for _, t, _, _ in chosen}, start, end)
    terms = []
    for score, term, (mentions, negative, complaints), baseline in chosen:
        contacts, companies, first_seen = people.get(term, (set(), set(), None))
        terms.append(
            {
                "term": term,
                "now": mentions,
                "baseline": round(baseline, 2),
                "score": round(score, 2),
                "negative": negative,
                "complaints": complaints,
                "customers": len(contacts),
                "accounts": len(companies),
                **_at_stake(session, contacts, companies, first_seen, end),
            }
        )
    return {
        "since": start.isoformat(),
        "until": end.isoformat(),
        "baseline_windows": BASELINE_WINDOWS,
        "note": STAND_IN_NOTE,
        "terms": terms,
    }


def _people_by_term(
    session: Session, terms: set[str], start: dt.datetime, end: dt.datetime
) -> dict[str, tuple[set[int], set[int], dt.datetime | None]]:
    found: dict[str, tuple[set[int], set[int], dt.datetime | None]] = {}
    if not terms:
        return found
    contacts: dict[str, set[int]] = defaultdict(set)
    companies: dict[str, set[int]] = defaultdict(set)
    first: dict[str, dt.datetime] = {}
    rows = session.execute(
        select(Mention.contact_id, Mention.company_id, Mention.terms, Mention.created_at).where(
            Mention.created_at >= start, Mention.created_at < end
        )
    )
    for contact_id, company_id, mention_terms, created_at in rows:
        for term in terms.intersection(mention_terms or ()):
            if term not in first or created_at < first[term]:
                first[term] = created_at
            if contact_id is not None:
                contacts[term].add(contact_id)
            if company_id is not None:
                companies[term].add(company_id)
    for term in terms:
        found[term] = (contacts[term], companies[term], first.get(term))
    return found


def _at_stake(
    session: Session,
    contacts: set[int],
    companies: set[int],
    first_seen: dt.datetime | None,
    end: dt.datetime,
) -> dict[str, Any]:
    from rumbo.crm.models import Company, Contact, Order

    if contacts:
        companies = companies | {
            c
            for c in session.scalars(
                select(Contact.company_id).where(
                    Contact.id.in_(sorted(contacts)), Contact.company_id.is_not(None)
                )
            )
            if c is not None
        }
    arr = Decimal("0")
    renewing = 0
    renewing_arr = Decimal("0")
    if companies:
        for value, renewal in session.execute(
            select(Company.arr, Company.renewal_date).where(Company.id.in_(sorted(companies)))
        ):
            arr += value or Decimal("0")
            if renewal is not None and renewal <= (end + RENEWAL_HORIZON).date():
                renewing += 1
                renewing_arr += value or Decimal("0")
    who = _who(contacts, companies)
    open_orders, open_value = 0, Decimal("0")
    if who is not None:
        open_orders, open_value = session.execute(
            select(func.count(), func.coalesce(func.sum(Order.total), 0)).where(
                who, Order.status.in_(OPEN_ORDER_STATUSES)
            )
        ).one()
    return {
        "arr": str(arr),
        "open_orders": int(open_orders),
        "open_order_value": str(Decimal(str(open_value)).quantize(Decimal("0.01"))),
        "renewals_90d": renewing,
        "renewals_90d_arr": str(renewing_arr),
        "satisfaction": _satisfaction(session, contacts, companies),
        "orders_change": _orders_change(session, who, first_seen, end),
    }


def _who(contacts: set[int], companies: set[int]) -> Any:
    from rumbo.crm.models import Order

    parts = []
    if contacts:
        parts.append(Order.contact_id.in_(sorted(contacts)))
    if companies:
        parts.append(Order.company_id.in_(sorted(companies)))
    return or_(*parts) if parts else None


def _satisfaction(session: Session, contacts: set[int], companies: set[int]) -> dict[str, Any]:
    """Average CSAT (1–5) and NPS (-100..100) of these customers against everyone else."""
    from rumbo.crm.models import SatisfactionResponse as Answer

    groups: dict[str, dict[str, list[int]]] = {
        "them": {"csat": [], "nps": []},
        "others": {"csat": [], "nps": []},
    }
    for contact_id, company_id, kind, score in session.execute(
        select(Answer.contact_id, Answer.company_id, Answer.kind, Answer.score)
    ):
        theirs = contact_id in contacts or (company_id is not None and company_id in companies)
        groups["them" if theirs else "others"].setdefault(kind, []).append(score)

    def summary(scores: dict[str, list[int]]) -> dict[str, Any]:
        csat, nps = scores.get("csat", []), scores.get("nps", [])
        promoters = sum(1 for s in nps if s >= 9)
        detractors = sum(1 for s in nps if s <= 6)
        return {
            "csat": round(sum(csat) / len(csat), 2) if csat else None,
            "csat_answers": len(csat),
            "nps": round(100 * (promoters - detractors) / len(nps), 1) if nps else None,
            "nps_answers": len(nps),
        }

    return {"customers": summary(groups["them"]), "everyone_else": summary(groups["others"])}


def _orders_change(
    session: Session, who: Any, first_seen: dt.datetime | None, end: dt.datetime
) -> dict[str, Any] | None:
    """Orders since the term first appeared against the same length of time just before."""
    from rumbo.crm.models import Order

    if who is None or first_seen is None:
        return None
    span = max(end - first_seen, dt.timedelta(hours=1))

    def total(a: dt.datetime, b: dt.datetime) -> tuple[int, Decimal]:
        count, value = session.execute(
            select(func.count(), func.coalesce(func.sum(Order.total), 0)).where(
                who, Order.placed_at >= a, Order.placed_at < b
            )
        ).one()
        return int(count), Decimal(str(value))

    before_n, before_v = total(first_seen - span, first_seen)
    after_n, after_v = total(first_seen, end)
    change = None if before_v == 0 else round(float((after_v - before_v) / before_v) * 100, 1)
    return {
        "since": first_seen.isoformat(),
        "orders_before": before_n,
        "orders_after": after_n,
        "value_before": str(before_v.quantize(Decimal("0.01"))),
        "value_after": str(after_v.quantize(Decimal("0.01"))),
        "value_change_pct": change,
    }


# ---------------------------------------------------------------------------------------------
# Problem terms ranked by the revenue of the customers who raise them (the insights screen)


@dataclass(frozen=True)
class TermAtRisk:
    """One problem term in a period: how often, who said it unhappily, and what they pay.

    ``problem_mentions``, ``from_tickets``, ``customers``, ``accounts`` and ``arr`` count only the
    negative or complaint mentions: a customer who praises the courier is not at risk because of
    the courier.
    """

    term: str
    mentions: int
    problem_mentions: int
    from_tickets: int
    previous: int
    customers: int
    accounts: int
    arr: Decimal

    @property
    def change(self) -> int:
        return self.mentions - self.previous

    @property
    def change_pct(self) -> float | None:
        """Growth against the previous period, in percent; None when it was not heard then."""
        if not self.previous:
            return None
        return round(100 * self.change / self.previous, 1)


@dataclass
class _Tally:
    problem: int = 0
    from_tickets: int = 0
    contacts: set[int] = field(default_factory=set)
    companies: set[int] = field(default_factory=set)


def term_window(days: int, until: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """The last ``days`` whole UTC days up to ``until``, today included: how terms are counted."""
    stop = until.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    stop += dt.timedelta(days=1)
    return stop - dt.timedelta(days=days), stop


def problem_terms_at_risk(
    session: Session,
    days: int,
    *,
    until: dt.datetime,
    limit: int = 25,
    min_mentions: int = MIN_MENTIONS,
) -> list[TermAtRisk]:
    """Problem terms of the ``days`` up to ``until`` (see :func:`term_window`), the most ARR at
    risk first, each against the same number of days before.

    How often a term was heard comes from the daily counters; who was unhappy comes from the
    negative or complaint mentions of the period, read once (their terms are JSON, matched here:
    looking inside JSON is written differently on each database).
    """
    from rumbo.crm.models import Company

    start, stop = term_window(days, until)
    heard = {
        term: int(count or 0)
        for term, count in session.execute(
            select(TermCount.term, func.sum(TermCount.mentions))
            .where(TermCount.bucket >= start, TermCount.bucket < stop)
            .group_by(TermCount.term)
            .having(func.sum(TermCount.mentions) >= min_mentions)
        )
        if not term.startswith("topic:")
    }
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    rows = session.execute(
        select(Mention.source, Mention.contact_id, Mention.company_id, Mention.terms).where(
            Mention.created_at >= start,
            Mention.created_at < stop,
            or_(Mention.sentiment == "negative", Mention.complaint.is_(True)),
        )
    )
    for source, contact_id, company_id, terms in rows:
        for term in heard.keys() & (terms or ()):  # only terms heard often enough
            tally = tallies[term]
            tally.problem += 1
            tally.from_tickets += source == TICKETS_SOURCE
            if contact_id is not None:
                tally.contacts.add(contact_id)
            if company_id is not None:
                tally.companies.add(company_id)
    chosen = {
        term: tally
        for term, tally in tallies.items()
        if tally.problem / heard[term] >= PROBLEM_SHARE
    }
    companies = set().union(*(t.companies for t in chosen.values())) if chosen else set()
    arr_of: dict[int, Decimal] = {}
    if companies:
        arr_of = {
            company_id: arr or Decimal("0")
            for company_id, arr in session.execute(
                select(Company.id, Company.arr).where(Company.id.in_(sorted(companies)))
            )
        }
    at_risk = {
        term: sum((arr_of.get(c, Decimal("0")) for c in tally.companies), Decimal("0"))
        for term, tally in chosen.items()
    }
    ranked = sorted(
        chosen.items(),
        key=lambda item: (-at_risk[item[0]], -item[1].problem, -heard[item[0]], item[0]),
    )[:limit]
    # The period before is counted for the terms shown only: the ranking does not depend on it.
    before = _counts_before(session, [term for term, _tally in ranked], start, days)
    return [
        TermAtRisk(
            term=term,
            mentions=heard[term],
            problem_mentions=tally.problem,
            from_tickets=tally.from_tickets,
            previous=before.get(term, 0),
            customers=len(tally.contacts),
            accounts=len(tally.companies),
            arr=at_risk[term],
        )
        for term, tally in ranked
    ]


def _counts_before(
    session: Session, terms: list[str], start: dt.datetime, days: int
) -> dict[str, int]:
    if not terms:
        return {}
    rows = session.execute(
        select(TermCount.term, func.sum(TermCount.mentions))
        .where(
            TermCount.bucket >= start - dt.timedelta(days=days),
            TermCount.bucket < start,
            TermCount.term.in_(terms),
        )
        .group_by(TermCount.term)
    )
    return {term: int(count or 0) for term, count in rows}


def mentions_with_term(
    session: Session, term: str, since: dt.datetime, until: dt.datetime
) -> list[Mention]:
    """The mentions of ``since``..``until`` that carry ``term``, newest first.

    The terms are matched here (see :func:`problem_terms_at_risk`): ids first, from two narrow
    columns, then the matching rows whole.
    """
    ids = [
        mention_id
        for mention_id, terms in session.execute(
            select(Mention.id, Mention.terms).where(
                Mention.created_at >= since, Mention.created_at < until
            )
        )
        if term in (terms or ())
    ]
    found: list[Mention] = []
    for start in range(0, len(ids), 500):
        found.extend(
            session.scalars(select(Mention).where(Mention.id.in_(ids[start : start + 500])))
        )
    found.sort(key=lambda m: (m.created_at, m.id), reverse=True)
    return found
