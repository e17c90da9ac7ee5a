"""From detector signals to alerts: rules decide which signals matter, how bad, and for whom.

Rules filter and route. A signal becomes an alert when an active signal rule matches it (kind,
terms, minimum severity and score); when no signal rule is configured every signal does, so a
fresh install still warns. Rules with a ``threshold`` are keyword watches counted here, apart
from the detector. An unresolved alert about the same thing absorbs later signals (dedupe).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from rumbo.listening.explain import explain, merge_rising, summarise, title_for
from rumbo.listening.models import SEVERITIES, Alert, AlertRule
from rumbo.text import fold

if TYPE_CHECKING:
    from rumbo.context import Context
    from rumbo.listening.detect import Signal
    from rumbo.listening.enrich import Enrichment
    from rumbo.listening.runtime import Listener
    from rumbo.listening.sources.parse import MentionDraft

RANK = {name: i for i, name in enumerate(SEVERITIES)}
# How long after its last signal an unresolved alert still absorbs new ones about the same thing.
MERGE_WINDOW = dt.timedelta(hours=6)
# A signal about volume or sentiment only ("*", "topic:…") this soon after an alert joins it.
GENERIC_WINDOW = dt.timedelta(hours=2)


@dataclass(frozen=True)
class Raised:
    alert_id: int
    notify: bool  # new, or escalated to a higher severity


def active_rules(ctx: Context) -> list[AlertRule]:
    return list(
        ctx.session.scalars(select(AlertRule).where(AlertRule.active.is_(True)).order_by("id"))
    )


def term_matches(wanted: str, terms: Sequence[str]) -> bool:
    """A rule term matches a signal term equal to it, its hashtag, or a phrase containing it."""
    folded = fold(wanted).strip().lstrip("#@")
    for term in terms:
        bare = term.lstrip("#@")
        if bare == folded or folded in bare.split():
            return True
    return False


def rule_matches(rule: AlertRule, signal: Signal) -> bool:
    if rule.kinds and signal.kind not in rule.kinds:
        return False
    if rule.terms and not any(term_matches(t, signal.terms) for t in rule.terms):
        return False
    return RANK.get(signal.severity, 0) >= RANK.get(rule.min_severity, 0) and (
        signal.score >= rule.min_score
    )


def keyword_signals(
    ctx: Context, listener: Listener, new: Sequence[tuple[MentionDraft, Enrichment]]
) -> list[Signal]:
    """Count mentions of each keyword rule's terms in its window; fire once per window."""
    from rumbo.listening.detect import Signal

    rules = [r for r in active_rules(ctx) if r.threshold and r.terms]
    fired: list[Signal] = []
    for rule in rules:
        window = dt.timedelta(minutes=rule.window_minutes)
        hits = listener.keyword_hits.setdefault(rule.id, deque())
        matched: list[tuple[MentionDraft, Enrichment]] = []
        for draft, enrichment in new:
            if not any(term_matches(t, enrichment.terms) for t in rule.terms):
                continue
            matched.append((draft, enrichment))
            hits.append(draft.created_at)
            while hits and hits[0] <= draft.created_at - window:
                hits.popleft()
            last = listener.keyword_fired.get(rule.id)
            if len(hits) >= (rule.threshold or 0) and (
                last is None or draft.created_at - last >= window
            ):
                listener.keyword_fired[rule.id] = draft.created_at
                recent = matched[-5:]
                sentiment = {"negative": 0, "neutral": 0, "positive": 0}
                for _, e in matched:
                    sentiment[e.sentiment] = sentiment.get(e.sentiment, 0) + 1
                fired.append(
                    Signal(
                        kind="keyword",
                        at=draft.created_at,
                        terms=tuple(fold(t) for t in rule.terms),
                        severity=rule.severity or "medium",
                        score=float(len(hits)),
                        counts={fold(rule.terms[0]): (len(hits), float(rule.threshold or 0))},
                        samples=tuple(d.key for d, _ in recent),
                        sentiment=sentiment,
                    )
                )
    return fired


def _dedupe_key(signal: Signal) -> str:
    head = signal.terms[0] if signal.terms else "-"
    return f"{signal.kind}:{head}"[:200]


def _specific(terms: Sequence[str]) -> set[str]:
    return {t for t in terms if t != "*"}


def _words(terms: Iterable[str]) -> set[str]:
    """Words of phrase terms, so "servicio" meets "sin servicio" (topics and "*" left out)."""
    return {
        w for t in terms if t != "*" and not t.startswith("topic:") for w in t.lstrip("#@").split()
    }


def _ongoing(ctx: Context, listener: Listener, signal: Signal) -> Alert | None:
    """The unresolved alert this signal belongs to: one incident, one alert, whatever the kind.

    Same when recently active and caused by some of the same posts (the detector's different
    tests tend to fire on one wave together), about the same specific terms, or when the posts
    behind the signal use the alert's terms.
    """
    since = signal.at - MERGE_WINDOW
    # A keyword watch is its own promise to whoever set it up: its alerts never mix with the
    # detector's, so its channels always hear of it.
    same_family = Alert.kind == "keyword" if signal.kind == "keyword" else Alert.kind != "keyword"
    candidates = ctx.session.scalars(
        select(Alert)
        .where(Alert.status != "resolved", Alert.last_seen_at >= since, same_family)
        .order_by(Alert.id)
    ).all()
    key = _dedupe_key(signal)
    top = _specific(signal.terms[:3])
    samples = set(signal.samples)
    # What the posts behind the signal talk about: a volume or sentiment signal ("*",
    # "topic:…") belongs to the alert whose terms those posts use.
    said = {t for key in signal.samples if (s := listener.recent.get(key)) for t in s.terms[:9]}
    generic = all(t == "*" or t.startswith("topic:") for t in signal.terms)
    for alert in candidates:
        seen = {s.get("id") for s in alert.explanation.get("samples", [])}
        if alert.dedupe_key == key or top & _specific(alert.terms) or samples & seen:
            return alert
        if top and _words(top) & _words(alert.terms[:5]):
            return alert
        if said & _specific(alert.terms):
            return alert
    # Volume or sentiment moving while something is already open is most likely that thing;
    # so is a new term, shortly after, that the alert's own sample posts use.
    recent = [a for a in candidates if a.last_seen_at >= signal.at - GENERIC_WINDOW]
    if generic and recent:
        return max(recent, key=lambda a: a.last_seen_at)
    for alert in sorted(recent, key=lambda a: a.last_seen_at, reverse=True):
        quoted = {
            w
            for s in alert.explanation.get("samples", [])
            for w in re.findall(r"\w+", fold(s.get("text", "")))
        }
        if _words(top) & quoted:
            return alert
    return None


def raise_alerts(ctx: Context, listener: Listener, signals: Sequence[Signal]) -> list[Raised]:
    rules = active_rules(ctx)
    signal_rules = [r for r in rules if not r.threshold]
    raised: list[Raised] = []
    for signal in signals:
        if signal.kind == "keyword":
            matching = [
                r for r in rules if r.threshold and set(signal.terms) & {fold(t) for t in r.terms}
            ]
        else:
            matching = [r for r in signal_rules if rule_matches(r, signal)]
            if signal_rules and not matching:
                continue
        severity = max(
            [signal.severity, *(r.severity for r in matching if r.severity)],
            key=lambda s: RANK.get(s, 0),
        )
        result = _record(ctx, listener, signal, severity, matching[0] if matching else None)
        if result is not None:
            raised.append(result)
    return raised


def _record(
    ctx: Context, listener: Listener, signal: Signal, severity: str, rule: AlertRule | None
) -> Raised | None:
    ongoing = _ongoing(ctx, listener, signal)
    if ongoing is not None:
        escalated = RANK.get(severity, 0) > RANK.get(ongoing.severity, 0)
        # A rule that matches only now (the alert began under the default) takes it over,
        # and its channels are told.
        adopted = rule is not None and ongoing.rule_id is None
        if adopted and rule is not None:
            ongoing.rule_id = rule.id
        ongoing.occurrences += 1
        ongoing.last_seen_at = max(ongoing.last_seen_at, signal.at)
        ongoing.score = max(ongoing.score, signal.score)
        ongoing.terms = list(
            dict.fromkeys([*ongoing.terms, *(t for t in signal.terms if t != "*")])
        )[:12]
        if escalated:
            ongoing.severity = severity
        details = explain(ctx.session, listener, signal, since=ongoing.fired_at)
        details["first_fired_at"] = ongoing.fired_at.isoformat()
        details["signals"] = [*ongoing.explanation.get("signals", []), _brief(signal)][-20:]
        details["rising_terms"] = merge_rising(
            ongoing.explanation.get("rising_terms", []), details["rising_terms"]
        )
        details["summary"] = summarise(ongoing.title, details["rising_terms"], details["affected"])
        known = {s["id"] for s in details["samples"]}
        details["samples"] = (
            details["samples"]
            + [s for s in ongoing.explanation.get("samples", []) if s.get("id") not in known]
        )[:10]
        ongoing.explanation = details
        _set_affected(ongoing, details)
        ctx.session.flush()
        if escalated:
            ctx.record(
                "alert.escalated",
                "alert",
                ongoing.id,
                after={"severity": severity},
                payload={"id": ongoing.id, "severity": severity, "terms": ongoing.terms},
            )
        return Raised(ongoing.id, notify=escalated or adopted)
    details = explain(ctx.session, listener, signal, since=None)
    details["signals"] = [_brief(signal)]
    alert = Alert(
        dedupe_key=_dedupe_key(signal),
        kind=signal.kind,
        status="open",
        severity=severity,
        score=signal.score,
        title=title_for(signal)[:300],
        terms=_shown(signal)[:12],
        explanation=details,
        rule_id=rule.id if rule else None,
        fired_at=signal.at,
        last_seen_at=signal.at,
        occurrences=1,
    )
    _set_affected(alert, details)
    ctx.session.add(alert)
    ctx.session.flush()
    ctx.record(
        "alert.raised",
        "alert",
        alert.id,
        after={"kind": alert.kind, "severity": severity, "terms": alert.terms},
        payload={"id": alert.id, "severity": severity, "terms": alert.terms},
    )
    return Raised(alert.id, notify=True)


def _shown(signal: Signal) -> list[str]:
    """The terms an alert lists: the specific ones; total volume ("*") only when alone."""
    return sorted(_specific(signal.terms), key=signal.terms.index) or list(signal.terms)


def _brief(signal: Signal) -> dict[str, object]:
    return {
        "kind": signal.kind,
        "at": signal.at.isoformat(),
        "severity": signal.severity,
        "terms": list(signal.terms),
        "score": round(float(signal.score), 3),
    }


def _set_affected(alert: Alert, details: dict[str, object]) -> None:
    from decimal import Decimal

    affected = details.get("affected")
    if isinstance(affected, dict):
        alert.affected_contacts = int(affected.get("contacts", 0))
        alert.affected_companies = int(affected.get("company_count", 0))
        alert.affected_arr = Decimal(str(affected.get("arr_total", "0")))
