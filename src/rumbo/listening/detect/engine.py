"""Streaming detection over event-time buckets, O(terms) per observation.

Every observation is counted under ``*`` (total volume), its topic and each of its terms, in
short buckets (``bucket_seconds``) and, while the stream is too thin to fill them, long ones
(``long_bucket_seconds``); see ``counters`` for the baselines. A key fires when its count in the
current bucket reaches the minimum support, is ``min_ratio`` times what its baseline expects, and
is as unlikely as ``threshold`` standard deviations (Poisson tail, widened by the key's learned
overdispersion). Then it stays quiet until its count falls back (hysteresis) and its cooldown has
passed; terms that rise in the same post, or within ``group_seconds`` of a signal, join that
signal instead of raising their own, so one burst gives one signal. Rising negative share and
influential complaints are watched alongside (``share``, ``_influencer``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rumbo.listening.detect.counters import Counters, Series
from rumbo.listening.detect.daily import DailyWatch
from rumbo.listening.detect.rhythm import Rhythm
from rumbo.listening.detect.share import ShareWatch
from rumbo.listening.detect.types import (
    SEVERITIES,
    TOPIC_PREFIX,
    VOLUME,
    DetectorConfig,
    Observation,
    Signal,
)

_DENSE = 100.0  # posts per short bucket from which the long buckets add nothing


class Engine:
    """Feeds on observations in (roughly) event-time order and returns signals as they fire."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        self.config = config or DetectorConfig()
        cfg = self.config
        widths = [cfg.bucket_seconds]
        if cfg.long_bucket_seconds > cfg.bucket_seconds:
            widths.append(cfg.long_bucket_seconds)
        self._scales = [Counters(w, cfg.half_life_seconds, cfg.threshold) for w in widths]
        for counters in self._scales:
            counters.singles_limit = max(1, cfg.max_keys // 2)
        self._rhythm = Rhythm(cfg.seasonality)
        self._share = ShareWatch(cfg)
        self._daily = DailyWatch(cfg) if cfg.daily else None
        self._start: float | None = None
        self._checked_hour = -1
        self._last_fire: dict[str, float] = {}
        self._last_signal = (-1e18, 0.0)  # time and score of the last burst signal
        self._author_fired: dict[str, float] = {}

    # -- public -------------------------------------------------------------------------------

    def observe(self, obs: Observation) -> list[Signal]:
        """Count one observation; the signals it makes fire (usually none)."""
        if obs.at.tzinfo is None:
            raise ValueError(f"observation {obs.key}: event time must be timezone-aware")
        ts = obs.at.timestamp()
        if self._start is None:
            self._start = ts
        hour = int(ts // 3600)
        self._rhythm.add(hour)
        factor = self._rhythm.factor(hour)
        armed = ts - self._start >= self.config.warmup_seconds
        if len(self._scales) > 1 and hour != self._checked_hour:
            self._checked_hour = hour
            self._drop_long_scale_if_dense()
        sentiment = 0 if obs.sentiment == "negative" else 2 if obs.sentiment == "positive" else 1
        keys: list[str] = [VOLUME]
        if obs.topic is not None:
            keys.append(TOPIC_PREFIX + obs.topic)
        ignore = self.config.ignore_terms
        if ignore:
            keys.extend(t for t in obs.terms if t not in ignore)
        else:
            keys.extend(obs.terms)
        signals: list[Signal] = []
        cfg = self.config
        min_support, min_ratio, threshold = cfg.min_support, cfg.min_ratio, cfg.threshold
        for counters in self._scales:
            # The hot loop: inlined counting, and the cheap share test before the exact one.
            bucket = int(ts // counters.bucket_seconds)
            table = counters.series
            volume = counters.add(VOLUME, bucket, factor, obs.key, sentiment)
            per_level = volume.count / volume.raw if volume.raw > 0.0 else 0.0
            fired: list[tuple[str, Series, float, float]] = []
            for key in keys:
                found: Series | None = volume if key is VOLUME else table.get(key)
                if found is None:
                    found = counters.sight(key, bucket, obs.key, sentiment)
                    if found is None:  # a first sighting: nothing to test yet
                        continue
                    series = found
                elif found is volume:
                    series = found
                else:
                    series = found
                    if bucket > series.bucket:
                        counters.roll(series, bucket, 1.0)
                    series.count += 1
                    series.sentiment[sentiment] += 1
                    if len(series.samples) < 3:
                        series.samples.append(obs.key)
                count = series.count
                if count < min_support or series.active or not armed:
                    continue
                if key is not VOLUME and count < min_ratio * series.level * per_level:
                    continue
                if series.weight < counters.min_history:
                    continue
                expected, z = counters.test(key, series, factor, min_ratio)
                if z >= threshold:
                    fired.append((key, series, expected, z))
            if fired:
                signal = self._burst(obs, ts, fired)
                if signal is not None:
                    signals.append(signal)
        shares = self._share.observe(obs, ts)
        if self._daily is not None:
            signals.extend(self._daily.observe(obs, ts, sentiment, armed))
        if armed:
            signals.extend(shares)
            if obs.complaint and obs.reach:
                influencer = self._influencer(obs, ts)
                if influencer is not None:
                    signals.append(influencer)
        short = self._scales[0]
        if len(short.series) > self.config.max_keys:
            for counters in self._scales:
                counters.prune(self.config.max_keys * 3 // 4)
        return signals

    def _drop_long_scale_if_dense(self) -> None:
        """A stream that fills short buckets has no need of long ones (and runs twice as fast)."""
        volume = self._scales[0].volume
        if volume is not None and volume.weight >= 2 and volume.raw >= _DENSE:
            del self._scales[1:]

    def observe_many(self, batch: Sequence[Observation]) -> list[Signal]:
        """``observe`` each observation of a batch, in order; all signals that fired."""
        signals: list[Signal] = []
        for obs in batch:
            signals.extend(self.observe(obs))
        return signals

    # -- signals ------------------------------------------------------------------------------

    def _burst(
        self, obs: Observation, ts: float, fired: list[tuple[str, Series, float, float]]
    ) -> Signal | None:
        cfg = self.config
        # Whatever fired is inside a burst now, at every width, until its count falls back.
        for key, series, _, _ in fired:
            series.active = True
            for counters in self._scales:
                other = counters.series.get(key)
                if other is not None:
                    other.active = True
        fresh = [
            hit for hit in fired if ts - self._last_fire.get(hit[0], -1e18) >= cfg.cooldown_seconds
        ]
        for key, *_ in fired:
            self._last_fire[key] = ts
        if not fresh:
            return None
        # Terms rising in the minutes after a signal are the same story told in other words.
        strongest = max(hit[3] for hit in fresh)
        if ts - self._last_signal[0] < cfg.group_seconds and strongest < 2 * self._last_signal[1]:
            return None
        self._last_signal = (ts, strongest)
        fresh.sort(key=lambda hit: -hit[3])
        lead_key, lead, expected, z = fresh[0]
        terms = [key for key, *_ in fresh if key != VOLUME and not key.startswith(TOPIC_PREFIX)]
        is_new = bool(terms) and all(
            hit[1].seen <= cfg.new_term_history for hit in fresh if hit[0] in terms
        )
        shown = terms[: cfg.max_terms] or [lead_key]
        counts = {key: (s.count, round(e, 3)) for key, s, e, _ in fresh[: cfg.max_terms]}
        negative, neutral, positive = lead.sentiment
        return Signal(
            kind="new_term" if is_new else "burst",
            at=obs.at,
            terms=tuple(shown),
            severity=_severity(
                z / cfg.threshold,
                lead.count / max(expected, 0.5),
                negative / max(lead.count, 1),
                positive / max(lead.count, 1),
            ),
            score=round(z, 3),
            counts=counts,
            samples=tuple(lead.samples),
            sentiment={"negative": negative, "neutral": neutral, "positive": positive},
        )

    def _influencer(self, obs: Observation, ts: float) -> Signal | None:
        cfg = self.config
        if not obs.complaint or cfg.influencer_reach <= 0 or obs.reach < cfg.influencer_reach:
            return None
        author = obs.author or obs.key
        last = self._author_fired.get(author)
        if last is not None and ts - last < cfg.cooldown_seconds:
            return None
        self._author_fired[author] = ts
        ratio = obs.reach / cfg.influencer_reach
        level = 0 if ratio < 3 else 1 if ratio < 10 else 2 if ratio < 100 else 3
        return Signal(
            kind="influencer",
            at=obs.at,
            terms=obs.terms[: cfg.max_terms],
            severity=SEVERITIES[level],
            score=round(math.log10(max(obs.reach, 1)), 3),
            counts={},
            samples=(obs.key,),
            sentiment={
                "negative": int(obs.sentiment == "negative"),
                "neutral": int(obs.sentiment == "neutral"),
                "positive": int(obs.sentiment == "positive"),
            },
        )


def _severity(excess: float, ratio: float, negative: float, positive: float) -> str:
    """Severity from how far past the threshold (``excess`` ≥ 1) and how many times expected;
    one step up when most of the burst is negative, one down when most of it is praise."""
    level = 3 if excess >= 8 or ratio >= 20 else 2 if excess >= 4 or ratio >= 8 else 0
    if level == 0 and (excess >= 2 or ratio >= 4):
        level = 1
    if negative >= 0.6:
        level += 1
    elif positive >= 0.5 and negative < 0.2:
        level -= 1
    return SEVERITIES[min(max(level, 0), 3)]
