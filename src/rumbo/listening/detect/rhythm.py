"""The daily and weekly rhythm of total volume, as a multiplier per hour.

Terms are too sparse to learn their own rhythm, so every term borrows the shape of the whole
stream: at 4 a.m. a term is expected to be as quiet as everything else is at 4 a.m. The shape is
learned from hourly totals (an EWMA per hour-of-day slot, and per hour-of-week slot once two weeks
have been seen) and only used once two days of history exist.
"""

from __future__ import annotations

DAY, WEEK = 24, 168
_MIN_DAY_HOURS = 2 * DAY
_MIN_WEEK_HOURS = 2 * WEEK
_PRIOR_POSTS = 10.0
_BOUNDS = (0.2, 5.0)  # never let the rhythm alone explain more than a fivefold change


class Rhythm:
    """Hourly totals → expected multiplier of the current hour (1.0 until enough history)."""

    __slots__ = ("_cached", "_count", "_day", "_hour", "_hours", "_week", "enabled")

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._hour: int | None = None  # absolute hour index (unix time // 3600) being counted
        self._count = 0
        self._hours = 0  # closed hours learned
        self._day = [0.0] * DAY
        self._week = [0.0] * WEEK
        self._cached: tuple[int, float] = (-1, 1.0)

    def add(self, hour: int, count: int = 1) -> None:
        """Count ``count`` observations in absolute hour ``hour`` (event time)."""
        if self._hour is None:
            self._hour = hour
        elif hour > self._hour:
            self._close(hour)
        self._count += count

    def _close(self, new_hour: int) -> None:
        current = new_hour - 1 if self._hour is None else self._hour
        self._learn(current, float(self._count))
        # Silent hours in between are real zeros; a long gap need not be replayed past a week.
        for hour in range(max(current + 1, new_hour - WEEK), new_hour):
            self._learn(hour, 0.0)
        self._hour = new_hour
        self._count = 0

    def _learn(self, hour: int, value: float) -> None:
        self._hours += 1
        day_rate = max(0.1, DAY / self._hours)
        week_rate = max(0.1, WEEK / self._hours)
        slot = hour % DAY
        self._day[slot] += day_rate * (value - self._day[slot])
        slot = hour % WEEK
        self._week[slot] += week_rate * (value - self._week[slot])

    def factor(self, hour: int) -> float:
        """How busy hour ``hour`` usually is relative to an average hour."""
        if not self.enabled or self._hours < _MIN_DAY_HOURS:
            return 1.0
        if self._cached[0] == hour:
            return self._cached[1]
        if self._hours >= _MIN_WEEK_HOURS:
            profile, slot = self._week, hour % WEEK
        else:
            profile, slot = self._day, hour % DAY
        mean = sum(profile) / len(profile)
        # Shrunk towards 1 when hours hold few posts: a slot seen with 3 posts instead of 1 is
        # chance, not rhythm. The prior weighs as much as _PRIOR_POSTS posts an hour.
        prior = max(mean, _PRIOR_POSTS)
        value = (profile[slot] + prior) / (mean + prior) if mean > 0 else 1.0
        value = min(max(value, _BOUNDS[0]), _BOUNDS[1])
        self._cached = (hour, value)
        return value
