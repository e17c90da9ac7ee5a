"""What the crisis room shows, read from the listening, crisis, drafting and CRM queries.

The page and the event stream share :func:`counters`, so the live counters and a reload agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from rumbo.crisis import queries as crisis_queries
from rumbo.crisis.models import Incident, IncidentTask
from rumbo.crm import queries as crm_queries
from rumbo.drafting import queries as drafting_queries
from rumbo.listening import queries as listening_queries
from rumbo.listening.models import Alert
from rumbo.web import charts
from rumbo.web.deps import Page
from rumbo.web.i18n import gettext
from rumbo.web.templating import templates_of

ROOM_INCIDENTS = 30
OPEN_TASKS_SHOWN = 5


def pulse(session: Session) -> dict[str, Any]:
    """The counters of the room: open alerts, incidents in course, approvals, last mention."""
    _alerts, open_alerts = listening_queries.list_alerts(session, status="active", limit=0)
    _drafts, drafts_in_review = drafting_queries.list_drafts(session, status="in_review", limit=0)
    return counters(
        session,
        open_alerts=open_alerts,
        pending_approvals=drafts_in_review + crisis_queries.count_awaiting_updates(session),
        last_mention=listening_queries.last_mention_at(session),
    )


def counters(
    session: Session, *, open_alerts: int, pending_approvals: int, last_mention: dt.datetime | None
) -> dict[str, Any]:
    """The pulse from figures the caller has already read (the room page reads them anyway)."""
    return {
        "open_alerts": open_alerts,
        "active_incidents": crisis_queries.count_active_incidents(session),
        "pending_approvals": pending_approvals,
        "last_mention_at": last_mention.isoformat() if last_mention else None,
    }


@dataclass(frozen=True)
class IncidentRow:
    """An incident of the room with where its playbook stands."""

    incident: Incident
    done: int
    total: int
    overdue: list[IncidentTask]
    upcoming: list[IncidentTask]


def incident_rows(page: Page, now: dt.datetime) -> list[IncidentRow]:
    incidents = crisis_queries.room_incidents(page.session, limit=ROOM_INCIDENTS)
    tasks = crisis_queries.tasks_by_incident(page.session, [i.id for i in incidents])
    rows = []
    for incident in incidents:
        own = tasks[incident.id]
        waiting = sorted((t for t in own if t.done_at is None), key=lambda t: t.due_at)
        rows.append(
            IncidentRow(
                incident=incident,
                done=len(own) - len(waiting),
                total=len(own),
                overdue=[t for t in waiting if t.due_at < now],
                upcoming=[t for t in waiting if t.due_at >= now][:OPEN_TASKS_SHOWN],
            )
        )
    return rows


@dataclass(frozen=True)
class AffectedAccount:
    name: str
    plan: str | None
    arr: Decimal
    currency: str
    renewal: dt.date | None
    health: str | None
    sources: list[str]


def affected_accounts(
    page: Page, alerts: list[Alert], incidents: list[Incident]
) -> list[AffectedAccount]:
    """Accounts named by the active alerts and incidents, each counted once, largest first."""
    sources: dict[int, list[str]] = {}
    for alert in alerts:
        affected = (alert.explanation or {}).get("affected") or {}
        for company in affected.get("companies", []):
            if isinstance(company, dict) and str(company.get("id", "")).isdigit():
                sources.setdefault(int(company["id"]), []).append(
                    gettext("Alerta %(id)s") % {"id": alert.id}
                )
    for incident in incidents:
        for company_id in incident.affected_company_ids or ():
            if str(company_id).isdigit():
                sources.setdefault(int(company_id), []).append(f"#{incident.id}")
    return [
        AffectedAccount(
            name=c.name,
            plan=c.plan,
            arr=c.arr or Decimal("0"),
            currency=c.currency or "",
            renewal=c.renewal_date,
            health=c.health,
            sources=list(dict.fromkeys(sources[c.id])),
        )
        for c in crm_queries.companies_by_arr(page.session, sources)
    ]


def volume_chart(page: Page, hours: int, now: dt.datetime) -> Any:
    """Mentions per hour, and the negative and positive ones, as an inline SVG line chart."""
    points = listening_queries.sentiment_by_hour(page.session, now - dt.timedelta(hours=hours), now)
    if not any(counts["total"] for _at, counts in points):
        points = []
    series = [
        charts.Series(name, [(at, counts[key]) for at, counts in points])
        for key, name in (
            ("total", gettext("Todas las menciones")),
            ("negative", gettext("Negativas")),
            ("positive", gettext("Positivas")),
        )
    ]
    return charts.line_chart(
        series,
        title=gettext("Menciones por hora, últimas %(n)s h") % {"n": hours},
        y_label=gettext("Menciones por hora"),
        zone=templates_of(page.request).zone,
    )
