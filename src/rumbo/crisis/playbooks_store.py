"""Versioned playbooks: admins import their own YAML; until then the shipped one is used."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.context import Context
from rumbo.crisis.models import PlaybookVersion
from rumbo.crisis.playbook import PlaybookSpec, parse_playbook, shipped_playbook_text


def latest_version(session: Session, incident_type: str) -> PlaybookVersion | None:
    return session.scalar(
        select(PlaybookVersion)
        .where(PlaybookVersion.incident_type == incident_type)
        .order_by(PlaybookVersion.version.desc())
        .limit(1)
    )


def versions(session: Session, incident_type: str | None = None) -> list[PlaybookVersion]:
    stmt = select(PlaybookVersion).order_by(
        PlaybookVersion.incident_type, PlaybookVersion.version.desc()
    )
    if incident_type:
        stmt = stmt.where(PlaybookVersion.incident_type == incident_type)
    return list(session.scalars(stmt))


def current_text(session: Session, incident_type: str) -> tuple[str, PlaybookVersion | None]:
    """The YAML in force for ``incident_type`` and its stored version (None: the shipped one)."""
    stored = latest_version(session, incident_type)
    if stored is not None:
        return stored.source_yaml, stored
    return shipped_playbook_text(incident_type), None


def import_playbook(ctx: Context, text: str, *, note: str | None = None) -> PlaybookVersion:
    """Store ``text`` as the next version of its type's playbook, after checking it."""
    ctx.require("incidents.manage")
    spec = parse_playbook(text)
    return _store(ctx, spec, text, note)


def pin_current(ctx: Context, incident_type: str) -> PlaybookVersion:
    """The stored version an incident will follow; the shipped text is stored on first use.

    Storing it means an incident keeps pointing at the exact words it followed, even after a
    later release of Rumbo changes the shipped file.
    """
    text, stored = current_text(ctx.session, incident_type)
    if stored is not None:
        return stored
    return _store(ctx, parse_playbook(text, f"{incident_type}.yaml"), text, "shipped with Rumbo")


def _store(ctx: Context, spec: PlaybookSpec, text: str, note: str | None) -> PlaybookVersion:
    current = ctx.session.scalar(
        select(func.max(PlaybookVersion.version)).where(PlaybookVersion.incident_type == spec.type)
    )
    version = PlaybookVersion(
        incident_type=spec.type,
        version=(current or 0) + 1,
        name=spec.name,
        source_yaml=text,
        note=note[:300] if note else None,
        author_label=ctx.actor.label,
    )
    ctx.session.add(version)
    ctx.session.flush()
    ctx.record(
        "playbook.imported",
        "playbook_version",
        version.id,
        after={"type": spec.type, "version": version.version, "note": version.note},
    )
    return version
