"""The ingestion path every source shares: parse → enrich → store → detect → alert → notify.

Each batch is one transaction: the new mentions, their term counters and the alerts they raise
commit together, and only then is the batch reported as accepted, so an accepted event survives
a crash. Storage is ``INSERT … ON CONFLICT DO NOTHING`` on ``(source, external_id)``; only rows
actually inserted are counted and shown to the detector, so re-sending or resuming an import
changes nothing.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from rumbo.listening import hotpath
from rumbo.listening.runtime import Listener, listener_for
from rumbo.listening.schemas import EventRejection, IngestReport
from rumbo.listening.sources.parse import MentionDraft, Rejected, parse_event
from rumbo.listening.store import count_terms, insert_mentions

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.context import Actor, Context
    from rumbo.listening.detect import Signal

BATCH_SIZE = 2000
ProgressFn = Callable[[int], None]


@dataclass
class BatchOutcome:
    """What one stored batch produced, for the report and for the notifications after commit."""

    accepted: int = 0
    duplicates: int = 0
    alert_ids: list[int] = field(default_factory=list)
    to_notify: list[int] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)


def parse_all(
    raw_events: Iterable[Any], default_source: str, *, force_source: bool = False, start: int = 0
) -> tuple[list[MentionDraft], list[EventRejection]]:
    drafts: list[MentionDraft] = []
    rejected: list[EventRejection] = []
    with _collect_cycles_after():
        for index, raw in enumerate(raw_events, start):
            try:
                drafts.append(parse_event(raw, default_source, force_source=force_source))
            except Rejected as exc:
                ident = raw.get("id") if isinstance(raw, dict) else None
                rejected.append(
                    EventRejection(
                        index=index,
                        id=None if ident is None else str(ident)[:200],
                        field=exc.field,
                        reason=exc.reason,
                    )
                )
    return drafts, rejected


def ingest(
    app: Rumbo,
    actor: Actor,
    raw_events: Iterable[Any],
    *,
    default_source: str,
    force_source: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: ProgressFn | None = None,
    notify: bool = True,
) -> IngestReport:
    """Take a stream of raw events in batches; each batch commits before the next starts."""
    report = IngestReport()
    chunk: list[Any] = []
    offset = 0

    def flush() -> None:
        nonlocal offset
        drafts, rejected = parse_all(chunk, default_source, force_source=force_source, start=offset)
        report.received += len(chunk)
        report.rejected.extend(rejected)
        offset += len(chunk)
        chunk.clear()
        if drafts:
            outcome = store_batch(app, actor, drafts, notify=notify)
            report.accepted += outcome.accepted
            report.duplicates += outcome.duplicates
            report.alerts.extend(a for a in outcome.alert_ids if a not in report.alerts)
        if progress:
            progress(report.received)

    for raw in raw_events:
        chunk.append(raw)
        if len(chunk) >= batch_size:
            flush()
    if chunk:
        flush()
    return report


def store_batch(
    app: Rumbo, actor: Actor, drafts: Sequence[MentionDraft], *, notify: bool = True
) -> BatchOutcome:
    """Store, count, detect and alert for one batch in one transaction; then notify.

    The detector's memory moves on before the commit: if the commit fails, the batch is
    reported as an error and re-sending it stores it, though the detector has already seen it.
    """
    listener = listener_for(app)
    with _collect_cycles_after(), listener.lock, app.unit_of_work(actor) as ctx:
        outcome = process(ctx, listener, drafts)
    if notify and outcome.to_notify:
        from rumbo.listening.notify.dispatch import dispatch

        dispatch(app, outcome.to_notify)
    return outcome


@contextmanager
def _collect_cycles_after() -> Iterator[None]:
    """Pause the cyclic garbage collector for one batch.

    A batch allocates hundreds of thousands of short-lived tuples and records, and each few
    hundred of them made the collector walk the detector's long-lived counters again: an eighth
    of ingestion time. Reference counting still frees all of them at once; only cycles wait for
    the end of the batch. A thread that finds the collector already paused leaves it to whoever
    paused it.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def process(ctx: Context, listener: Listener, drafts: Sequence[MentionDraft]) -> BatchOutcome:
    """The body of one batch, inside the caller's transaction (the caller holds the lock)."""
    from rumbo.listening import alerting

    ctx.require("listening.ingest")
    listener.prime(ctx.session)
    unique: dict[tuple[str, str], MentionDraft] = {}
    for draft in drafts:
        unique.setdefault((draft.source, draft.external_id), draft)
    ordered = sorted(unique.values(), key=lambda d: d.created_at)
    enricher = listener.enricher_for(ctx.session)
    enrichments = enricher.enrich_many(
        [d.text for d in ordered], [d.language_hint for d in ordered]
    )
    people = _match_people(ctx, ordered)
    inserted = insert_mentions(ctx, ordered, enrichments, people)
    outcome = BatchOutcome(accepted=len(inserted), duplicates=len(drafts) - len(inserted))
    if not inserted:
        return outcome
    new = hotpath.pick_new(ordered, enrichments, inserted)
    count_terms(ctx, new)
    samples, observations = hotpath.observations(new)
    listener.remember_many(samples)
    signals = listener.engine.observe_many(observations)
    signals.extend(alerting.keyword_signals(ctx, listener, new))
    outcome.signals = signals
    if signals:
        raised = alerting.raise_alerts(ctx, listener, signals)
        outcome.alert_ids = [r.alert_id for r in raised]
        outcome.to_notify = [r.alert_id for r in raised if r.notify]
    ctx.record(
        "mention.batch_ingested",
        "mention",
        None,
        after={"accepted": outcome.accepted, "duplicates": outcome.duplicates},
        payload={"accepted": outcome.accepted, "alerts": outcome.alert_ids},
    )
    return outcome


def _match_people(
    ctx: Context, drafts: Sequence[MentionDraft]
) -> dict[str, tuple[int, int | None]]:
    """Author handle or email → (contact, company), one query per kind for the whole batch."""
    from rumbo.crm.models import Contact, ContactEmail, SocialHandle

    found: dict[str, tuple[int, int | None]] = {}
    handles = {d.author.lower() for d in drafts if d.author}
    emails = {d.email for d in drafts if d.email}
    for chunk in _chunks(sorted(handles), 500):
        rows = ctx.session.execute(
            select(func.lower(SocialHandle.handle), Contact.id, Contact.company_id)
            .join(Contact, Contact.id == SocialHandle.contact_id)
            .where(func.lower(SocialHandle.handle).in_(chunk))
        )
        for handle, contact_id, company_id in rows:
            found[f"@{handle}"] = (contact_id, company_id)
    for chunk in _chunks(sorted(emails), 500):
        rows = ctx.session.execute(
            select(ContactEmail.email, Contact.id, Contact.company_id)
            .join(Contact, Contact.id == ContactEmail.contact_id)
            .where(ContactEmail.email.in_(chunk))
        )
        for email, contact_id, company_id in rows:
            found[email] = (contact_id, company_id)
    return found


def _chunks(items: Sequence[str], size: int) -> Iterable[Sequence[str]]:
    return (items[i : i + size] for i in range(0, len(items), size))
