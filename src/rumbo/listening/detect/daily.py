"""Slow surges: today's count against the days before it (total, negative posts, each topic).

A complaint wave that grows over a day (1.5 to 2 times the usual, hour after hour) never stands out
in a five-minute or one-hour window, yet it is what a brand most needs to hear of. This watch keeps
the counts of the last seven full days per key and fires, at most once per burst, when today's
running count already exceeds them by ``daily_ratio`` and by ``threshold`` standard deviations
of their own day-to-day spread (so a stream that naturally swings between weekdays needs more).
The stream's first day is left out of the history: it is only partly observed.
"""

from __future__ import annotations

import math
from collections import deque

from rumbo.listening.detect.types import TOPIC_PREFIX, VOLUME, DetectorConfig, Observation, Signal

NEGATIVE = "sentiment:negative"
_DAY = 86400
_HISTORY = 7


class _Days:
    __slots__ = ("count", "day", "history", "last_fire", "needed", "samples", "sentiment")

    def __init__(self, day: int) -> None:
        self.day = day
        self.count = 0
        self.history: deque[int] = deque(maxlen=_HISTORY)
        self.last_fire = -(10**9)
        self.samples: list[str] = []
        self.sentiment = [0, 0, 0]
        self.needed = 0.0  # today's count below which nothing is tested (set when a day rolls)


class DailyWatch:
    """Per key: the running count of the current UTC day against the previous full days."""

    def __init__(self, config: DetectorConfig) -> None:
        self.config = config
        self._keys: dict[str, _Days] = {}
        self._first_day: int | None = None

    def observe(self, obs: Observation, ts: float, sentiment: int, armed: bool) -> list[Signal]:
        day = int(ts // _DAY)
        if self._first_day is None:
            self._first_day = day
        keys = [VOLUME]
        if obs.topic is not None:
            keys.append(TOPIC_PREFIX + obs.topic)
        if sentiment == 0:
            keys.append(NEGATIVE)
        signals: list[Signal] = []
        for key in keys:
            days = self._keys.get(key)
            if days is None:
                days = self._keys[key] = _Days(day)
                # Days of the stream before the key's first mention were days of zero.
                days.history.extend([0] * min(_HISTORY, max(0, day - self._first_day - 1)))
                days.needed = self._needed(days)
            elif day > days.day:
                self._roll(days, day)
            days.count += 1
            days.sentiment[sentiment] += 1
            if len(days.samples) < 3:
                days.samples.append(obs.key)
            if armed and days.count >= days.needed:
                signal = self._test(key, days, obs)
                if signal is not None:
                    signals.append(signal)
        return signals

    def _roll(self, days: _Days, day: int) -> None:
        if days.day != self._first_day:
            days.history.append(days.count)
        days.history.extend([0] * min(_HISTORY, day - days.day - 1))
        days.day = day
        days.count = 0
        days.samples = []
        days.sentiment = [0, 0, 0]
        days.needed = self._needed(days)

    def _needed(self, days: _Days) -> float:
        """The count today must reach before ``_test`` can speak: it is tested on every post,
        so what depends only on the past days is worked out once a day."""
        cfg = self.config
        history = days.history
        if len(history) < cfg.daily_min_days:
            return math.inf
        mean = sum(history) / len(history)
        return max(float(cfg.min_support), cfg.daily_ratio * max(mean, 1.0))

    def _test(self, key: str, days: _Days, obs: Observation) -> Signal | None:
        """Called once today's count reached ``days.needed`` (enough history, the minimum
        support and ``daily_ratio`` times the usual day): is it also significant?"""
        cfg = self.config
        history = days.history
        count = days.count
        if days.day - days.last_fire < 2:  # one signal per surge, not one per day of it
            return None
        mean = sum(history) / len(history)
        # One day of history (daily_min_days=1) has no spread of its own: the Poisson floor below.
        spread = sum((x - mean) ** 2 for x in history) / max(len(history) - 1, 1)
        z = (count - mean) / math.sqrt(max(spread, mean, 1.0))
        if z < cfg.threshold:
            return None
        days.last_fire = days.day
        whole = self._keys[VOLUME] if key == NEGATIVE else days
        negative, neutral, positive = whole.sentiment
        ratio = count / max(mean, 1.0)
        severity = "high" if ratio >= 3 else "medium" if ratio >= 2 else "low"
        return Signal(
            kind="negative_share" if key == NEGATIVE else "burst",
            at=obs.at,
            terms=(VOLUME if key == NEGATIVE else key,),
            severity=severity,
            score=round(z, 3),
            counts={key: (count, round(mean, 3))},
            samples=tuple(days.samples),
            sentiment={"negative": negative, "neutral": neutral, "positive": positive},
        )
