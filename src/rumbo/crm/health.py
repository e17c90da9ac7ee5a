"""A customer's health: a score from 0 to 100 that shows every point it took off, and why.

The score starts at 100 and each warning sign below takes points off; nothing is learnt or
hidden, so the page can list each reason beside its points and anyone can redo the sum.

======================================  ===============================================
Sign (customer and their account)       Points off
======================================  ===============================================
Negative mentions, last 30 days         8 each, at most 24
Unsolved tickets                        3 each, at most 12
Tickets past their deadline (SLA)       10 each, at most 30 (on top of the 3 above)
CSAT of the last 180 days               10 below 80 %, 20 below 50 %
NPS of the last 180 days                10 below 0
Renewal within the next 60 days         10 (any problem now weighs on the decision)
======================================  ===============================================

A ticket's messages also join the listening stream; those mentions are left out of the first
line, since the ticket already counts. The score never goes below 0. 70 or more reads
"healthy", 40 to 69 "watch", below 40 "at risk" (the words of the CRM's ``Company.health``).
Annual revenue changes no points: it says how much is at stake, so it is listed as a reason
worth 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from rumbo.crm.models import Company, Contact
from rumbo.crm.queries import satisfaction_since, satisfaction_summary
from rumbo.listening import queries as listening_queries
from rumbo.listening.insights import TICKETS_SOURCE
from rumbo.tickets import queries as ticket_queries

MENTION_DAYS = 30
MENTION_POINTS, MENTION_CAP = 8, 24
OPEN_TICKET_POINTS, OPEN_TICKET_CAP = 3, 12
LATE_TICKET_POINTS, LATE_TICKET_CAP = 10, 30
SATISFACTION_DAYS = 180
CSAT_LOW, CSAT_LOW_POINTS = 80.0, 10
CSAT_POOR, CSAT_POOR_POINTS = 50.0, 20
NPS_NEGATIVE_POINTS = 10
RENEWAL_DAYS, RENEWAL_POINTS = 60, 10
HEALTHY, WATCH = 70, 40


@dataclass(frozen=True)
class Reason:
    """One sign and the points it took off; ``count`` and ``value`` fill its sentence."""

    code: str  # negative_mentions | open_tickets | late_tickets | csat | nps | renewal | arr
    points: int
    count: int = 0
    value: float | None = None
    on: dt.date | None = None


@dataclass(frozen=True)
class Health:
    score: int
    level: str  # healthy | watch | at_risk
    reasons: tuple[Reason, ...]
    arr: Decimal | None
    currency: str | None


def _capped(count: int, points: int, cap: int) -> int:
    return min(count * points, cap)


def health_of(session: Session, contact: Contact, now: dt.datetime) -> Health:
    """The health of ``contact`` together with their account (if they have one) at ``now``."""
    company: Company | None = contact.company
    company_id = company.id if company else None
    reasons: list[Reason] = []

    negative = listening_queries.negative_mentions_since(
        session,
        contact_id=contact.id,
        company_id=company_id,
        since=now - dt.timedelta(days=MENTION_DAYS),
        # A ticket's first message joins the listening stream too; tickets count below.
        except_source=TICKETS_SOURCE,
    )
    if negative:
        reasons.append(
            Reason("negative_mentions", _capped(negative, MENTION_POINTS, MENTION_CAP), negative)
        )
    open_count, late = ticket_queries.open_tickets_of(
        session, contact_id=contact.id, company_id=company_id, now=now
    )
    if open_count:
        points = _capped(open_count, OPEN_TICKET_POINTS, OPEN_TICKET_CAP)
        reasons.append(Reason("open_tickets", points, open_count))
    if late:
        points = _capped(late, LATE_TICKET_POINTS, LATE_TICKET_CAP)
        reasons.append(Reason("late_tickets", points, late))

    recent = satisfaction_since(
        session,
        contact_id=contact.id,
        company_id=company_id,
        since=now - dt.timedelta(days=SATISFACTION_DAYS),
    )
    summary = satisfaction_summary(recent)
    csat = summary["csat"]
    if csat is not None and csat < CSAT_LOW:
        points = CSAT_POOR_POINTS if csat < CSAT_POOR else CSAT_LOW_POINTS
        reasons.append(Reason("csat", points, int(summary["csat_count"] or 0), float(csat)))
    nps = summary["nps"]
    if nps is not None and nps < 0:
        reasons.append(Reason("nps", NPS_NEGATIVE_POINTS, int(summary["nps_count"] or 0), nps))

    renewal = company.renewal_date if company else None
    today = now.date()
    if renewal is not None and today <= renewal <= today + dt.timedelta(days=RENEWAL_DAYS):
        reasons.append(Reason("renewal", RENEWAL_POINTS, (renewal - today).days, on=renewal))
    if company is not None and company.arr:
        reasons.append(Reason("arr", 0, value=float(company.arr)))

    score = max(0, 100 - sum(r.points for r in reasons))
    level = "healthy" if score >= HEALTHY else "watch" if score >= WATCH else "at_risk"
    return Health(
        score,
        level,
        tuple(reasons),
        company.arr if company else None,
        company.currency if company else None,
    )
