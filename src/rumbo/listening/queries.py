"""Reading mentions, sources, alert rules, alerts and notifications."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from rumbo.listening.models import Alert, AlertNotification, AlertRule, ListeningSource, Mention


def list_mentions(
    session: Session,
    *,
    source: str | None = None,
    sentiment: str | None = None,
    topic: str | None = None,
    complaint: bool | None = None,
    contact_id: int | None = None,
    company_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Mention], int]:
    """Newest first."""
    conditions = []
    if source:
        conditions.append(Mention.source == source)
    if sentiment:
        conditions.append(Mention.sentiment == sentiment)
    if topic:
        conditions.append(Mention.topic == topic)
    if complaint is not None:
        conditions.append(Mention.complaint.is_(complaint))
    if contact_id is not None:
        conditions.append(Mention.contact_id == contact_id)
    if company_id is not None:
        conditions.append(Mention.company_id == company_id)
    if since is not None:
        conditions.append(Mention.created_at >= since)
    if until is not None:
        conditions.append(Mention.created_at < until)
    total = session.scalar(select(func.count()).select_from(Mention).where(*conditions)) or 0
    rows = session.scalars(
        select(Mention)
        .where(*conditions)
        .order_by(Mention.created_at.desc(), Mention.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def negative_mentions_since(
    session: Session,
    *,
    contact_id: int,
    company_id: int | None,
    since: dt.datetime,
    except_source: str | None = None,
) -> int:
    """Negative mentions written since ``since`` by a customer or anyone at their account,
    leaving out ``except_source`` (a stream the caller already counts another way)."""
    whose = Mention.contact_id == contact_id
    if company_id is not None:
        whose = or_(whose, Mention.company_id == company_id)
    stmt = select(func.count(Mention.id)).where(
        whose, Mention.sentiment == "negative", Mention.created_at >= since
    )
    if except_source is not None:
        stmt = stmt.where(Mention.source != except_source)
    return session.scalar(stmt) or 0


def list_sources(session: Session) -> Sequence[ListeningSource]:
    return session.scalars(select(ListeningSource).order_by(ListeningSource.key)).all()


def source_by_key(session: Session, key: str) -> ListeningSource | None:
    return session.scalar(select(ListeningSource).where(ListeningSource.key == key))


def list_rules(session: Session) -> Sequence[AlertRule]:
    return session.scalars(select(AlertRule).order_by(AlertRule.id)).all()


def get_rule(session: Session, rule_id: int) -> AlertRule | None:
    return session.get(AlertRule, rule_id)


def list_alerts(
    session: Session,
    *,
    status: str | None = None,
    severity: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> tuple[Sequence[Alert], int]:
    """Newest first; ``status="active"`` means open or acknowledged."""
    conditions = []
    if status == "active":
        conditions.append(Alert.status != "resolved")
    elif status:
        conditions.append(Alert.status == status)
    if severity:
        conditions.append(Alert.severity == severity)
    total = session.scalar(select(func.count()).select_from(Alert).where(*conditions)) or 0
    rows = session.scalars(
        select(Alert)
        .where(*conditions)
        .order_by(Alert.fired_at.desc(), Alert.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    return rows, total


def get_alert(session: Session, alert_id: int) -> Alert | None:
    return session.get(Alert, alert_id)


def notifications_for(session: Session, alert_id: int) -> Sequence[AlertNotification]:
    return session.scalars(
        select(AlertNotification)
        .where(AlertNotification.alert_id == alert_id)
        .order_by(AlertNotification.id)
    ).all()


def inbox(session: Session, role: str, *, limit: int = 50) -> Sequence[AlertNotification]:
    """In-app notifications addressed to ``role``, newest first."""
    return session.scalars(
        select(AlertNotification)
        .where(AlertNotification.channel == "inapp", AlertNotification.target == role)
        .order_by(AlertNotification.id.desc())
        .limit(limit)
    ).all()


def sentiment_by_hour(
    session: Session, since: dt.datetime, until: dt.datetime
) -> list[tuple[dt.datetime, dict[str, int]]]:
    """Mentions per UTC hour from ``since`` to ``until``, by sentiment; empty hours included.

    Counted here rather than in SQL: truncating to the hour is written differently on each
    database, and a crisis-room window (a few days at most) holds few enough rows to read.
    """
    start = since.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    hours = max(1, math.ceil((until - start) / dt.timedelta(hours=1)))
    buckets = [start + dt.timedelta(hours=i) for i in range(hours)]
    counts: list[dict[str, int]] = [
        {"total": 0, "negative": 0, "neutral": 0, "positive": 0} for _ in buckets
    ]
    rows = session.execute(
        select(Mention.created_at, Mention.sentiment).where(
            Mention.created_at >= start, Mention.created_at < until
        )
    )
    for created_at, sentiment in rows:
        index = int((created_at - start) // dt.timedelta(hours=1))
        if 0 <= index < hours:
            counts[index]["total"] += 1
            if sentiment in counts[index]:
                counts[index][sentiment] += 1
    return list(zip(buckets, counts, strict=True))


def last_mention_at(session: Session) -> dt.datetime | None:
    """When the most recent mention was written (event time)."""
    return session.scalar(select(func.max(Mention.created_at)))


# Volume forecasts: what the model expected each source to bring, against what it brought.

FORECAST_HISTORY_DAYS = 56  # eight weekly cycles
FORECAST_MIN_HISTORY = 7  # below one weekly cycle a forecast says nothing


@dataclass(frozen=True)
class VolumeForecast:
    """Mentions per UTC day of one source (``source`` None: every source together).

    ``predicted`` is what the forecast made at the start of the period expected for it, from the
    days before only; ``upcoming`` is the forecast for as many days from today. Both are empty
    when the source has less than a week of history.
    """

    source: str | None
    actual: list[tuple[dt.date, int]]
    predicted: list[tuple[dt.date, float]]
    upcoming: list[tuple[dt.date, float]]

    @property
    def actual_total(self) -> int:
        return sum(count for _day, count in self.actual)

    @property
    def predicted_total(self) -> float | None:
        return round(sum(v for _day, v in self.predicted), 1) if self.predicted else None

    @property
    def upcoming_total(self) -> float | None:
        return round(sum(v for _day, v in self.upcoming), 1) if self.upcoming else None

    @property
    def mean_abs_error(self) -> float | None:
        """Average daily miss of ``predicted``, in mentions."""
        if not self.predicted:
            return None
        misses = [abs(a - p) for (_d, a), (_e, p) in zip(self.actual, self.predicted, strict=True)]
        return round(sum(misses) / len(misses), 1)

    @property
    def total_error_pct(self) -> float | None:
        """How far the predicted total was from the actual one, in percent of the actual."""
        if self.predicted_total is None or not self.actual_total:
            return None
        return round(100 * (self.predicted_total - self.actual_total) / self.actual_total, 1)


def _daily_counts(
    session: Session,
    column: Any,
    since: dt.datetime,
    until: dt.datetime,
    *,
    valued_only: bool = False,
) -> tuple[dict[dt.date, int], dict[str, dict[dt.date, int]]]:
    """Mentions per UTC day in [since, until): all of them, and per non-null value of ``column``
    (with ``valued_only``, mentions without a value are not read, and "all" counts only those
    with one)."""
    every: dict[dt.date, int] = {}
    per_value: dict[str, dict[dt.date, int]] = {}
    query = select(Mention.created_at, column).where(
        Mention.created_at >= since, Mention.created_at < until
    )
    rows = session.execute(query.where(column.is_not(None)) if valued_only else query)
    for created_at, value in rows:
        day = created_at.astimezone(dt.UTC).date()
        every[day] = every.get(day, 0) + 1
        if value is not None:
            counts = per_value.setdefault(str(value), {})
            counts[day] = counts.get(day, 0) + 1
    return every, per_value


def _daily_series(
    counts: dict[dt.date, int], start: dt.date, end: dt.date
) -> list[tuple[dt.datetime, float]]:
    """Daily counts from ``start`` (or the first day with a mention, if later) to before ``end``."""
    begin = max(start, min(counts, default=end))
    days_in = (begin + dt.timedelta(days=i) for i in range((end - begin).days))
    return [
        (dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC), float(counts.get(day, 0)))
        for day in days_in
    ]


def _forecast_from(
    history: list[tuple[dt.datetime, float]], days: int, first: dt.date
) -> list[tuple[dt.date, float]]:
    """The next ``days`` daily values from ``first`` on (weekly cycle); none without a week."""
    from rumbo.listening.forecast import forecast

    if len(history) < FORECAST_MIN_HISTORY:
        return []
    values = forecast(history, days, period=7)
    return [(first + dt.timedelta(days=i), round(v, 2)) for i, v in enumerate(values)]


def volume_forecasts(session: Session, days: int, *, today: dt.date) -> list[VolumeForecast]:
    """For the ``days`` whole UTC days before ``today``: every source's volume, forecast and
    actual, all sources together first, then the busiest sources first.

    The forecast is Holt-Winters with a weekly cycle (:mod:`rumbo.listening.forecast`) over up to
    eight weeks of daily counts; a source's history starts on its first day with a mention.
    """
    period_start = today - dt.timedelta(days=days)
    first_day = period_start - dt.timedelta(days=FORECAST_HISTORY_DAYS)
    since = dt.datetime.combine(first_day, dt.time(), tzinfo=dt.UTC)
    until = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    every, per_source = _daily_counts(session, Mention.source, since, until)
    per_day: dict[str | None, dict[dt.date, int]] = {None: every}
    per_day.update(per_source)
    found = []
    period = [period_start + dt.timedelta(days=i) for i in range(days)]
    for key, counts in per_day.items():
        before = _daily_series(counts, first_day, period_start)
        recent = _daily_series(counts, first_day + dt.timedelta(days=days), today)
        found.append(
            VolumeForecast(
                source=key,
                actual=[(day, counts.get(day, 0)) for day in period],
                predicted=_forecast_from(before, days, period_start),
                upcoming=_forecast_from(recent, days, today),
            )
        )
    found.sort(key=lambda f: (f.source is not None, -f.actual_total, f.source or ""))
    return found


OUTLOOK_USUAL_DAYS = 28  # "usual" daily volume: the last four weekly cycles
SURGE_RATIO = 1.5  # a coming surge: the forecast at least this many times the usual volume
SURGE_MIN_EXTRA = 5.0  # and at least this many mentions above it (quiet topics are noisy)


@dataclass(frozen=True)
class TopicOutlook:
    """The next days of one topic, forecast from its daily history, against its usual volume."""

    topic: str
    usual_per_day: float  # mean mentions per day over the last four weeks (or its history)
    expected: list[tuple[dt.date, float]]  # the forecast for each coming day

    @property
    def expected_total(self) -> float:
        return round(sum(v for _day, v in self.expected), 1)

    @property
    def usual_total(self) -> float:
        return round(self.usual_per_day * len(self.expected), 1)

    @property
    def ratio(self) -> float | None:
        return round(self.expected_total / self.usual_total, 2) if self.usual_total else None

    @property
    def surge(self) -> bool:
        """A coming surge: well above the usual volume, relatively and in mentions."""
        extra = self.expected_total - self.usual_total
        return extra >= SURGE_MIN_EXTRA and self.expected_total >= SURGE_RATIO * self.usual_total


def topic_outlook(session: Session, days: int, *, today: dt.date) -> list[TopicOutlook]:
    """For each topic with a week of history or more: its volume forecast for the ``days``
    from ``today`` (as ``volume_forecasts`` does for sources; today's partial day left out)
    against its usual daily volume; coming surges first, then the largest ratios.
    """
    if days < 1:
        raise ValueError("days must be at least 1")
    first_day = today - dt.timedelta(days=FORECAST_HISTORY_DAYS)
    since = dt.datetime.combine(first_day, dt.time(), tzinfo=dt.UTC)
    until = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    _every, per_topic = _daily_counts(session, Mention.topic, since, until, valued_only=True)
    found = []
    for topic, counts in per_topic.items():
        history = _daily_series(counts, first_day, today)
        expected = _forecast_from(history, days, today)
        if not expected:
            continue
        recent = [value for _at, value in history[-OUTLOOK_USUAL_DAYS:]]
        usual = round(sum(recent) / len(recent), 2)
        found.append(TopicOutlook(topic=topic, usual_per_day=usual, expected=expected))
    found.sort(key=lambda o: (not o.surge, -(o.ratio or 0.0), o.topic))
    return found
