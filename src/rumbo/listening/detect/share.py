"""Rising share of negative posts, overall and per topic, over a longer window than bursts.

Volume can stay flat while the mood turns, so this watch compares the negative share of the current
window with the share its history makes normal (a volume-weighted EWMA) using a binomial z-test,
and asks for a minimum rise in share points so a big stream does not fire on a trivial shift.
"""

from __future__ import annotations

import math

from rumbo.listening.detect.types import TOPIC_PREFIX, VOLUME, DetectorConfig, Observation, Signal

_HALF_LIFE_WINDOWS = 24.0
_MIN_HISTORY = 3  # windows with posts before the share baseline is trusted


class _Share:
    __slots__ = (
        "history",
        "last_fire",
        "neg",
        "neg_rate",
        "pos",
        "samples",
        "total",
        "total_rate",
        "window",
    )

    def __init__(self, window: int) -> None:
        self.window = window
        self.neg = 0
        self.pos = 0
        self.total = 0
        self.neg_rate = 0.0  # EWMA of negatives per window
        self.total_rate = 0.0  # EWMA of posts per window
        self.history = 0
        self.last_fire = -(10**12)
        self.samples: list[str] = []


class ShareWatch:
    """Per key (``*`` and each topic): negatives / posts in the window against the usual share."""

    def __init__(self, config: DetectorConfig) -> None:
        self.config = config
        self._alpha: float = 1.0 - 0.5 ** (1.0 / _HALF_LIFE_WINDOWS)  # (** is Any to mypy)
        self._cooldown = max(1, math.ceil(config.cooldown_seconds / config.share_window_seconds))
        self._shares: dict[str, _Share] = {}

    def observe(self, obs: Observation, ts: float) -> list[Signal]:
        window = int(ts // self.config.share_window_seconds)
        negative = obs.sentiment == "negative"
        signals: list[Signal] = []
        for key in (VOLUME, None if obs.topic is None else TOPIC_PREFIX + obs.topic):
            if key is None:
                continue
            share = self._shares.get(key)
            if share is None:
                share = self._shares[key] = _Share(window)
            elif window > share.window:
                self._roll(share, window)
            share.total += 1
            share.pos += obs.sentiment == "positive"
            if negative:
                share.neg += 1
                if len(share.samples) < 3:
                    share.samples.append(obs.key)
                signal = self._test(key, share, window, obs)
                if signal is not None:
                    signals.append(signal)
        return signals

    def _roll(self, share: _Share, window: int) -> None:
        if share.total:
            share.history += 1
        rate = max(self._alpha, 1.0 / share.history) if share.history else self._alpha
        share.neg_rate += rate * (share.neg - share.neg_rate)
        share.total_rate += rate * (share.total - share.total_rate)
        share.window = window
        share.neg = share.pos = share.total = 0
        share.samples = []

    def _test(self, key: str, share: _Share, window: int, obs: Observation) -> Signal | None:
        cfg = self.config
        if share.neg < cfg.min_support or share.history < _MIN_HISTORY:
            return None
        if share.total_rate <= 0 or window - share.last_fire < self._cooldown:
            return None
        usual = min(max(share.neg_rate / share.total_rate, 0.02), 0.98)
        now = share.neg / share.total
        if now < usual + cfg.min_share_rise:
            return None
        z = (share.neg - share.total * usual) / math.sqrt(share.total * usual * (1.0 - usual))
        if z < cfg.threshold:
            return None
        share.last_fire = window
        excess = z / cfg.threshold
        severity = "critical" if excess >= 4 else "high" if excess >= 2 else "medium"
        return Signal(
            kind="negative_share",
            at=obs.at,
            terms=(key,),
            severity=severity if now - usual >= 0.3 else "low",
            score=round(z, 3),
            counts={key: (share.neg, round(share.total * usual, 3))},
            samples=tuple(share.samples),
            sentiment={
                "negative": share.neg,
                "neutral": share.total - share.neg - share.pos,
                "positive": share.pos,
            },
        )
