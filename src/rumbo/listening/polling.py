"""One polling round: every active feed source, then the tickets opened since the last round."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rumbo.context import Actor
from rumbo.listening.schemas import EventRejection, IngestReport

if TYPE_CHECKING:
    from rumbo.app import Rumbo

ACTOR = Actor.system("listening-poll")


def poll_all(app: Rumbo, *, transport: Any = None) -> dict[str, IngestReport]:
    """Reports by source key; a feed that cannot be read is reported, and the others still run."""
    from rumbo.listening import actions, queries
    from rumbo.listening.pipeline import ingest
    from rumbo.listening.sources.connectors import FeedConnector
    from rumbo.listening.sources.tickets import SOURCE, catch_up

    with app.reading() as session:
        feeds = [
            (s.key, s.url) for s in queries.list_sources(session) if s.kind == "rss" and s.active
        ]
    results: dict[str, IngestReport] = {}
    for key, url in feeds:
        connector = FeedConnector(url=url or "", source=key, transport=transport)
        try:
            events = list(connector.fetch())
        except Exception as exc:  # network and parse errors alike: report, go on
            results[key] = IngestReport(
                rejected=[EventRejection(index=0, field="feed", reason=str(exc)[:500])]
            )
            continue
        results[key] = ingest(app, ACTOR, events, default_source=key, force_source=True)
        newest = max((str(e.get("created_at") or "") for e in events), default="")
        with app.unit_of_work(ACTOR) as ctx:
            # Feeds are re-read whole (ids make that harmless); the cursor records how far.
            actions.move_cursor(ctx, key, newest[:300], kind="rss")
    results[SOURCE] = catch_up(app, ACTOR)
    return results
