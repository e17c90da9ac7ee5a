"""Replaying a recorded stream through the real pipeline on a fresh, temporary store.

The file's events are put in event-time order and fed as fast as possible, in batches, to the
same code the webhook and imports use; the alerts raised are read back from that store. Nothing
is told where the bursts are.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rumbo.listening.schemas import EventRejection
from rumbo.listening.sources.parse import MentionDraft, Rejected, parse_event

ProgressFn = Callable[[int, int], None]
BATCH = 2000


@dataclass
class ReplayResult:
    alerts: list[dict[str, Any]]
    events: int
    rejected: list[EventRejection] = field(default_factory=list)
    seconds: float = 0.0


def iso_utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def load_stream(path: Path) -> tuple[list[MentionDraft], list[EventRejection]]:
    from rumbo.listening.sources.files import read_events

    drafts: list[MentionDraft] = []
    rejected: list[EventRejection] = []
    for index, raw in enumerate(read_events(path)):
        try:
            drafts.append(parse_event(raw, "replay"))
        except Rejected as exc:
            rejected.append(EventRejection(index=index, field=exc.field, reason=exc.reason))
    drafts.sort(key=lambda d: d.created_at)  # stable: equal times keep file order
    return drafts, rejected


def replay(path: Path, *, progress: ProgressFn | None = None) -> ReplayResult:
    import time

    from sqlalchemy import select

    from rumbo import storage
    from rumbo.app import Rumbo
    from rumbo.context import Actor
    from rumbo.listening.models import Alert
    from rumbo.listening.pipeline import store_batch
    from rumbo.settings import Settings

    began = time.perf_counter()
    drafts, rejected = load_stream(path)
    with tempfile.TemporaryDirectory(prefix="rumbo-replay-") as folder:
        settings = Settings(
            database_url=f"sqlite:///{Path(folder) / 'replay.db'}",
            secret_key="replay-" + "x" * 24,
            load_plugins=False,
        )
        app = Rumbo(settings)
        try:
            storage.upgrade(app.engine)
            actor = Actor.system("replay")
            for start in range(0, len(drafts), BATCH):
                store_batch(app, actor, drafts[start : start + BATCH])
                if progress:
                    progress(min(start + BATCH, len(drafts)), len(drafts))
            with app.reading() as session:
                alerts = session.scalars(select(Alert).order_by(Alert.fired_at, Alert.id)).all()
                shown = [
                    {
                        "at": iso_utc(a.fired_at),
                        "terms": list(a.terms),
                        "severity": a.severity,
                        "explanation": a.explanation,
                    }
                    for a in alerts
                ]
        finally:
            app.dispose()
    return ReplayResult(shown, len(drafts), rejected, round(time.perf_counter() - began, 2))
