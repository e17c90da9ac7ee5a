"""The unit of work every action runs in: one session, one actor, one transaction.

Actions never commit: the interface that opened the unit of work commits once at the end, so a
change, its audit entry and its domain event land together or not at all. Events are delivered to
in-process subscribers only after the commit succeeded.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from rumbo.audit.models import AuditEntry, DomainEvent
from rumbo.errors import PermissionDenied

if TYPE_CHECKING:
    from rumbo.app import Rumbo


@dataclass(frozen=True)
class Actor:
    """Who performs an action: a signed-in user, a token's owner, or the system itself."""

    label: str
    role: str
    user_id: int | None = None

    @classmethod
    def system(cls, label: str = "system") -> Actor:
        return cls(label=label, role="system")


@dataclass
class Context:
    session: Session
    actor: Actor
    app: Rumbo
    pending_events: list[DomainEvent] = field(default_factory=list)

    def require(self, permission: str) -> None:
        """Raise :class:`PermissionDenied` unless the actor's role grants ``permission``."""
        from rumbo.accounts.access import role_allows

        if not role_allows(self.actor.role, permission):
            raise PermissionDenied(f"Your role ({self.actor.role}) does not allow {permission}.")

    def record(
        self,
        action: str,
        entity_type: str,
        entity_id: object = None,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        event: str | None = None,
        payload: dict[str, Any] | None = None,
    ) -> None:
        """Write the audit entry and the domain event for one change, in this transaction."""
        ident = None if entity_id is None else str(entity_id)
        self.session.add(
            AuditEntry(
                actor_id=self.actor.user_id,
                actor_label=self.actor.label,
                action=action,
                entity_type=entity_type,
                entity_id=ident,
                before=jsonable(before) if before is not None else None,
                after=jsonable(after) if after is not None else None,
            )
        )
        domain_event = DomainEvent(
            name=event or action,
            entity_type=entity_type,
            entity_id=ident,
            payload=jsonable(payload if payload is not None else (after or {})),
        )
        self.session.add(domain_event)
        self.pending_events.append(domain_event)


def jsonable(value: Any) -> Any:
    """Make a value storable as JSON (datetimes, decimals, enums, UUIDs)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


@contextmanager
def unit_of_work(app: Rumbo, actor: Actor) -> Iterator[Context]:
    session = app.sessionmaker()
    ctx = Context(session=session, actor=actor, app=app)
    try:
        yield ctx
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    for domain_event in ctx.pending_events:
        app.events.publish(domain_event.name, domain_event.payload)
