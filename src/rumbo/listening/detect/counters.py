"""Per-key counters over event-time buckets of one width, with their baselines.

Each key (a term, ``topic:<name>``, or ``*`` for total volume) keeps the count of its current
bucket, an EWMA of its count per bucket and an EWMA of the squared deviation (a naturally jumpy
key needs a bigger jump). Silent buckets are folded into the baseline in closed form when the key
is next seen, so quiet keys cost nothing.

What a key is expected to count differs by kind:
- total volume: its level times the hour's usual rhythm, and never less than its recent level
  (a slow daily ramp is not a burst, even before the rhythm is learned);
- terms and topics: their usual share of the stream times the volume of the current bucket, so
  night and day, weekdays and weekends, and a stream-wide surge are all already accounted for;
  what fires is a term taking a larger share of the conversation than it normally does.
"""

from __future__ import annotations

import math

from rumbo.listening.detect.stats import surprise
from rumbo.listening.detect.types import VOLUME

_SAMPLES = 3
_RECENT_HALF_LIFE = 3600.0  # seconds (and at least six buckets): the "recent level" of volume
_RING = 4096  # buckets of total volume remembered
_MAX_DISPERSION = 25.0
_DISPERSION_FLOOR = 0.05  # keys rarer than this per bucket never show their spread
_YOUNG = 6  # buckets of history before a baseline is protected from bursts


class Series:
    """Counter and baseline of one key at one bucket width."""

    __slots__ = (
        "active",
        "bucket",
        "count",
        "dispersion",
        "level",
        "raw",
        "recent",
        "samples",
        "seen",
        "sentiment",
        "var",
        "weight",
    )

    def __init__(self, bucket: int, weight: float) -> None:
        self.bucket = bucket
        self.count = 0
        self.level = 0.0  # mean count per bucket (deseasonalised for total volume)
        self.raw = 0.0  # mean count per bucket as counted (total volume only)
        self.recent = 0.0  # fast EWMA of the count per bucket (total volume only)
        self.dispersion = 1.0  # variance / mean of the count around what was expected
        self.var = 0.0
        self.weight = weight  # buckets of history behind the baseline (caps the learning rate)
        self.seen = 0  # mentions before the current bucket
        self.active = False  # inside a burst that already fired
        self.samples: list[str] = []
        self.sentiment = [0, 0, 0]


class Counters:
    """All keys at one bucket width; ``count`` returns the z of a key that may fire, else None."""

    def __init__(self, bucket_seconds: int, half_life_seconds: int, threshold: float) -> None:
        self.bucket_seconds = bucket_seconds
        self.threshold = threshold
        # Annotated: a float ** float is Any to the type checker, and an Any rate would make every
        # update in roll() arithmetic on Python objects once compiled.
        self.alpha: float = 1.0 - 0.5 ** (bucket_seconds / half_life_seconds)
        self.warm_weight = 1.0 / self.alpha - 1.0  # from here on the EWMA rate is alpha
        recent_half_life = max(_RECENT_HALF_LIFE, 6.0 * bucket_seconds)
        self.recent_alpha: float = 1.0 - 0.5 ** (bucket_seconds / recent_half_life)
        self.series: dict[str, Series] = {}
        # Keys seen once (bucket, sample, mood), in two generations: when the young one is full
        # it becomes the old one and the old one is forgotten, so memory stays bounded at O(1).
        self.singles: dict[str, tuple[int, str, int]] = {}
        self._old_singles: dict[str, tuple[int, str, int]] = {}
        self.singles_limit = 100_000
        self.min_history = 2 * _YOUNG  # buckets behind a key before it may fire
        self.first_bucket: int | None = None
        self.volume: Series | None = None
        # Total volume of recent buckets, to learn how far terms stray from their share.
        self._volume_ring: list[tuple[int, int]] = [(-1, 0)] * _RING

    def add(self, key: str, bucket: int, factor: float, sample: str, sentiment: int) -> Series:
        """Count one mention of ``key`` in ``bucket``; the key's series."""
        if self.first_bucket is None:
            self.first_bucket = bucket
        series = self.series.get(key)
        if series is None:
            series = self.series[key] = Series(bucket, float(bucket - self.first_bucket))
            if key == VOLUME:
                self.volume = series
        elif bucket > series.bucket:
            self.roll(series, bucket, factor if key == VOLUME else 1.0)
        series.count += 1
        series.sentiment[sentiment] += 1
        if len(series.samples) < _SAMPLES:
            series.samples.append(sample)
        return series

    def sight(self, key: str, bucket: int, sample: str, sentiment: int) -> Series | None:
        """Count a key that has no series yet. Most terms are seen once and never again, so the
        first sighting is only noted; the second makes the series, first sighting included."""
        first = self.singles.pop(key, None)
        if first is None and self._old_singles:
            first = self._old_singles.pop(key, None)
        if first is None:
            if len(self.singles) >= self.singles_limit:
                self._old_singles, self.singles = self.singles, {}
            self.singles[key] = (bucket, sample, sentiment)
            return None
        seen_at, seen_sample, seen_sentiment = first
        self.add(key, seen_at, 1.0, seen_sample, seen_sentiment)
        return self.add(key, bucket, 1.0, sample, sentiment)

    def expected(self, key: str, series: Series, factor: float) -> tuple[float, float]:
        """(expected count in the current bucket, variance of the count) for ``key``."""
        volume = self.volume
        if key == VOLUME or volume is None:
            expected = max(series.level * factor, series.recent)
            return expected, series.var * factor * factor
        if volume.raw <= 0.0:
            return 0.0, 0.0
        expected = series.level / volume.raw * volume.count
        return expected, expected * series.dispersion

    def test(
        self, key: str, series: Series, factor: float, min_ratio: float
    ) -> tuple[float, float]:
        """(expected, z) of ``key``'s current count; z is 0 when it is plainly unremarkable."""
        expected, variance = self.expected(key, series, factor)
        count = series.count
        if count < min_ratio * expected:
            return expected, 0.0
        # The normal z overstates small-count surprise, so it is a safe first filter.
        if count - expected < self.threshold * math.sqrt(max(max(variance, expected), 0.05)):
            return expected, 0.0
        return expected, surprise(count, expected, variance)

    def roll(self, series: Series, bucket: int, factor: float) -> None:
        """Close the series' bucket (learn from it) and move on to ``bucket``.

        On the hot path for every key seen in a new bucket, hence the plain arithmetic, in the
        forms mypyc turns into C: two-argument min/max and ``math.pow`` of two floats (three
        arguments, or ``**``, go through Python objects).
        """
        count = series.count
        weight = series.weight
        alpha = self.alpha
        rate = 1.0 / (weight + 1.0) if weight < self.warm_weight else alpha
        is_volume = series is self.volume
        if is_volume:
            self._volume_ring[series.bucket % _RING] = (series.bucket, count)
            series.raw += rate * (count - series.raw)
            level = series.level if series.level > 1e-9 else 1e-9
            series.dispersion = series.var / level if series.var > level else 1.0
            series.recent += self.recent_alpha * (count - series.recent)
        elif series.level >= _DISPERSION_FLOOR:
            # How much the key strays from its share, learned on the bucket being closed
            # (inline: this runs for nearly every term of a sparse stream).
            volume = self.volume
            closing = series.bucket
            total = -1  # the stream's volume in the closing bucket, when known
            if volume is not None and volume.raw > 0.0:
                seen_bucket, total = self._volume_ring[closing % _RING]
                if seen_bucket != closing:
                    # A late key closing the bucket volume is still counting; else it is gone.
                    total = volume.count if closing == volume.bucket else -1
            if total >= 0 and volume is not None:
                expected = series.level / volume.raw * total
                if expected >= 0.5:  # below: too few to say anything about spread
                    deviation = count - expected
                    ratio = deviation * deviation / expected
                    dispersion = series.dispersion
                    dispersion += rate * (min(ratio, _MAX_DISPERSION) - dispersion)
                    series.dispersion = dispersion if dispersion > 1.0 else 1.0
        value = count / factor if is_volume else float(count)
        level = series.level
        var = series.var
        if series.active or (weight >= _YOUNG and value > level + 3.0):
            spread = math.sqrt(max(max(level, var), 1.0))
            if series.active and value - level < 0.5 * self.threshold * spread:
                series.active = False
            # A burst teaches the baseline slowly: the update is capped a few deviations up.
            # (Until a few buckets are behind it, it has no shape to protect.)
            if weight >= _YOUNG and value > level + 3.0 * spread:
                value = level + 3.0 * spread
        delta = value - level
        level += rate * delta
        var = (1.0 - rate) * (var + rate * delta * delta)
        gap = bucket - series.bucket - 1
        if gap > 0:  # silent buckets are zeros, folded in at once
            gap_rate = 1.0 / (weight + gap) if weight + gap < self.warm_weight else alpha
            keep = math.pow(1.0 - gap_rate, float(gap))
            var = var * keep + level * level * keep * (1.0 - keep)
            level *= keep
            if is_volume:
                series.recent *= math.pow(1.0 - self.recent_alpha, float(gap))
                series.raw *= keep
        series.level = level
        series.var = var
        series.weight = weight + gap + 1
        series.seen += count
        series.bucket = bucket
        series.count = 0
        series.samples.clear()
        sentiment = series.sentiment
        sentiment[0] = sentiment[1] = sentiment[2] = 0

    def prune(self, keep: int) -> None:
        """Forget the keys quiet the longest until ``keep`` remain (their baselines are ~zero)."""
        if len(self.series) <= keep:
            return
        order = sorted(self.series.items(), key=lambda item: item[1].bucket)
        for key, _ in order[: len(order) - keep]:
            if key != VOLUME:
                del self.series[key]
