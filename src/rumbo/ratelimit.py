"""Rate limits: token buckets keyed by who asks (an address and account, an API client).

The default store keeps buckets in this process, which is right for one machine; the
:class:`BucketStore` protocol lets a shared store (e.g. Redis) plug in for several machines.
"""

from __future__ import annotations

import math
import threading
import time
import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rumbo.errors import RumboError

if TYPE_CHECKING:
    from rumbo.app import Rumbo


class RateLimited(RumboError):
    code = "rate_limited"
    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, fields={"retry_after": str(retry_after)})
        self.retry_after = retry_after

    @property
    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


@dataclass(frozen=True)
class Rule:
    """``capacity`` requests, refilled evenly over ``per_seconds`` (a burst of ``capacity``)."""

    name: str
    capacity: int
    per_seconds: float = 60.0

    @property
    def enabled(self) -> bool:
        return self.capacity > 0


class BucketStore(Protocol):
    def take(self, key: str, rule: Rule, now: float) -> float:
        """Spend one token from ``key``'s bucket; return 0, or the seconds until one is free."""


class MemoryBuckets:
    """Buckets in this process's memory, bounded so a flood of keys cannot exhaust it."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, last refill time)
        self._lock = threading.Lock()
        self._max_keys = max_keys

    def take(self, key: str, rule: Rule, now: float) -> float:
        rate = rule.capacity / rule.per_seconds
        with self._lock:
            tokens, last = self._buckets.get(key, (float(rule.capacity), now))
            tokens = min(float(rule.capacity), tokens + (now - last) * rate)
            if tokens >= 1.0:
                self._remember(key, (tokens - 1.0, now))
                return 0.0
            self._remember(key, (tokens, now))
            return (1.0 - tokens) / rate

    def _remember(self, key: str, state: tuple[float, float]) -> None:
        if key not in self._buckets and len(self._buckets) >= self._max_keys:
            # Dropping the oldest entries only ever gives someone a fresh bucket: safe to forget.
            for old in list(self._buckets)[: self._max_keys // 10]:
                del self._buckets[old]
        self._buckets[key] = state


class RateLimiter:
    def __init__(self, store: BucketStore | None = None) -> None:
        self.store: BucketStore = store or MemoryBuckets()

    def check(self, rule: Rule, *parts: str, message: str | None = None) -> None:
        """Count one request for ``parts`` under ``rule``; raise :class:`RateLimited` if over."""
        if not rule.enabled:
            return
        key = rule.name + "\x1f" + "\x1f".join(parts)
        wait = self.store.take(key, rule, time.monotonic())
        if wait > 0:
            seconds = max(1, math.ceil(wait))
            raise RateLimited(
                message or f"Too many requests; try again in {seconds} seconds.", seconds
            )


def sign_in_rule(app: Rumbo) -> Rule:
    return Rule("sign-in", app.settings.rate_limit_sign_in)


def assistant_rule(app: Rumbo) -> Rule:
    return Rule("assistant", app.settings.rate_limit_assistant)


_limiters: weakref.WeakKeyDictionary[Rumbo, RateLimiter] = weakref.WeakKeyDictionary()


def limiter_for(app: Rumbo) -> RateLimiter:
    """The application's limiter (one per running Rumbo, created on first use)."""
    limiter = _limiters.get(app)
    if limiter is None:
        limiter = _limiters[app] = RateLimiter()
    return limiter


def use_store(app: Rumbo, store: BucketStore) -> None:
    """Make ``app`` count requests in ``store`` (e.g. one shared by several machines)."""
    _limiters[app] = RateLimiter(store)
