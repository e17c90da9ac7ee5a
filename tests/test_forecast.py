"""Volume forecasts: the seasonal baseline, Holt-Winters, and the backtest that compares them."""

from __future__ import annotations

import csv
import json
import math
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumbo.cli.main import cli
from rumbo.listening.forecast import (
    _fitted,
    backtest,
    counts_per_step,
    forecast,
    seasonal_naive,
)

START = datetime(2026, 1, 5, tzinfo=UTC)


def hourly(values: list[float]) -> list[tuple[datetime, float]]:
    return [(START + timedelta(hours=i), v) for i, v in enumerate(values)]


def noisy_daily(days: int, seed: int = 1) -> list[float]:
    rng = random.Random(seed)
    return [
        max(0.0, 40 + 25 * math.sin(2 * math.pi * h / 24) + rng.gauss(0, 6))
        for h in range(days * 24)
    ]


def test_seasonal_naive_repeats_the_last_cycle() -> None:
    assert seasonal_naive([1, 2, 3, 4, 5, 6], horizon=5, period=3) == [4, 5, 6, 4, 5]
    assert seasonal_naive([7], horizon=2, period=24) == [7, 7]


def test_holt_winters_follows_the_daily_shape() -> None:
    series = hourly(noisy_daily(14))
    predicted = forecast(series, 24, period=24)
    assert len(predicted) == 24
    assert all(value >= 0 for value in predicted)
    # Busiest around hour 6 of the cycle, quietest around hour 18.
    assert predicted[6] > 2 * predicted[18]


def test_holt_winters_beats_the_naive_baseline_on_noisy_seasonal_volume() -> None:
    report = backtest(hourly(noisy_daily(21)), 24, period=24, folds=4)
    assert report["holt_winters"]["mae"] < report["seasonal_naive"]["mae"]
    assert report["seasonal_naive"]["mape"] > 0


def test_the_same_history_is_fitted_once_and_forecast_alike() -> None:
    """Pages and questions ask again about the same closed days: the parameter search runs once
    per history, and a longer horizon extends the same fit."""
    series = hourly(noisy_daily(9, seed=5))
    before = _fitted.cache_info()
    week = forecast(series, 24, period=24)
    again = forecast(series, 48, period=24)
    after = _fitted.cache_info()
    assert again[:24] == week
    assert (after.misses - before.misses, after.hits - before.hits) == (1, 1)
    changed = [*series[:-1], (series[-1][0], series[-1][1] + 30.0)]
    assert forecast(changed, 24, period=24) != week  # a new count is a new history


def test_counts_per_step_fills_silent_steps_with_zeros() -> None:
    times = [START, START + timedelta(minutes=10), START + timedelta(hours=3, minutes=5)]
    series = counts_per_step(times, timedelta(hours=1))
    assert [v for _, v in series] == [2.0, 0.0, 0.0, 1.0]
    assert series[3][0] == START + timedelta(hours=3)


def test_bad_series_are_refused_with_the_reason() -> None:
    with pytest.raises(ValueError, match="time order"):
        forecast(list(reversed(hourly([1, 2, 3]))), 2, period=2)
    with pytest.raises(ValueError, match="horizon"):
        forecast(hourly([1, 2]), 0, period=2)
    with pytest.raises(ValueError, match="method"):
        forecast(hourly([1, 2]), 1, period=2, method="prophet")
    with pytest.raises(ValueError, match="too short"):
        backtest(hourly([1.0] * 30), 24, period=24, folds=3)


def test_cli_backtests_a_time_stamped_csv(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    rng = random.Random(4)
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["created_at_utc", "brand"])
        for hour, count in enumerate(noisy_daily(10)):
            for _ in range(round(count / 4)):
                moment = START + timedelta(hours=hour, minutes=rng.randrange(60))
                writer.writerow([moment.isoformat().replace("+00:00", "Z"), "acme"])
    result = CliRunner().invoke(cli, ["eval", "forecast", str(path), "--json", "--folds", "2"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["series"]) == {"posts", "posts:acme"}
    assert report["summary"]["backtested"] == 2
    for method in ("seasonal_naive", "holt_winters"):
        assert report["series"]["posts"][method]["mae"] >= 0


def test_cli_names_the_bad_step(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    path.write_text("created_at_utc\n2026-01-05T00:00:00Z\n")
    result = CliRunner().invoke(cli, ["eval", "forecast", str(path), "--step", "week"])
    assert result.exit_code == 2
    assert "step" in result.output
