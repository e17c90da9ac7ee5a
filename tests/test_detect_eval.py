"""``rumbo eval onsets``: lag of the first signal behind a known onset, and the false alarms."""

from __future__ import annotations

import csv
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

from typer.testing import CliRunner

from rumbo.cli.main import cli
from rumbo.listening.eval.onsets import daily_onset, hourly_onset, score_signals

START = datetime(2026, 2, 1, tzinfo=UTC)
ONSET = START + timedelta(days=2, hours=9, minutes=20)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def write_event(folder: Path, seed: int) -> None:
    """Two quiet days (about one post a minute), then the event: twenty a minute for two hours."""
    rng = random.Random(seed)
    times, t = [], START
    while t < ONSET + timedelta(hours=2):
        rate = 1.0 if t < ONSET else 20.0
        t += timedelta(seconds=rng.expovariate(rate / 60))
        times.append(t)
    folder.mkdir(parents=True)
    with (folder / "timeline.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["created_at_utc", "tweet_id", "included"])
        writer.writerows([iso(moment), i, "Y"] for i, moment in enumerate(times))


def test_onsets_of_timelines_are_found_quickly_without_false_alarms(tmp_path: Path) -> None:
    write_event(tmp_path / "events" / "2026_Flood", seed=1)
    write_event(tmp_path / "events" / "2026_Outage", seed=2)
    result = CliRunner().invoke(cli, ["eval", "onsets", str(tmp_path / "events"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert set(report["events"]) == {"2026_Flood", "2026_Outage"}
    for event in report["events"].values():
        assert event["detected"]
        assert 0 <= event["lag_minutes"] <= 15
        assert event["false_alarms_before"] == 0
    assert report["summary"]["detected"] == 2


def test_posts_are_split_by_brand_and_scored_on_negative_volume(tmp_path: Path) -> None:
    rng = random.Random(3)
    path = tmp_path / "mentions.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["created_at_utc", "airline", "airline_sentiment", "text"])
        for day in range(6):
            angry = day >= 4
            for i in range(60 if angry else 30):
                at = START + timedelta(days=day, minutes=rng.randrange(1440))
                bad = i % 2 if angry else i % 5 == 0
                text = "vuelo cancelado otra vez, pésimo" if bad else "buen vuelo"
                label = "negative" if "cancelado" in text else "positive"
                writer.writerow([iso(at), "Aerolinea", label, text])
    result = CliRunner().invoke(cli, ["eval", "onsets", str(path), "--json"])
    assert result.exit_code == 0, result.output
    stream = json.loads(result.stdout)["streams"]["Aerolinea"]
    assert stream["onset"].startswith(iso(START + timedelta(days=4))[:10])
    assert stream["posts"] == 30 * 4 + 60 * 2


def test_reference_onsets_and_scoring() -> None:
    times = [START + timedelta(minutes=m) for m in range(0, 600, 30)]
    times += [START + timedelta(hours=10, seconds=s) for s in range(0, 3600, 60)]
    assert hourly_onset(times) == START + timedelta(hours=10)
    assert hourly_onset([*times, START + timedelta(hours=10, minutes=30)]) == START + timedelta(
        hours=10
    )
    assert daily_onset([START]) is None
    scored = score_signals(
        START + timedelta(hours=10),
        [START + timedelta(hours=2), START + timedelta(hours=10, minutes=4)],
        START,
    )
    assert scored["false_alarms_before"] == 1
    assert scored["lag_minutes"] == 4.0


def test_a_missing_layout_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "onsets", str(tmp_path)])
    assert result.exit_code == 2
    assert "timeline.csv" in result.output
