"""The ASGI application: API under /api/v1, pages at the root, one error shape."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from starlette.middleware.sessions import SessionMiddleware

from rumbo import __version__
from rumbo.api.errors import install_error_handlers
from rumbo.settings import resolve_secret_key
from rumbo.web.cookies import SecureCookies
from rumbo.web.i18n import LanguageMiddleware
from rumbo.web.public_cache import PublicPageCache, PublicPages

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
    # Cookies are HttpOnly (the session's) and SameSite=Lax; Secure on every response when asked
    # to, and on every HTTPS response regardless (SecureCookies).
    secure = rumbo.settings.cookie_secure
    app.add_middleware(
        SessionMiddleware,
        secret_key=resolve_secret_key(rumbo.settings),
        session_cookie="rumbo_session",
        max_age=rumbo.settings.session_max_age,
        same_site="lax",
        https_only=secure,
    )
    # Outside the session layer: error pages drawn there still speak the request's language.
    app.add_middleware(
        LanguageMiddleware,
        default=rumbo.settings.default_language,
        secure=secure,
    )
    app.add_middleware(SecureCookies)
    # Outermost: a shared public page skips every layer above (rumbo.web.public_cache).
    app.state.public_pages = PublicPages(rumbo.settings.public_cache_seconds)
    # Runs after the specific subscribers (the search index's among them), so a page rendered
    # after the cache empties already reads the new index.
    rumbo.events.subscribe("*", app.state.public_pages.on_event)
    app.add_middleware(PublicPageCache, pages=app.state.public_pages)
    install_error_handlers(app)
    app.include_router(api_router, prefix="/api/v1")
    mount_pages(app)
    return app


def from_environment() -> FastAPI:
    """The ASGI application built from the environment's settings: what each process of
    ``rumbo serve --workers N`` runs (uvicorn imports it by name in every worker)."""
    from rumbo.app import create_app
    from rumbo.knowledge.search.hybrid import warm_up
    from rumbo.ops.logs import install_log_redaction

    install_log_redaction()
    app = create_app()
    warm_up(app)
    return app.asgi()
