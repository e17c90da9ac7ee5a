"""Volume forecasts: a seasonal-naive baseline and Holt-Winters, compared by rolling backtest.

Series are regular (one value per hour or per day, oldest first; ``counts_per_step`` turns event
times into one). Holt-Winters here is additive, on ``log1p`` of the counts so a busy hour's swing
and a quiet hour's swing weigh alike, with a damped trend (a surge is not extrapolated for ever);
its three smoothing constants are chosen by one-step-ahead error on the history itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import pairwise, product
from typing import Any

METHODS = ("seasonal_naive", "holt_winters")
_ALPHAS = (0.05, 0.1, 0.2, 0.35, 0.5, 0.7)
_BETAS = (0.0, 0.02, 0.1)
_GAMMAS = (0.05, 0.15, 0.3, 0.5)
_DAMPING = 0.9


def counts_per_step(
    times: Iterable[datetime], step: timedelta, start: datetime | None = None
) -> list[tuple[datetime, float]]:
    """Event times → a regular series of counts per ``step`` (empty steps are zeros)."""
    ordered = sorted(times)
    if not ordered:
        return []
    width = step.total_seconds()
    if width <= 0:
        raise ValueError("step must be positive")
    origin = start or ordered[0]
    first = math.floor(origin.timestamp() / width)
    counts: dict[int, int] = {}
    for moment in ordered:
        index = math.floor(moment.timestamp() / width) - first
        if index >= 0:
            counts[index] = counts.get(index, 0) + 1
    base = datetime.fromtimestamp(first * width, tz=ordered[0].tzinfo)
    return [(base + step * i, float(counts.get(i, 0))) for i in range(max(counts) + 1)]


def forecast(
    series: Sequence[tuple[datetime, float]],
    horizon: int,
    *,
    period: int,
    method: str = "holt_winters",
) -> list[float]:
    """The next ``horizon`` values of a regular series with a cycle of ``period`` steps."""
    values = _validated(series, horizon, period)
    if method == "seasonal_naive":
        return seasonal_naive(values, horizon, period)
    if method == "holt_winters":
        return holt_winters(values, horizon, period)
    raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")


def seasonal_naive(values: Sequence[float], horizon: int, period: int) -> list[float]:
    """Repeat the last full cycle (the last value when there is less than a cycle)."""
    if len(values) < period:
        return [float(values[-1])] * horizon
    cycle = values[-period:]
    return [float(cycle[i % period]) for i in range(horizon)]


def holt_winters(values: Sequence[float], horizon: int, period: int) -> list[float]:
    """Additive damped Holt-Winters on log1p(values), parameters chosen by one-step error."""
    if len(values) < 2 * period:
        return seasonal_naive(values, horizon, period)
    level, trend, season = _fitted(tuple(float(v) for v in values), period)
    out = []
    damp = 0.0
    for h in range(1, horizon + 1):
        damp += _DAMPING**h
        value = level + damp * trend + season[(len(values) + h - 1) % period]
        out.append(max(math.expm1(value), 0.0))
    return out


@lru_cache(maxsize=256)  # a daily series is 56 values, an hourly one 1,344
def _fitted(values: tuple[float, ...], period: int) -> tuple[float, float, tuple[float, ...]]:
    """The final level, trend and seasonal indices of the best parameters for ``values``.

    Remembered: the search over 72 parameter sets is most of a forecast's cost, and the pages
    and questions that forecast ask again about the same closed days until a new day starts.
    """
    logged = [math.log1p(max(v, 0.0)) for v in values]
    best_error, best = math.inf, (_ALPHAS[0], _BETAS[0], _GAMMAS[0])
    for params in product(_ALPHAS, _BETAS, _GAMMAS):
        error = _smooth(logged, period, *params)[0]
        if error < best_error:
            best_error, best = error, params
    _, level, trend, season = _smooth(logged, period, *best)
    return level, trend, tuple(season)


def _smooth(
    y: list[float], period: int, alpha: float, beta: float, gamma: float
) -> tuple[float, float, float, list[float]]:
    """Run the recursions; (sum of squared one-step errors, level, trend, seasonal indices)."""
    first = sum(y[:period]) / period
    second = sum(y[period : 2 * period]) / period
    level, trend = first, (second - first) / period
    season = [y[i] - first for i in range(period)]
    error = 0.0
    for t in range(period, len(y)):
        slot = t % period
        predicted = level + _DAMPING * trend + season[slot]
        residual = y[t] - predicted
        error += residual * residual
        previous = level
        level = alpha * (y[t] - season[slot]) + (1 - alpha) * (previous + _DAMPING * trend)
        trend = beta * (level - previous) + (1 - beta) * _DAMPING * trend
        season[slot] = gamma * (y[t] - level) + (1 - gamma) * season[slot]
    return error, level, trend, season


def backtest(
    series: Sequence[tuple[datetime, float]],
    horizon: int,
    *,
    period: int,
    folds: int = 4,
    methods: Sequence[str] = METHODS,
) -> dict[str, Any]:
    """Rolling-origin backtest: forecast the last ``folds`` windows of ``horizon`` steps from
    what came before each, and report MAE and MAPE (over steps with a non-zero actual) per method.
    """
    values = _validated(series, horizon, period)
    if len(values) < period + horizon * folds:
        raise ValueError(
            f"series too short: {len(values)} steps, need at least {period + horizon * folds} "
            f"(period {period} + {folds} folds of {horizon})"
        )
    report: dict[str, Any] = {"steps": len(values), "horizon": horizon, "period": period}
    report["folds"] = folds
    for method in methods:
        errors: list[float] = []
        relative: list[float] = []
        for fold in range(folds, 0, -1):
            cut = len(values) - fold * horizon
            history = [(series[i][0], values[i]) for i in range(cut)]
            predicted = forecast(history, horizon, period=period, method=method)
            for actual, guess in zip(values[cut : cut + horizon], predicted, strict=True):
                errors.append(abs(actual - guess))
                if actual:
                    relative.append(abs(actual - guess) / abs(actual))
        report[method] = {
            "mae": round(sum(errors) / len(errors), 4),
            "mape": round(100 * sum(relative) / len(relative), 2) if relative else None,
        }
    return report


def _validated(series: Sequence[tuple[datetime, float]], horizon: int, period: int) -> list[float]:
    if horizon < 1:
        raise ValueError("horizon must be at least 1")
    if period < 1:
        raise ValueError("period must be at least 1")
    if not series:
        raise ValueError("series is empty")
    for (earlier, _), (later, _) in pairwise(series):
        if later <= earlier:
            raise ValueError(f"series must be in time order (at {later.isoformat()})")
    return [float(v) for _, v in series]
