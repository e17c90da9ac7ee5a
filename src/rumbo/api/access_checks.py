"""Read permissions for API routes, expressed as dependencies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Depends

from rumbo.accounts.access import role_allows
from rumbo.api.deps import CurrentActor
from rumbo.errors import PermissionDenied


def requires(permission: str) -> Callable[[CurrentActor], None]:
    """A dependency that refuses the request unless the caller's role grants ``permission``."""

    def check(actor: CurrentActor) -> None:
        if not role_allows(actor.role, permission):
            raise PermissionDenied(f"Your role ({actor.role}) does not allow {permission}.")

    return check


def needs(permission: str) -> list[Any]:
    """``dependencies=needs("crm.read")`` on a route that only reads."""
    return [Depends(requires(permission))]
