"""Detection delay and false alarms against known onsets, on time-stamped real streams.

Two layouts are understood:

- a folder of events, each a folder with ``timeline.csv`` (``created_at_utc`` per post, no text):
  the detector sees total volume only;
- a CSV of posts with ``created_at_utc`` and ``text`` (and optionally a brand column such as
  ``airline``): each brand is its own stream, enriched and fed to the detector in event time.

The detector is never told where a burst is. The reference onset is derived from the data by one
rule for every stream: for timelines, the start of the first hour whose volume reaches a quarter
of the busiest hour's, narrowed to the minute; for posts (daily-scale brand streams), the first
day whose negative posts number 1.5 times the median of the days before it. A signal up to two
hours before the onset counts as timely (early reports precede the main rise); earlier signals
are false alarms.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rumbo.errors import ValidationFailed
from rumbo.textfiles import csv_file_rows

Progress = Callable[[int, int], None]
_EARLY = timedelta(hours=2)
_LATE = timedelta(hours=48)


def _time(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def hourly_onset(times: list[datetime]) -> datetime | None:
    """The first hour reaching a quarter of the busiest hour's count, narrowed to the minute:
    the first minute near it from which ten minutes hold a quarter of the peak's ten-minute rate.
    """
    if not times:
        return None
    per_hour = Counter(_hour(t) for t in times)
    peak = max(per_hour.values())
    hour = min(h for h, n in per_hour.items() if n >= peak / 4)
    per_minute = Counter(t.replace(second=0, microsecond=0) for t in times)
    needed = peak / 4 / 6
    for offset in range(-60, 60):
        minute = hour + timedelta(minutes=offset)
        if not per_minute[minute]:
            continue
        if sum(per_minute[minute + timedelta(minutes=k)] for k in range(10)) >= needed:
            return minute
    return hour


def daily_onset(times: list[datetime]) -> datetime | None:
    """Start of the first day counting 1.5x the median of the (two or more) days before it;
    the first and last days are left out, being only partly covered."""
    per_day = Counter(t.replace(hour=0, minute=0, second=0, microsecond=0) for t in times)
    days = sorted(per_day)[1:-1]
    for i in range(2, len(days)):
        if per_day[days[i]] >= 1.5 * statistics.median(per_day[d] for d in days[:i]):
            return days[i]
    return None


def score_signals(
    onset: datetime | None, signal_times: list[datetime], stream_start: datetime
) -> dict[str, Any]:
    """First timely signal, its lag from the onset, and the false alarms before it."""
    if onset is None:
        return {"onset": None, "signals": len(signal_times)}
    early = [t for t in signal_times if t < onset - _EARLY]
    timely = [t for t in signal_times if onset - _EARLY <= t <= onset + _LATE]
    first = timely[0] if timely else None
    return {
        "onset": onset.isoformat(),
        "pre_onset_hours": round((onset - stream_start).total_seconds() / 3600, 1),
        "first_signal": first.isoformat() if first else None,
        "lag_minutes": round((first - onset).total_seconds() / 60, 1) if first else None,
        "detected": first is not None,
        "false_alarms_before": len(early),
        "signals": len(signal_times),
    }


def _timeline(path: Path) -> list[datetime]:
    return sorted(_time(r["created_at_utc"]) for r in csv_file_rows(path))


def _volume_signals(times: list[datetime]) -> list[datetime]:
    from rumbo.listening.detect import Engine, Observation

    engine = Engine()
    fired: list[datetime] = []
    for i, moment in enumerate(times):
        obs = Observation(moment, f"t:{i}", (), None, "neutral", False, 0)
        fired.extend(s.at for s in engine.observe(obs))
    return fired


def evaluate_timelines(folder: Path, progress: Progress | None = None) -> dict[str, Any]:
    events = sorted(p.parent for p in folder.glob("*/timeline.csv"))
    report: dict[str, Any] = {}
    for done, event in enumerate(events, start=1):
        times = _timeline(event / "timeline.csv")
        if times:
            result = score_signals(hourly_onset(times), _volume_signals(times), times[0])
            report[event.name] = {"posts": len(times), **result}
        if progress is not None:
            progress(done, len(events))
    return {"layout": "timelines", "events": report, "summary": _summary(report)}


def _posts(path: Path) -> Iterator[dict[str, str]]:
    return csv_file_rows(path)


def evaluate_posts(path: Path, progress: Progress | None = None) -> dict[str, Any]:
    from rumbo.listening.detect import Engine, Observation
    from rumbo.listening.enrich import Enricher

    rows = [r for r in _posts(path) if r.get("created_at_utc") and r.get("text") is not None]
    if not rows:
        raise ValidationFailed(f"path: {path.name} has no created_at_utc,text rows")
    brand = next((c for c in ("airline", "brand", "source") if c in rows[0]), None)
    streams: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        streams.setdefault(row[brand] if brand else "all", []).append(row)
    enricher = Enricher()
    label = next((c for c in ("airline_sentiment", "sentiment", "label") if c in rows[0]), "")
    report: dict[str, Any] = {}
    for done, (name, stream) in enumerate(sorted(streams.items()), start=1):
        stream.sort(key=lambda r: r["created_at_utc"])
        engine = Engine()
        signals = []
        negative_times = []
        for i, row in enumerate(stream):
            moment = _time(row["created_at_utc"])
            e = enricher.enrich(row["text"])
            # The reference uses the human label when the file has one, else the enricher's.
            if row.get(label, e.sentiment) == "negative":
                negative_times.append(moment)
            reach = int(row.get("author_followers") or 0)
            obs = Observation(
                moment, f"{name}:{i}", e.terms, e.topic, e.sentiment, e.complaint, reach
            )
            signals.extend(engine.observe(obs))
        onset = daily_onset(negative_times)
        result = score_signals(onset, [s.at for s in signals], _time(stream[0]["created_at_utc"]))
        result["first_signals"] = [
            {"at": s.at.isoformat(), "kind": s.kind, "terms": list(s.terms), "severity": s.severity}
            for s in signals[:8]
        ]
        report[name] = {"posts": len(stream), **result}
        if progress is not None:
            progress(done, len(streams))
    return {"layout": "posts", "streams": report, "summary": _summary(report)}


def evaluate_onsets(path: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Onset lags and false alarms of the detector on a folder of timelines or a CSV of posts."""
    if path.is_dir():
        if not any(path.glob("*/timeline.csv")):
            raise ValidationFailed(f"path: no */timeline.csv under {path}")
        return evaluate_timelines(path, progress)
    if not path.is_file():
        raise ValidationFailed(f"path: {path} does not exist")
    return evaluate_posts(path, progress)


def _summary(report: dict[str, Any]) -> dict[str, Any]:
    scored = [r for r in report.values() if r.get("onset")]
    detected = [r for r in scored if r.get("detected")]
    lags = sorted(r["lag_minutes"] for r in detected)
    return {
        "streams": len(report),
        "with_onset": len(scored),
        "detected": len(detected),
        "median_lag_minutes": statistics.median(lags) if lags else None,
        "false_alarms_before": sum(r["false_alarms_before"] for r in scored),
        "streams_with_false_alarms": sum(1 for r in scored if r["false_alarms_before"]),
    }
