"""Reading the stored brand voice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from rumbo.drafting.brand.models import BrandVoiceRecord, BrandVoiceVersion
from rumbo.drafting.voice import BrandVoice, voice_from_data

DEFAULT_KEY = "default"


def get_record(session: Session, key: str = DEFAULT_KEY) -> BrandVoiceRecord | None:
    return session.scalar(select(BrandVoiceRecord).where(BrandVoiceRecord.key == key))


def current_voice(session: Session, key: str = DEFAULT_KEY) -> BrandVoice | None:
    """The stored voice, or ``None`` when none has been saved yet."""
    record = get_record(session, key)
    return voice_from_data(record.document) if record is not None else None


def list_versions(session: Session, key: str = DEFAULT_KEY) -> list[BrandVoiceVersion]:
    """The voice's saved versions, newest first (empty when there is no voice)."""
    record = get_record(session, key)
    if record is None:
        return []
    return list(
        session.scalars(
            select(BrandVoiceVersion)
            .where(BrandVoiceVersion.voice_id == record.id)
            .order_by(BrandVoiceVersion.version.desc())
        )
    )


def get_version(session: Session, version: int, key: str = DEFAULT_KEY) -> BrandVoiceVersion | None:
    """One saved version of the voice, or ``None`` when it does not exist."""
    record = get_record(session, key)
    if record is None:
        return None
    return session.scalar(
        select(BrandVoiceVersion).where(
            BrandVoiceVersion.voice_id == record.id, BrandVoiceVersion.version == version
        )
    )
