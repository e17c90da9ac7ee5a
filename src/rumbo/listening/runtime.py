"""The listening state one running Rumbo keeps in memory: enricher, detector and recent events.

Detection is streaming, so its counters live in the process. They belong to the application
object (one per app, dropped with it); on first use they are primed from the mentions already
stored, so a restart does not forget the normal level of conversation.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict, deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from rumbo.listening.hotpath import Sample

__all__ = ["Listener", "Sample", "listener_for"]

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.app import Rumbo
    from rumbo.listening.detect import DetectorConfig, Engine
    from rumbo.listening.enrich import Enricher

# How much stored history primes a fresh detector, and at most how many mentions of it.
PRIME_DAYS = 14
PRIME_LIMIT = 100_000
# Recent events kept to quote as sample posts without going back to the store.
RECENT_SAMPLES = 20_000


class Listener:
    """Enricher, detector engine, keyword-rule windows and a ring of recent posts."""

    def __init__(self, config: DetectorConfig | None = None) -> None:
        from rumbo.listening.detect import Engine

        self.engine: Engine = Engine(config)
        self.enricher: Enricher | None = None
        self.recent: OrderedDict[str, Sample] = OrderedDict()
        self.keyword_hits: dict[int, deque[dt.datetime]] = {}
        self.keyword_fired: dict[int, dt.datetime] = {}
        self.lock = threading.Lock()
        self.primed = False

    def enricher_for(self, session: Session) -> Enricher:
        if self.enricher is None:
            from rumbo.crm.models import Product
            from rumbo.listening.enrich import Enricher

            names: list[str] = []
            for name, aliases in session.execute(select(Product.name, Product.aliases)):
                names.append(name)
                names.extend(str(a) for a in aliases or ())
            self.enricher = Enricher(products=names)
        return self.enricher

    def remember_many(self, samples: Iterable[Sample]) -> None:
        recent = self.recent
        for sample in samples:
            recent[sample.key] = sample
        while len(recent) > RECENT_SAMPLES:
            recent.popitem(last=False)

    def prime(self, session: Session) -> None:
        """Feed the detector the stored recent history once; its signals are old news."""
        if self.primed:
            return
        self.primed = True
        from sqlalchemy import func

        from rumbo.listening.detect import Observation
        from rumbo.listening.models import Mention

        newest = session.scalar(select(func.max(Mention.created_at)))
        if newest is None:
            return
        since = newest - dt.timedelta(days=PRIME_DAYS)
        rows = session.execute(
            select(
                Mention.source,
                Mention.external_id,
                Mention.created_at,
                Mention.terms,
                Mention.topic,
                Mention.sentiment,
                Mention.complaint,
                Mention.author_audience,
                Mention.author,
            )
            .where(Mention.created_at >= since)
            .order_by(Mention.created_at.desc())
            .limit(PRIME_LIMIT)
        ).all()
        history = [
            Observation(
                at=r.created_at,
                key=f"{r.source}:{r.external_id}",
                terms=tuple(r.terms or ()),
                topic=r.topic,
                sentiment=r.sentiment,
                complaint=r.complaint,
                reach=r.author_audience,
                author=r.author,
            )
            for r in reversed(rows)
        ]
        self.engine.observe_many(history)


_listeners: weakref.WeakKeyDictionary[Rumbo, Listener] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def listener_for(app: Rumbo) -> Listener:
    """The listener of ``app``, created on first use."""
    with _guard:
        listener = _listeners.get(app)
        if listener is None:
            listener = _listeners[app] = Listener()
        return listener
