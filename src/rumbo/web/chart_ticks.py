"""Axis ticks for the charts: round values for amounts, calendar boundaries for time.

Values get steps of 1, 2 or 5 times a power of ten, so a reader can interpolate by eye. Time
gets local midnights, Mondays, firsts of the month or new years, whichever spacing leaves no
more ticks than the width has room for, labelled in the page's language.
"""

from __future__ import annotations

import datetime as dt
import math

from rumbo.web.labels import month


def nice_step(rough: float) -> float:
    """The nearest step of the form 1, 2 or 5 times a power of ten to ``rough`` (> 0)."""
    exponent = math.floor(math.log10(rough))
    power: float = 10.0**exponent
    fraction = rough / power
    if fraction < 1.5:
        nice = 1.0
    elif fraction < 3:
        nice = 2.0
    elif fraction < 7:
        nice = 5.0
    else:
        nice = 10.0
    return nice * power


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About ``count`` round values covering ``low``..``high`` and zero (bars and counts start at
    zero, so a small change never looks like a collapse)."""
    low, high = min(low, high, 0.0), max(low, high, 0.0)
    if high == low:
        high = low + 1
    step = nice_step((high - low) / max(count - 1, 1))
    decimals = max(0, -math.floor(math.log10(step)))
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [round(i * step, decimals) for i in range(first, last + 1)]


# Candidate spacings between time ticks, smallest first: (unit, how many of them).
TIME_STEPS: tuple[tuple[str, int], ...] = (
    ("hour", 1), ("hour", 3), ("hour", 6), ("hour", 12),
    ("day", 1), ("day", 2), ("week", 1), ("week", 2),
    ("month", 1), ("month", 3), ("month", 6), ("year", 1), ("year", 5),
)  # fmt: skip
_APPROX_SECONDS = {"hour": 3600, "day": 86400, "week": 7 * 86400, "month": 30 * 86400}
_APPROX_SECONDS["year"] = 365 * 86400


def _floor(moment: dt.datetime, unit: str, size: int) -> dt.datetime:
    """The unit boundary (local midnight, Monday, first of the month...) at or before ``moment``."""
    if unit == "hour":
        return moment.replace(minute=0, second=0, microsecond=0, hour=moment.hour // size * size)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "day":
        return day
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1, month=(day.month - 1) // size * size + 1)
    return day.replace(day=1, month=1, year=day.year // size * size)


def _advance(moment: dt.datetime, unit: str, size: int) -> dt.datetime:
    if unit == "hour":  # in UTC: a wall-clock hour may not exist on the night clocks change
        zone = moment.tzinfo
        return (moment.astimezone(dt.UTC) + dt.timedelta(hours=size)).astimezone(zone)
    if unit in ("day", "week"):  # wall-clock days, so ticks stay at local midnight across DST
        return moment + dt.timedelta(days=size * (7 if unit == "week" else 1))
    if unit == "month":
        months = moment.month - 1 + size
        return moment.replace(year=moment.year + months // 12, month=months % 12 + 1)
    return moment.replace(year=moment.year + size)


def _tick_label(moment: dt.datetime, unit: str, spans_days: bool) -> str:
    if unit == "hour":
        clock = f"{moment:%H:%M}"
        return f"{moment.day} {month(moment.month)} {clock}" if spans_days else clock
    if unit in ("day", "week"):
        return f"{moment.day} {month(moment.month)}"
    if unit == "month":
        return f"{month(moment.month)} {moment.year}"
    return str(moment.year)


def time_ticks(
    start: dt.datetime, end: dt.datetime, *, zone: dt.tzinfo, most: int = 6
) -> list[tuple[dt.datetime, str]]:
    """At most ``most`` ticks on local boundaries between ``start`` and ``end``, with labels."""
    start, end = start.astimezone(zone), end.astimezone(zone)
    span = (end - start).total_seconds()
    unit, size = TIME_STEPS[-1]
    for unit, size in TIME_STEPS:
        if span / (_APPROX_SECONDS[unit] * size) <= most - 1:
            break
    spans_days = start.date() != end.date()
    ticks: list[tuple[dt.datetime, str]] = []
    at = _floor(start, unit, size)
    while at <= end and len(ticks) <= most * 2:
        if at >= start:
            ticks.append((at, _tick_label(at, unit, spans_days)))
        at = _advance(at, unit, size)
    if not ticks:  # a range shorter than one step: name its start
        ticks.append((start, _tick_label(start, unit if unit != "hour" else "day", False)))
    return ticks
