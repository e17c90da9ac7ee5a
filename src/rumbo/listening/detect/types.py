"""What the detector reads (observations), what it says (signals) and how it is tuned."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

# The key under which total volume is counted (all observations, whatever their terms).
VOLUME = "*"
# Prefix of topic keys among the counted keys ("topic:outage").
TOPIC_PREFIX = "topic:"
SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(slots=True)
class Observation:
    """One enriched event, as the detector needs it."""

    at: datetime  # timezone-aware event time
    key: str  # event id (source:external_id)
    terms: tuple[str, ...]
    topic: str | None
    sentiment: str
    complaint: bool
    reach: int  # author audience size (0 if unknown)
    author: str | None = None

    # A written __init__ rather than the generated one: compiled by mypyc it builds the
    # object in C, where a frozen dataclass's __init__ is Python setting each field through
    # object.__setattr__ (a microsecond an object, several objects a post on the ingestion
    # path). Not frozen, because a frozen class refuses the fields this __init__ sets; nothing
    # changes an observation after it is made.
    def __init__(
        self,
        at: datetime,
        key: str,
        terms: tuple[str, ...],
        topic: str | None,
        sentiment: str,
        complaint: bool,
        reach: int,
        author: str | None = None,
    ) -> None:
        self.at = at
        self.key = key
        self.terms = terms
        self.topic = topic
        self.sentiment = sentiment
        self.complaint = complaint
        self.reach = reach
        self.author = author


@dataclass(frozen=True)
class Signal:
    """Something worth an alert, with the evidence that explains it."""

    kind: str  # 'burst' | 'new_term' | 'negative_share' | 'influencer'
    at: datetime  # event time of the observation that made it fire
    terms: tuple[str, ...]  # the rising terms, most important first ("*" = total volume)
    severity: str  # 'low' | 'medium' | 'high' | 'critical'
    score: float
    counts: Mapping[str, tuple[int, float]]  # term -> (count now, baseline expected)
    samples: tuple[str, ...]  # keys of a few sample observations
    sentiment: Mapping[str, int]  # negative/neutral/positive counts in the window


@dataclass(frozen=True)
class DetectorConfig:
    """Tuning of the detector; the defaults suit streams from tens to thousands per minute."""

    bucket_seconds: int = 300  # counting window of a term
    long_bucket_seconds: int = 3600  # a second, longer window for slow streams (0: none)
    min_support: int = 5  # fewest mentions in a window before anything may fire
    threshold: float = 5.0  # standard deviations above the baseline (as a tail probability)
    min_ratio: float = 2.0  # and at least this many times the expected count
    cooldown_seconds: int = 3 * 3600  # quiet time per term/topic after it fired
    group_seconds: int = 1800  # bursts this soon after a signal join it unless twice as strong
    warmup_seconds: int = 3600  # stream time observed before the first signal
    half_life_seconds: int = 24 * 3600  # memory of the baseline level
    seasonality: bool = True  # learn the daily (and, with two weeks of history, weekly) rhythm
    new_term_history: int = 2  # a term seen at most this often before is "new"
    share_window_seconds: int = 3600  # window of the negative-share test
    daily: bool = True  # also compare each day's running count with the previous days
    daily_min_days: int = 3  # full days of history before the daily comparison speaks
    daily_ratio: float = 1.5  # today must reach this many times the usual day
    min_share_rise: float = 0.15  # negative share must exceed its baseline by this much
    influencer_reach: int = 10_000  # complaint from an author this large fires on its own
    max_terms: int = 5  # rising terms listed in one signal
    max_keys: int = 200_000  # counted keys kept in memory before the quietest are pruned
    ignore_terms: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        positive = {
            "bucket_seconds": self.bucket_seconds,
            "min_support": self.min_support,
            "threshold": self.threshold,
            "min_ratio": self.min_ratio,
            "daily_min_days": self.daily_min_days,
            "daily_ratio": self.daily_ratio,
            "half_life_seconds": self.half_life_seconds,
            "share_window_seconds": self.share_window_seconds,
            "max_terms": self.max_terms,
            "max_keys": self.max_keys,
        }
        if self.min_support < 2:
            raise ValueError(f"min_support must be at least 2, got {self.min_support}")
        for name, value in positive.items():
            if value <= 0:
                raise ValueError(f"{name} must be positive, got {value}")
        for name, value in {
            "cooldown_seconds": self.cooldown_seconds,
            "group_seconds": self.group_seconds,
            "warmup_seconds": self.warmup_seconds,
            "new_term_history": self.new_term_history,
            "min_share_rise": self.min_share_rise,
            "influencer_reach": self.influencer_reach,
        }.items():
            if value < 0:
                raise ValueError(f"{name} must not be negative, got {value}")
