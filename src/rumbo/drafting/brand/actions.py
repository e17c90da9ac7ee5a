"""Every write to the brand voice: saving a voice writes a new version, never overwrites one."""

from __future__ import annotations

from rumbo.context import Context
from rumbo.drafting.brand.models import BrandVoiceRecord, BrandVoiceVersion
from rumbo.drafting.brand.queries import DEFAULT_KEY, get_record
from rumbo.drafting.voice import BrandVoice


def save_voice(
    ctx: Context, voice: BrandVoice, *, note: str | None = None, key: str = DEFAULT_KEY
) -> tuple[BrandVoiceRecord, bool]:
    """Store ``voice`` as the current one; returns the record and whether anything changed.

    Saving the same document again writes no version (imports and the demo are idempotent).
    """
    ctx.require("brand.manage")
    document = voice.model_dump(mode="json")
    record = get_record(ctx.session, key)
    if record is not None and record.document == document:
        return record, False
    before = dict(record.document) if record is not None else None
    if record is None:
        record = BrandVoiceRecord(key=key, name=voice.name, version=1, document=document)
        ctx.session.add(record)
        ctx.session.flush()
    else:
        record.version += 1
        record.name = voice.name
        record.document = document
    ctx.session.add(
        BrandVoiceVersion(
            voice_id=record.id,
            version=record.version,
            document=document,
            author_id=ctx.actor.user_id,
            author_label=ctx.actor.label,
            note=note[:300] if note else None,
        )
    )
    ctx.record(
        "brand_voice.saved",
        "brand_voice",
        record.id,
        before=before,
        after=document,
        payload={"id": record.id, "key": key, "version": record.version, "name": voice.name},
    )
    return record, True
