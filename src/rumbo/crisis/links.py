"""Where the crisis room meets other domains: alerts, tickets and the assistant's notices.

Each link goes through the other domain's own models or actions. Listening and drafting are
optional parts of an installation, so each link checks its domain is there and says clearly
when it is not, instead of pretending.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rumbo.accounts.access import role_allows
from rumbo.context import Actor, Context
from rumbo.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.crisis.models import Incident, StatusUpdate

_SEVERITY = {"low": "low", "medium": "medium", "high": "high", "critical": "critical"}


@dataclass(frozen=True)
class AlertFacts:
    """What an incident takes from the alert it is opened from."""

    title: str
    severity: str
    summary: str
    terms: list[str]
    company_ids: list[int]
    mention_ids: list[int]
    ticket_ids: list[int]
    fired_at: dt.datetime
    status: str
    products: list[str]
    explanation: dict[str, Any] = field(default_factory=dict)


def has_module(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def alert_facts(session: Session, alert_id: int) -> AlertFacts:
    if not has_module("rumbo.listening.models"):
        raise ValidationFailed(
            "Listening is not installed: open the incident by hand or from a ticket.",
            fields={"alert_id": "listening_missing"},
        )
    from rumbo.listening.models import Alert

    alert = session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"Alert {alert_id} does not exist.", fields={"alert_id": "unknown"})
    explanation = dict(alert.explanation or {})
    affected = explanation.get("affected") or {}
    companies = [int(c["id"]) for c in affected.get("companies", []) if "id" in c]
    samples = explanation.get("samples") or []
    mentions = _sample_mentions(session, samples)
    # Tickets reach listening as mentions of source "tickets" keyed by the ticket's id.
    tickets = [
        int(key.partition(":")[2])
        for s in samples
        if isinstance(s, dict)
        and (key := str(s.get("id", ""))).startswith("tickets:")
        and key.partition(":")[2].isdigit()
    ]
    return AlertFacts(
        title=alert.title,
        severity=_SEVERITY.get(alert.severity, "medium"),
        summary=str(explanation.get("summary") or alert.title),
        terms=customer_words(alert.terms or []),
        company_ids=companies,
        mention_ids=mentions,
        ticket_ids=_existing_tickets(session, tickets),
        fired_at=alert.fired_at,
        status=alert.status,
        # Enrichment marks catalogue products as "producto:<name>" among the terms.
        products=[
            str(t).removeprefix("producto:")
            for t in alert.terms or []
            if str(t).startswith("producto:")
        ],
        explanation=explanation,
    )


def acknowledge_alert(ctx: Context, alert_id: int, incident_id: int) -> bool:
    """Mark the alert as being handled, by this incident; False when it was not open.

    Only when the actor may acknowledge alerts: opening an incident never widens anyone's rights.
    """
    if not role_allows(ctx.actor.role, "alerts.ack"):
        return False
    listening = importlib.import_module("rumbo.listening.actions")
    alert = listening.acknowledge(ctx, alert_id, note=f"Incidente #{incident_id}")
    return str(alert.status) == "acknowledged"


def customer_words(terms: list[Any]) -> list[str]:
    """Alert terms as words customers type: ``producto:POS`` → ``POS``; ``*``, topics dropped."""
    words: list[str] = []
    for term in terms:
        text = str(term)
        if text.startswith("producto:"):
            text = text.removeprefix("producto:")
        elif ":" in text:
            continue
        text = text.lstrip("#@").strip()
        if re.search(r"\w", text) and text not in words:
            words.append(text)
    return words


def _existing_tickets(session: Session, ids: list[int]) -> list[int]:
    from sqlalchemy import select

    from rumbo.tickets.models import Ticket

    if not ids:
        return []
    found = set(session.scalars(select(Ticket.id).where(Ticket.id.in_(ids))))
    return [i for i in dict.fromkeys(ids) if i in found]


def _sample_mentions(session: Session, samples: list[Any]) -> list[int]:
    """Mention ids of the alert's sample posts (samples name them ``source:external_id``)."""
    from sqlalchemy import select

    from rumbo.listening.models import Mention

    ids: list[int] = []
    for sample in samples:
        key = str(sample.get("id", "")) if isinstance(sample, dict) else ""
        source, _, external_id = key.partition(":")
        if not external_id:
            continue
        found = session.scalar(
            select(Mention.id).where(Mention.source == source, Mention.external_id == external_id)
        )
        if found is not None:
            ids.append(found)
    return ids


def _notice_context(ctx: Context) -> Context:
    """The same transaction, acting for the incident: publishing was already authorised.

    People who may publish a status update (legal, for one) need not manage assistant notices
    themselves; the notice follows from the publication they approved.
    """
    actor = Actor(label=f"{ctx.actor.label} (incidente)", role="system", user_id=ctx.actor.user_id)
    return Context(session=ctx.session, actor=actor, app=ctx.app, pending_events=ctx.pending_events)


def show_incident_notice(ctx: Context, incident: Incident, update: StatusUpdate) -> None:
    """Incident mode: the assistant and the portal show the latest published update."""
    from rumbo.assistant import actions as assistant
    from rumbo.assistant.schemas import NoticeIn

    notice_ctx = _notice_context(ctx)
    end_incident_notice(ctx, incident)
    keywords = [k for k in incident.keywords if str(k).strip()][:50] or [incident.type]
    notice = assistant.add_notice(
        notice_ctx,
        NoticeIn(
            title=update.title[:300],
            body=update.body[:5000],
            language="en" if update.language == "en" else "es",
            keywords=keywords,
        ),
    )
    incident.notice_id = notice.id


def end_incident_notice(ctx: Context, incident: Incident) -> None:
    from rumbo.assistant import actions as assistant
    from rumbo.assistant.models import ActiveNotice

    if incident.notice_id is None:
        return
    notice = ctx.session.get(ActiveNotice, incident.notice_id)
    if notice is not None and notice.active:
        assistant.end_notice(_notice_context(ctx), notice.id)
    incident.notice_id = None
