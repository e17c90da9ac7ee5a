"""Every write of the listening domain that is not the ingestion pipeline itself.

Sources (with their webhook secrets), alert rules, and the alert lifecycle
open → acknowledged → resolved. Each action checks its permission, writes, and records the audit
entry and event in the caller's transaction.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rumbo.context import Context
from rumbo.db import refuse_nulls, utcnow
from rumbo.errors import Conflict, NotFound, ValidationFailed
from rumbo.listening.models import Alert, AlertRule, ListeningSource
from rumbo.listening.schemas import AlertRuleIn, AlertRulePatch, SourceIn

RULE_FIELDS = (
    "name",
    "active",
    "terms",
    "kinds",
    "min_severity",
    "min_score",
    "threshold",
    "window_minutes",
    "severity",
    "channels",
    "quiet_start",
    "quiet_end",
    "timezone",
)


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _source_view(source: ListeningSource) -> dict[str, Any]:
    # The secret never goes into the audit log.
    return {f: getattr(source, f) for f in ("key", "kind", "title", "url", "network", "active")}


def add_source(ctx: Context, data: SourceIn) -> ListeningSource:
    ctx.require("listening.admin")
    if ctx.session.scalar(select(ListeningSource.id).where(ListeningSource.key == data.key)):
        raise Conflict(f"A source named '{data.key}' already exists.", fields={"key": "taken"})
    if data.kind == "rss" and not data.url:
        raise ValidationFailed("An RSS source needs the feed's URL.", fields={"url": "required"})
    source = ListeningSource(
        key=data.key,
        kind=data.kind,
        title=data.title or data.key,
        url=data.url,
        network=data.network,
        secret=new_secret() if data.kind == "webhook" else None,
        active=True,
    )
    ctx.session.add(source)
    ctx.session.flush()
    ctx.record("listening_source.added", "listening_source", source.id, after=_source_view(source))
    return source


def get_source(ctx: Context, key: str) -> ListeningSource:
    source = ctx.session.scalar(select(ListeningSource).where(ListeningSource.key == key))
    if source is None:
        raise NotFound(f"There is no source named '{key}'.", fields={"source": "unknown"})
    return source


def rotate_secret(ctx: Context, key: str) -> ListeningSource:
    ctx.require("listening.admin")
    source = get_source(ctx, key)
    if source.kind != "webhook":
        raise ValidationFailed(f"'{key}' is not a webhook source.", fields={"source": "kind"})
    source.secret = new_secret()
    ctx.record("listening_source.secret_rotated", "listening_source", source.id)
    return source


def set_source_active(ctx: Context, key: str, active: bool) -> ListeningSource:
    ctx.require("listening.admin")
    source = get_source(ctx, key)
    before = _source_view(source)
    source.active = active
    ctx.record(
        "listening_source.updated",
        "listening_source",
        source.id,
        before=before,
        after=_source_view(source),
    )
    return source


def source_cursor(session: Session, key: str) -> str | None:
    return session.scalar(select(ListeningSource.cursor).where(ListeningSource.key == key))


def move_cursor(ctx: Context, key: str, cursor: str, *, kind: str) -> None:
    """Remember how far a polled source has been read (created on first use for built-ins)."""
    ctx.require("listening.ingest")
    source = ctx.session.scalar(select(ListeningSource).where(ListeningSource.key == key))
    if source is None:
        source = ListeningSource(key=key, kind=kind, title=key, active=True)
        ctx.session.add(source)
    source.cursor = cursor
    source.last_polled_at = utcnow()
    ctx.session.flush()
    ctx.record("listening_source.polled", "listening_source", source.id, after={"cursor": cursor})


def _rule_view(rule: AlertRule) -> dict[str, Any]:
    return {f: getattr(rule, f) for f in RULE_FIELDS}


def add_rule(ctx: Context, data: AlertRuleIn) -> AlertRule:
    ctx.require("alerts.manage")
    values = data.model_dump()
    _check_rule(values)
    rule = AlertRule(**values)
    ctx.session.add(rule)
    ctx.session.flush()
    ctx.record("alert_rule.added", "alert_rule", rule.id, after=_rule_view(rule))
    return rule


def _check_rule(values: dict[str, Any]) -> None:
    if values.get("threshold") and not values.get("terms"):
        raise ValidationFailed(
            "A rule with a threshold counts mentions of its terms: give at least one term.",
            fields={"terms": "required with threshold"},
        )
    if bool(values.get("quiet_start")) != bool(values.get("quiet_end")):
        raise ValidationFailed(
            "Quiet hours need both a start and an end.", fields={"quiet_end": "required"}
        )
    if values.get("timezone"):
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise ValidationFailed(
                f"'{values['timezone']}' is not a time zone.", fields={"timezone": "unknown"}
            ) from None


def update_rule(ctx: Context, rule_id: int, patch: AlertRulePatch) -> AlertRule:
    ctx.require("alerts.manage")
    rule = ctx.session.get(AlertRule, rule_id)
    if rule is None:
        raise NotFound(f"Alert rule {rule_id} does not exist.")
    before = _rule_view(rule)
    changes = patch.model_dump(exclude_unset=True)
    refuse_nulls(AlertRule, changes)
    _check_rule({**before, **changes})
    for name, value in changes.items():
        setattr(rule, name, value)
    ctx.session.flush()
    ctx.record("alert_rule.updated", "alert_rule", rule.id, before=before, after=_rule_view(rule))
    return rule


def delete_rule(ctx: Context, rule_id: int) -> None:
    ctx.require("alerts.manage")
    rule = ctx.session.get(AlertRule, rule_id)
    if rule is None:
        raise NotFound(f"Alert rule {rule_id} does not exist.")
    before = _rule_view(rule)
    ctx.session.delete(rule)
    ctx.record("alert_rule.deleted", "alert_rule", rule_id, before=before)


def _alert(ctx: Context, alert_id: int) -> Alert:
    alert = ctx.session.get(Alert, alert_id)
    if alert is None:
        raise NotFound(f"Alert {alert_id} does not exist.")
    return alert


def acknowledge(ctx: Context, alert_id: int, note: str | None = None) -> Alert:
    """Someone is looking at it. Acknowledging twice is harmless; a resolved alert stays so."""
    ctx.require("alerts.ack")
    alert = _alert(ctx, alert_id)
    if alert.status == "resolved":
        raise Conflict(f"Alert {alert_id} is already resolved.", fields={"status": "resolved"})
    if alert.status == "acknowledged":
        return alert
    alert.status = "acknowledged"
    alert.acknowledged_at = utcnow()
    alert.acknowledged_by_id = ctx.actor.user_id
    if note:
        alert.note = note
    ctx.record(
        "alert.acknowledged",
        "alert",
        alert.id,
        before={"status": "open"},
        after={"status": alert.status, "note": note},
    )
    return alert


def resolve(ctx: Context, alert_id: int, note: str | None = None) -> Alert:
    """Close the alert; a later signal about the same terms opens a new one."""
    ctx.require("alerts.ack")
    alert = _alert(ctx, alert_id)
    if alert.status == "resolved":
        return alert
    before = alert.status
    alert.status = "resolved"
    alert.resolved_at = utcnow()
    alert.resolved_by_id = ctx.actor.user_id
    if note:
        alert.note = note
    ctx.record(
        "alert.resolved",
        "alert",
        alert.id,
        before={"status": before},
        after={"status": "resolved", "note": note},
    )
    return alert
