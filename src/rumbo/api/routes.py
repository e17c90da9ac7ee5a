"""The REST API under /api/v1: one router per domain."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import APIRouter
from fastapi.routing import APIRoute

from rumbo.api import (
    accounts,
    alerts,
    assistant,
    assistant_gaps,
    audit,
    crisis,
    critic,
    crm,
    crm_io,
    drafts,
    knowledge,
    listening,
    macros,
    system,
    tickets,
    triage,
)
from rumbo.api.errors import ERROR_RESPONSES

PREFIX = "/api/v1"
ROUTERS: tuple[APIRouter, ...] = tuple(
    m.router
    for m in (
        system,
        accounts,
        crm,
        crm_io,
        tickets,
        macros,
        knowledge,
        assistant,
        assistant_gaps,
        audit,
        listening,
        alerts,
        crisis,
        drafts,
        triage,
        critic,
    )
)

api_router = APIRouter(responses=ERROR_RESPONSES)
for _router in ROUTERS:
    api_router.include_router(_router)


def api_routes() -> Iterator[tuple[str, str]]:
    """Every (method, path) the API serves, for the tests that guard them all."""
    for router in ROUTERS:
        for route in router.routes:
            if isinstance(route, APIRoute):
                for method in sorted((route.methods or set()) - {"HEAD", "OPTIONS"}):
                    yield method, PREFIX + route.path
