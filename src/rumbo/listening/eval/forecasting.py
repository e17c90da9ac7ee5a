"""Backtesting the volume forecasts on time-stamped real sets (post counts per hour or day)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rumbo.errors import ValidationFailed
from rumbo.textfiles import csv_file_rows

Progress = Callable[[int, int], None]
_STEPS = {"hour": (timedelta(hours=1), 24), "day": (timedelta(days=1), 7)}


def _times(path: Path) -> dict[str, list[datetime]]:
    """Post times of a CSV, as one series, plus one per brand when the file names brands."""
    series: dict[str, list[datetime]] = {}
    for row in csv_file_rows(path):
        value = row.get("created_at_utc") or row.get("created_at")
        if not value:
            continue
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
        series.setdefault(path.stem, []).append(moment)
        brand = row.get("airline") or row.get("brand")
        if brand:
            series.setdefault(f"{path.stem}:{brand}", []).append(moment)
    return series


def _sources(paths: Sequence[Path]) -> list[tuple[str, Path]]:
    found: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_file():
            found.append((path.stem, path))
        elif (path / "timeline.csv").is_file():
            found.append((path.name, path / "timeline.csv"))
        elif path.is_dir():
            found.extend((p.parent.name, p) for p in sorted(path.glob("*/timeline.csv")))
    if not found:
        raise ValidationFailed("paths: no CSV file or timeline.csv found")
    return found


def evaluate_forecast(
    paths: Sequence[Path],
    step: str = "hour",
    horizon: int = 24,
    folds: int = 3,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Seasonal-naive vs Holt-Winters, rolling-origin MAE/MAPE, on every series found."""
    from rumbo.listening.forecast import backtest, counts_per_step

    if step not in _STEPS:
        raise ValidationFailed(f"step: must be one of {', '.join(_STEPS)}, got {step!r}")
    width, period = _STEPS[step]
    sources = _sources(paths)
    report: dict[str, Any] = {}
    for done, (name, path) in enumerate(sources, start=1):
        for label, times in _times(path).items():
            key = label if label != path.stem else name
            series = counts_per_step(times, width)
            try:
                report[key] = backtest(series, horizon, period=period, folds=folds)
            except ValueError as exc:
                report[key] = {"steps": len(series), "skipped": str(exc)}
        if progress is not None:
            progress(done, len(sources))
    scored = [r for r in report.values() if "holt_winters" in r]
    better = sum(1 for r in scored if r["holt_winters"]["mae"] < r["seasonal_naive"]["mae"])
    summary: dict[str, Any] = {"series": len(report), "backtested": len(scored)}
    if scored:
        for method in ("seasonal_naive", "holt_winters"):
            summary[f"{method}_mean_mae"] = round(
                sum(r[method]["mae"] for r in scored) / len(scored), 3
            )
        summary["holt_winters_better"] = better
    return {"step": step, "horizon": horizon, "folds": folds, "series": report, "summary": summary}
