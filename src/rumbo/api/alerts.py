"""Alerts (and their lifecycle), alert rules, and the rising-terms insight."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import CurrentActor, ReadSession, RumboDep, UnitOfWork
from rumbo.errors import NotFound
from rumbo.listening import actions, queries
from rumbo.listening.schemas import (
    AlertAction,
    AlertOut,
    AlertRuleIn,
    AlertRuleOut,
    AlertRulePatch,
)
from rumbo.schemas import Page

router = APIRouter(tags=["alerts"])


@router.get("/alerts", response_model=Page[AlertOut], dependencies=needs("alerts.read"))
def list_alerts(
    session: ReadSession,
    status: Annotated[str | None, Query(pattern="^(active|open|acknowledged|resolved)$")] = None,
    severity: Annotated[str | None, Query(pattern="^(low|medium|high|critical)$")] = None,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Page[AlertOut]:
    rows, total = queries.list_alerts(
        session, status=status, severity=severity, limit=limit, offset=offset
    )
    return Page(
        items=[AlertOut.model_validate(a) for a in rows], total=total, limit=limit, offset=offset
    )


@router.get("/alerts/inbox", dependencies=needs("alerts.read"))
def inbox(
    session: ReadSession, actor: CurrentActor, limit: Annotated[int, Query(ge=1, le=200)] = 50
) -> list[dict[str, Any]]:
    """The in-app notifications sent to the caller's role, newest first."""
    return [
        {
            "id": n.id,
            "alert_id": n.alert_id,
            "subject": n.subject,
            "status": n.status,
            "created_at": n.created_at,
        }
        for n in queries.inbox(session, actor.role, limit=limit)
    ]


@router.get("/alerts/{alert_id}", response_model=AlertOut, dependencies=needs("alerts.read"))
def get_alert(alert_id: int, session: ReadSession) -> AlertOut:
    alert = queries.get_alert(session, alert_id)
    if alert is None:
        raise NotFound(f"Alert {alert_id} does not exist.")
    return AlertOut.model_validate(alert)


@router.get("/alerts/{alert_id}/notifications", dependencies=needs("alerts.read"))
def alert_notifications(alert_id: int, session: ReadSession) -> list[dict[str, Any]]:
    return [
        {
            "channel": n.channel,
            "target": n.target,
            "status": n.status,
            "error": n.error,
            "created_at": n.created_at,
        }
        for n in queries.notifications_for(session, alert_id)
    ]


@router.post("/alerts/{alert_id}/ack", response_model=AlertOut)
def acknowledge(alert_id: int, ctx: UnitOfWork, data: AlertAction | None = None) -> AlertOut:
    return AlertOut.model_validate(actions.acknowledge(ctx, alert_id, data.note if data else None))


@router.post("/alerts/{alert_id}/resolve", response_model=AlertOut)
def resolve(alert_id: int, ctx: UnitOfWork, data: AlertAction | None = None) -> AlertOut:
    return AlertOut.model_validate(actions.resolve(ctx, alert_id, data.note if data else None))


@router.get("/alert-rules", response_model=list[AlertRuleOut], dependencies=needs("alerts.read"))
def list_rules(session: ReadSession) -> list[AlertRuleOut]:
    return [AlertRuleOut.model_validate(r) for r in queries.list_rules(session)]


@router.post("/alert-rules", response_model=AlertRuleOut, status_code=status.HTTP_201_CREATED)
def add_rule(data: AlertRuleIn, ctx: UnitOfWork) -> AlertRuleOut:
    return AlertRuleOut.model_validate(actions.add_rule(ctx, data))


@router.patch("/alert-rules/{rule_id}", response_model=AlertRuleOut)
def update_rule(rule_id: int, patch: AlertRulePatch, ctx: UnitOfWork) -> AlertRuleOut:
    return AlertRuleOut.model_validate(actions.update_rule(ctx, rule_id, patch))


@router.delete("/alert-rules/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_rule(rule_id: int, ctx: UnitOfWork) -> Response:
    actions.delete_rule(ctx, rule_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/insights/terms", dependencies=needs("listening.read"))
def rising_terms(
    session: ReadSession,
    since: Annotated[str, Query(pattern=r"^\d{1,3}[hd]$", description="e.g. 7d or 24h")] = "7d",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Rising problem terms, with who uses them and what is at stake (see the README)."""
    from rumbo.listening.insights import parse_since, rising_problem_terms

    return rising_problem_terms(session, parse_since(since), limit=limit)


@router.get("/insights/ask", dependencies=needs("listening.read"))
def ask_listening(
    rumbo: RumboDep,
    session: ReadSession,
    q: Annotated[str, Query(min_length=2, max_length=500, description="A plain question")],
) -> dict[str, Any]:
    """What ``rumbo ask`` answers: the configured LLM with the catalogue as tools, or offline."""
    from rumbo.listening.ask_llm import ask_question

    return ask_question(rumbo, session, q)
