"""Telling people about alerts, after the transaction that raised them committed.

Each channel of each matching rule gets one :class:`AlertNotification` row saying what happened:
``sent``, ``failed`` (with the error), ``suppressed`` (quiet hours), or ``unread`` for the in-app
inbox. A failing channel never stops the others.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rumbo.context import Actor
from rumbo.listening.models import Alert, AlertNotification, AlertRule

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Context

log = logging.getLogger(__name__)
DEFAULT_CHANNELS = ({"notifier": "inapp", "target": "admin"},)
ACTOR = Actor.system("alerts")


def in_quiet_hours(rule: AlertRule | None, moment: dt.datetime, default_tz: str) -> bool:
    """Whether ``moment`` falls in the rule's quiet hours (which may span midnight)."""
    if rule is None or not rule.quiet_start or not rule.quiet_end:
        return False
    try:
        zone = ZoneInfo(rule.timezone or default_tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = moment.astimezone(zone).strftime("%H:%M")
    start, end = rule.quiet_start, rule.quiet_end
    if start <= end:
        return start <= local < end
    return local >= start or local < end


def message_for(alert: Alert, base_url: str) -> tuple[str, str]:
    subject = f"[{alert.severity.upper()}] {alert.title}"
    details = alert.explanation or {}
    lines = [str(details.get("summary", alert.title))]
    for term in details.get("rising_terms", [])[:5]:
        lines.append(f"• {term['term']}: {term['now']} (normal {term['baseline']})")
    affected = details.get("affected") or {}
    for company in affected.get("companies", [])[:5]:
        lines.append(f"• {company['name']} — ARR {company['arr']}")
    for sample in details.get("samples", [])[:3]:
        lines.append(f"> {sample['text'][:200]}")
    lines.append(f"{base_url}/api/v1/alerts/{alert.id}")
    return subject, "\n".join(lines)


def dispatch(app: Rumbo, alert_ids: Sequence[int]) -> None:
    with app.unit_of_work(ACTOR) as ctx:
        for alert_id in alert_ids:
            alert = ctx.session.get(Alert, alert_id)
            if alert is not None:
                _deliver(ctx, alert)


def _channels(ctx: Context, alert: Alert) -> tuple[AlertRule | None, list[dict[str, Any]]]:
    rule = ctx.session.get(AlertRule, alert.rule_id) if alert.rule_id else None
    if rule is None:
        return None, [dict(c) for c in DEFAULT_CHANNELS]
    if not rule.channels:
        return rule, []
    return rule, [dict(c) for c in rule.channels]


def _deliver(ctx: Context, alert: Alert) -> None:
    rule, channels = _channels(ctx, alert)
    subject, body = message_for(alert, ctx.app.settings.base_url)
    quiet = alert.severity != "critical" and in_quiet_hours(
        rule, alert.last_seen_at, ctx.app.settings.timezone
    )
    for channel in channels:
        notifier_key, target = str(channel["notifier"]), str(channel["target"])
        row = AlertNotification(
            alert_id=alert.id, channel=notifier_key, target=target, subject=subject[:300]
        )
        if quiet:
            row.status, row.error = "suppressed", "quiet hours"
        else:
            try:
                _send(ctx, notifier_key, target, subject, body)
                row.status = "unread" if notifier_key == "inapp" else "sent"
            except Exception as exc:  # any notifier may fail; the others still go out
                log.warning("alert %s via %s failed: %s", alert.id, notifier_key, exc)
                row.status, row.error = "failed", str(exc)[:2000]
        ctx.session.add(row)
    ctx.session.flush()
    ctx.record(
        "alert.notified",
        "alert",
        alert.id,
        after={"channels": len(channels), "quiet": quiet},
    )


def _send(ctx: Context, key: str, target: str, subject: str, body: str) -> None:
    registry = ctx.app.plugins.notifiers
    if key == "inapp":
        return  # the notification row itself is the in-app message
    if key == "email":
        notifier = registry.create(key, settings=ctx.app.settings)
    elif key == "webhook":
        notifier = registry.create(key, url=target)
    else:
        notifier = registry.create(key)
    notifier.notify(subject, body, [target])
