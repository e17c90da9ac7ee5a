"""The per-event loops of an ingestion batch, apart from the database and compiled by mypyc.

``pipeline`` and ``store`` hold the transaction and the SQL; what runs once per event between
them (the row of each mention, the choice of the rows that were new, the day counters of each
term, the detector's observations) lives here, where it imports nothing but the standard
library and the other compiled modules, so setup.py can turn it into C.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rumbo.listening.detect.types import Observation
from rumbo.listening.enrich.engine import Enrichment
from rumbo.listening.sources.parse import MentionDraft

DayCounters = tuple[Counter[str], Counter[str], Counter[str]]


@dataclass(slots=True)
class Sample:
    """A recent post as the alert explanation quotes it."""

    key: str
    text: str
    author: str | None
    at: dt.datetime
    sentiment: str
    terms: tuple[str, ...] = ()

    # Written out, and not frozen, so that mypyc builds it in C (see detect.types.Observation).
    def __init__(
        self,
        key: str,
        text: str,
        author: str | None,
        at: dt.datetime,
        sentiment: str,
        terms: tuple[str, ...] = (),
    ) -> None:
        self.key = key
        self.text = text
        self.author = author
        self.at = at
        self.sentiment = sentiment
        self.terms = terms


def mention_rows(
    drafts: Sequence[MentionDraft],
    enrichments: Sequence[Enrichment],
    people: dict[str, tuple[int, int | None]],
    when: Callable[[dt.datetime], Any],
    received: Any,
    encode: Callable[[list[str]], str],
) -> list[tuple[Any, ...]]:
    """One tuple per mention in ``store.MENTION_COLUMNS`` order; ``when`` binds a datetime and
    ``encode`` the terms' JSON (repeated posts share theirs)."""
    rows: list[tuple[Any, ...]] = []
    encoded: dict[tuple[str, ...], str] = {}
    for d, e in zip(drafts, enrichments, strict=True):
        terms = encoded.get(e.terms)
        if terms is None:
            terms = encoded[e.terms] = encode(list(e.terms))
        person = people.get(d.email or "") or people.get("@" + (d.author or "").lower())
        rows.append(
            (
                d.source,
                d.external_id,
                d.author,
                d.audience,
                d.url,
                d.text,
                e.language,
                when(d.created_at),
                received,
                person[0] if person else None,
                person[1] if person else None,
                e.sentiment,
                e.sentiment_score,
                e.complaint,
                e.complaint_score,
                e.topic,
                terms,
            )
        )
    return rows


def pick_new(
    drafts: Sequence[MentionDraft],
    enrichments: Sequence[Enrichment],
    inserted: set[tuple[str, str]],
) -> list[tuple[MentionDraft, Enrichment]]:
    """The drafts whose ``(source, external_id)`` the insert reported as new, with their
    enrichment."""
    return [
        (d, e)
        for d, e in zip(drafts, enrichments, strict=True)
        if (d.source, d.external_id) in inserted
    ]


def day_counters(new: Sequence[tuple[MentionDraft, Enrichment]]) -> dict[dt.datetime, DayCounters]:
    """Per UTC day of the batch: mentions, negative mentions and complaints per term (a post
    counts once per term; its topic counts as ``topic:<name>``)."""
    # Each day's terms are gathered into flat lists and counted once, in C: a post's terms are
    # already distinct (the enricher keeps the first of each).
    lists: dict[dt.datetime, tuple[list[str], list[str], list[str]]] = {}
    # Each day's midnight is worked out once (replace() with keywords is a slow call); a
    # draft's time is in UTC, so its date is its UTC day.
    midnights: dict[dt.date, dt.datetime] = {}
    for draft, enrichment in new:
        at = draft.created_at
        date = at.date()
        day = midnights.get(date)
        if day is None:
            day = midnights[date] = at.replace(hour=0, minute=0, second=0, microsecond=0)
        gathered = lists.get(day)
        if gathered is None:
            gathered = lists[day] = ([], [], [])
        terms = enrichment.terms
        topic = enrichment.topic
        everything, negative, complaints = gathered
        everything.extend(terms)
        if topic:
            everything.append("topic:" + topic)
        if enrichment.sentiment == "negative":
            negative.extend(terms)
            if topic:
                negative.append("topic:" + topic)
        if enrichment.complaint:
            complaints.extend(terms)
            if topic:
                complaints.append("topic:" + topic)
    return {
        day: (Counter(everything), Counter(negative), Counter(complaints))
        for day, (everything, negative, complaints) in lists.items()
    }


def sqlite_utc(value: dt.datetime) -> str:
    """A timezone-aware time as SQLite's DATETIME column stores it in UTC (the text
    ``db.UTCDateTime`` binds, in one call instead of two conversions)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; Rumbo stores timezone-aware datetimes only")
    return value.astimezone(dt.UTC).isoformat(" ", "microseconds")[:26]


def count_rows(
    days: dict[dt.datetime, DayCounters], bucket_of: Callable[[dt.datetime], Any]
) -> list[tuple[Any, ...]]:
    """The rows of ``store.COUNT_UPSERT_*``, by day and then term: one order for every writer,
    so concurrent batches never wait on each other's rows in opposite orders."""
    rows: list[tuple[Any, ...]] = []
    for day in sorted(days):
        bucket = bucket_of(day)
        mentions, negative, complaints = days[day]
        for term, count in sorted(mentions.items()):
            rows.append((bucket, term[:200], count, negative.get(term, 0), complaints.get(term, 0)))
    return rows


def observations(
    new: Sequence[tuple[MentionDraft, Enrichment]],
) -> tuple[list[Sample], list[Observation]]:
    """What the detector counts of each new mention, and the sample it may quote."""
    samples: list[Sample] = []
    observed: list[Observation] = []
    for draft, enrichment in new:
        key = draft.key
        topic = enrichment.topic
        terms = enrichment.terms
        samples.append(
            Sample(
                key,
                draft.text,
                draft.author,
                draft.created_at,
                enrichment.sentiment,
                ("topic:" + topic, *terms) if topic else terms,
            )
        )
        observed.append(
            Observation(
                at=draft.created_at,
                key=key,
                terms=terms,
                topic=topic,
                sentiment=enrichment.sentiment,
                complaint=enrichment.complaint,
                reach=draft.audience,
                author=draft.author,
            )
        )
    return samples, observed
