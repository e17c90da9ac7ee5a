"""Server-rendered pages: sign-in, the inbox, tickets and customers, with their static files.

Pages answer people, so their failures are pages too: an anonymous visitor is sent to sign in, a
refused form or a missing record gets a short Spanish explanation. The API keeps its JSON errors.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from starlette.responses import RedirectResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from rumbo.accounts.access import role_allows
from rumbo.web import (
    auth,
    crisis,
    customers,
    drafts,
    insights,
    insights_terms,
    insights_trends,
    macros,
    settings_common,
    settings_pages,
    status,
    tickets,
    widget,
)
from rumbo.web.csrf import CsrfRejected
from rumbo.web.deps import LoginRequired, PageError
from rumbo.web.help import install as install_help_center
from rumbo.web.labels import message
from rumbo.web.portal import mount_portal
from rumbo.web.templating import STATIC_DIR, Templates, render

# Asset links carry ?v=<digest of the files>, so a browser may keep them for a year.
VERSIONED_CACHE = "public, max-age=31536000, immutable"
UNVERSIONED_CACHE = "public, max-age=3600"


class CachedStaticFiles(StaticFiles):
    """Static files with ``Cache-Control``: long-lived when the link is versioned."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        versioned = b"v=" in scope.get("query_string", b"")
        response.headers["Cache-Control"] = VERSIONED_CACHE if versioned else UNVERSIONED_CACHE
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def mount_pages(app: FastAPI) -> None:
    """Add the pages, their static files and their error pages to ``app``."""
    app.state.web_templates = Templates(app.state.rumbo.settings.timezone)
    # The navigation offers Settings to a role that may open at least one of its sections.
    app.state.web_templates.env.globals["opens_settings"] = lambda role: any(
        role_allows(role, section.permission) for section in settings_common.SECTIONS
    )
    app.mount("/static", CachedStaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(auth.router, include_in_schema=False)
    app.include_router(tickets.router, include_in_schema=False)
    app.include_router(macros.router, include_in_schema=False)
    app.include_router(drafts.router, include_in_schema=False)
    app.include_router(customers.router, include_in_schema=False)
    app.include_router(insights.router, include_in_schema=False)
    app.include_router(insights_terms.router, include_in_schema=False)
    app.include_router(insights_trends.router, include_in_schema=False)
    app.include_router(crisis.router, include_in_schema=False)
    app.include_router(settings_pages.router, include_in_schema=False)
    app.include_router(status.router, include_in_schema=False)  # public: no sign-in
    app.include_router(widget.router, include_in_schema=False)  # public, framable
    mount_portal(app)
    install_help_center(app)  # public: no sign-in

    @app.get("/", include_in_schema=False)
    def home() -> Response:
        return RedirectResponse("/tickets", status_code=303)

    app.add_exception_handler(LoginRequired, _to_login)
    app.add_exception_handler(CsrfRejected, _csrf_rejected)
    app.add_exception_handler(PageError, _page_error)
    app.state.page_error_renderer = _status_page


def _status_page(request: Request, status_code: int) -> Response:
    """An error page for addresses no page answers (404) or methods they refuse (405)."""
    key = "not_found" if status_code == 404 else "error"
    return render(
        request,
        "error.html",
        status_code=status_code,
        title=message(f"{key}_title"),
        text=message(key),
    )


def _to_login(_request: Request, exc: Any) -> Response:
    target = "/login"
    if isinstance(exc, LoginRequired) and exc.next_path:
        target += "?" + urlencode({"next": exc.next_path})
    return RedirectResponse(target, status_code=303)


def _csrf_rejected(request: Request, _exc: Any) -> Response:
    return render(
        request, "error.html", status_code=403, title=message("csrf_title"), text=message("csrf")
    )


def _page_error(request: Request, exc: Any) -> Response:
    if not isinstance(exc, PageError):  # pragma: no cover - registered for PageError only
        raise exc
    return render(
        request, "error.html", status_code=exc.status_code, title=exc.title, text=exc.text
    )
