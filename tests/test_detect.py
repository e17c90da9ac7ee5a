"""Detection: a burst in a seasonal stream fires once, quickly; the background alone never fires."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from functools import cache

import pytest

from rumbo.listening.detect import VOLUME, DetectorConfig, Engine, Observation, Signal
from rumbo.listening.detect.types import SEVERITIES

START = datetime(2026, 3, 2, tzinfo=UTC)  # a Monday
BACKGROUND_TERMS = [f"palabra{i}" for i in range(60)]


@cache
def background(
    days: float, per_minute: float, seed: int = 3, negative: float = 0.2
) -> tuple[Observation, ...]:
    return tuple(_background(days, per_minute, seed, negative))


def _background(
    days: float, per_minute: float, seed: int, negative: float
) -> Iterator[Observation]:
    """A Poisson stream with a strong daily rhythm (five times busier at noon than at night)."""
    rng = random.Random(seed)
    weights = [1.0 / (rank + 1) for rank in range(len(BACKGROUND_TERMS))]
    t, i = 0.0, 0
    while t < days * 86400:
        hour = (t / 3600) % 24
        rate = per_minute / 60 * (1.0 + 0.67 * math.sin(2 * math.pi * (hour - 6) / 24))
        t += rng.expovariate(rate)
        terms = tuple(dict.fromkeys(rng.choices(BACKGROUND_TERMS, weights, k=2)))
        mood = "negative" if rng.random() < negative else rng.choice(["neutral", "positive"])
        yield Observation(START + timedelta(seconds=t), f"bg:{i}", terms, None, mood, False, 0)
        i += 1


def burst(at: datetime, minutes: int, per_minute: float, seed: int = 5) -> list[Observation]:
    """An outage: posts saying the same thing, arriving at a steady rate."""
    rng = random.Random(seed)
    out, t = [], 0.0
    while t < minutes * 60:
        t += rng.expovariate(per_minute / 60)
        terms = ("caida", "sin servicio", rng.choice(BACKGROUND_TERMS))
        out.append(
            Observation(
                at + timedelta(seconds=t), f"b:{len(out)}", terms, "outage", "negative", True, 0
            )
        )
    return out


def merged(*streams: Sequence[Observation]) -> list[Observation]:
    return sorted((o for s in streams for o in s), key=lambda o: o.at)


def test_the_seasonal_background_alone_never_fires() -> None:
    signals = Engine().observe_many(list(background(3.5, 6)))
    assert signals == []


def test_an_injected_burst_fires_once_within_a_few_events() -> None:
    onset = START + timedelta(days=3, hours=4, minutes=7)  # a quiet hour
    injected = burst(onset, minutes=40, per_minute=1.5)
    signals = Engine().observe_many(merged(background(3.5, 6), injected))
    bursts = [s for s in signals if s.kind in ("burst", "new_term")]
    assert len(bursts) == 1, bursts
    signal = bursts[0]
    assert onset <= signal.at <= injected[15].at  # within the first 16 posts of the outage
    assert {"caida", "sin servicio"} & set(signal.terms)
    count, expected = signal.counts[signal.terms[0]]
    assert count > 3 * expected
    assert set(signal.samples) <= {o.key for o in injected}
    assert signal.sentiment["negative"] >= count // 2
    assert signal.severity in ("low", "medium", "high", "critical")


def test_a_burst_at_the_busiest_hour_fires_too() -> None:
    onset = START + timedelta(days=3, hours=12)
    injected = burst(onset, minutes=30, per_minute=3)
    signals = Engine().observe_many(merged(background(3.5, 6), injected))
    assert [s for s in signals if s.kind in ("burst", "new_term") and s.at >= onset]


def test_cooldown_one_signal_for_a_burst_that_comes_back_soon() -> None:
    first = START + timedelta(days=3, hours=4)
    again = first + timedelta(minutes=45)
    later = first + timedelta(hours=8)
    config = DetectorConfig(cooldown_seconds=3 * 3600)
    stream = merged(
        background(3.5, 6),
        burst(first, 20, 2, seed=1),
        burst(again, 20, 2, seed=2),
        burst(later, 20, 2, seed=3),
    )
    fired = [s for s in Engine(config).observe_many(stream) if "caida" in s.terms]
    assert len(fired) == 2
    assert fired[0].at < again
    assert fired[1].at >= later


def test_a_term_never_seen_before_is_reported_as_new() -> None:
    onset = START + timedelta(days=2, hours=15)
    novel = [
        Observation(
            onset + timedelta(seconds=20 * i),
            f"n:{i}",
            ("brecha de datos",),
            None,
            "negative",
            True,
            0,
        )
        for i in range(30)
    ]
    signals = Engine().observe_many(merged(background(3.5, 6), novel))
    assert [s.kind for s in signals if "brecha de datos" in s.terms] == ["new_term"]


def test_total_volume_surge_fires_on_volume_alone() -> None:
    onset = START + timedelta(days=2, hours=3)
    surge = [
        Observation(onset + timedelta(seconds=3 * i), f"s:{i}", (), None, "neutral", False, 0)
        for i in range(400)
    ]
    signals = Engine().observe_many(merged(background(3.5, 6), surge))
    assert len(signals) == 1
    assert signals[0].terms == (VOLUME,)
    assert signals[0].at >= onset


def test_rising_negative_share_fires_without_a_volume_change() -> None:
    calm = list(background(3.5, 6))
    angry_from = START + timedelta(days=3.5)
    angry = list(background(0.25, 6, seed=9, negative=0.8))
    angry = [
        Observation(
            o.at + timedelta(days=3.5), f"a:{o.key}", o.terms, o.topic, o.sentiment, o.complaint, 0
        )
        for o in angry
    ]
    signals = Engine().observe_many(calm + angry)
    shares = [s for s in signals if s.kind == "negative_share"]
    assert shares
    assert shares[0].at >= angry_from
    assert shares[0].sentiment["negative"] > shares[0].sentiment["positive"]
    assert not [s for s in signals if s.kind == "negative_share" and s.at < angry_from]


def test_an_influential_author_complaining_fires_once_per_cooldown() -> None:
    engine = Engine(DetectorConfig(influencer_reach=10_000, warmup_seconds=0))
    at = START + timedelta(hours=1)

    def post(key: str, reach: int, complaint: bool = True, minutes: int = 0) -> list[Signal]:
        return engine.observe(
            Observation(
                at + timedelta(minutes=minutes),
                key,
                ("factura",),
                "billing",
                "negative",
                complaint,
                reach,
                author="@famosa",
            )
        )

    assert post("x:1", reach=500) == []
    assert post("x:2", reach=2_000_000, complaint=False) == []
    fired = post("x:3", reach=2_000_000)
    assert [s.kind for s in fired] == ["influencer"]
    assert fired[0].severity == "critical"
    assert fired[0].samples == ("x:3",)
    assert post("x:4", reach=2_000_000, minutes=10) == []


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="bucket_seconds"):
        DetectorConfig(bucket_seconds=0)
    with pytest.raises(ValueError, match="cooldown_seconds"):
        DetectorConfig(cooldown_seconds=-1)


def test_naive_datetimes_are_refused() -> None:
    naive = datetime(2026, 3, 2, 12, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="timezone"):
        Engine().observe(Observation(naive, "k", (), None, "neutral", False, 0))


def test_a_burst_of_praise_is_less_severe_than_the_same_burst_of_anger() -> None:
    onset = START + timedelta(days=3, hours=4, minutes=7)
    severities = []
    for mood in ("negative", "positive"):
        injected = [
            Observation(o.at, o.key, o.terms, o.topic, mood, o.complaint, 0)
            for o in burst(onset, minutes=40, per_minute=1.5)
        ]
        signals = Engine().observe_many(merged(background(3.5, 6), injected))
        fired = [s for s in signals if "caida" in s.terms or "sin servicio" in s.terms]
        assert len(fired) == 1
        severities.append(SEVERITIES.index(fired[0].severity))
    assert severities[0] > severities[1]


def test_one_day_of_history_is_enough_when_configured_so() -> None:
    # A single past day has no day-to-day spread; the Poisson floor stands in for it.
    usual = steady(2, 1.0)  # the first day is left out of the history: only one day counts
    surge = steady(1, 3.0, offset_days=2, seed=12)
    fired = Engine(DetectorConfig(daily_min_days=1)).observe_many(usual + surge)
    daily = [s for s in fired if s.counts and max(e for _, e in s.counts.values()) > 1000]
    assert daily, fired
    assert daily[0].at >= surge[0].at


def steady(
    days: float, per_minute: float, offset_days: float = 0.0, seed: int = 11
) -> list[Observation]:
    rng = random.Random(seed)
    out, t = [], 0.0
    while True:
        t += rng.expovariate(per_minute / 60)
        if t >= days * 86400:
            return out
        at = START + timedelta(days=offset_days, seconds=t)
        out.append(Observation(at, f"s{seed}:{len(out)}", (), None, "negative", True, 0))


def test_a_slow_surge_over_a_day_is_caught_by_the_daily_comparison() -> None:
    usual = steady(5, 1.0)
    signals = Engine().observe_many(usual)
    assert signals == []
    surge = steady(1, 1.6, offset_days=5, seed=12)
    fired = Engine().observe_many(usual + surge)
    assert len(fired) >= 1
    assert all(s.at >= surge[0].at for s in fired)
    daily = [s for s in fired if s.counts and max(e for _, e in s.counts.values()) > 1000]
    assert daily, fired  # the evidence is today's count against whole days (about 1,440 a day)
    assert not Engine(DetectorConfig(daily=False)).observe_many(usual + surge)
