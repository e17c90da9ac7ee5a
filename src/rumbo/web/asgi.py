"""The ASGI application: API under /api/v1, pages at the root, one error shape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from rumbo import __version__
from rumbo.api.errors import install_error_handlers
from rumbo.settings import resolve_secret_key

if TYPE_CHECKING:
    from rumbo.app import Rumbo


def build_asgi(rumbo: Rumbo) -> FastAPI:
    from rumbo.api.routes import api_router
    from rumbo.web.pages import mount_pages

    app = FastAPI(
        title="Rumbo",
        version=__version__,
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.rumbo = rumbo
    app.add_middleware(
        SessionMiddleware,
        secret_key=resolve_secret_key(rumbo.settings),
        session_cookie="rumbo_session",
        max_age=rumbo.settings.session_max_age,
        same_site="lax",
        https_only=rumbo.settings.cookie_secure,
    )
    install_error_handlers(app)
    app.include_router(api_router, prefix="/api/v1")
    mount_pages(app)
    return app
