"""The language of each page, and the gettext catalogues that translate it.

Spanish is the source language: every string in the templates and the web code is written in
Spanish and marked for translation; ``locale/<lang>/LC_MESSAGES/messages.po`` holds each
language's catalogue, compiled next to it as ``messages.mo`` (committed, so running Rumbo needs
no build step; ``python -m rumbo.web.catalogs`` extracts, updates and compiles them).

Staff pages follow, in order: ``?lang=`` (remembered in a cookie), the cookie, the browser's
``Accept-Language``, then the configured default. The help center and the portal decide their own
language (the article's ``?lang=``, the customer's) and render inside :func:`using`.

The language of the request being served lives in a context variable, so the same functions work
in templates, views and the error pages drawn after a view failed.
"""

from __future__ import annotations

import gettext as stdlib_gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Final
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LANGUAGES: Final = ("es", "en")
DEFAULT_LANGUAGE: Final = "es"
LOCALE_DIR: Final = Path(__file__).parent / "locale"
DOMAIN: Final = "messages"
COOKIE: Final = "rumbo_lang"
COOKIE_MAX_AGE: Final = 365 * 24 * 3600

_current: ContextVar[str] = ContextVar("rumbo_language", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=len(LANGUAGES))
def translations(language: str) -> stdlib_gettext.NullTranslations:
    """The compiled catalogue of ``language``; the source strings themselves when it has none."""
    return stdlib_gettext.translation(
        DOMAIN, localedir=LOCALE_DIR, languages=[language], fallback=True
    )


def current_language() -> str:
    return _current.get()


@contextmanager
def using(language: str) -> Iterator[str]:
    """Translate into ``language`` until the block ends (e.g. a public page in its reader's)."""
    chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return translations(_current.get()).pgettext(context, message)


_ = gettext


def N_(message: str) -> str:  # noqa: N802 - the customary name extractors look for
    """Mark ``message`` for the catalogue without translating it yet (tables built at import)."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 - as N_, for a message with a context
    """Mark ``message`` (to be translated with ``context``) without translating it yet."""
    return message


def in_language(language: str, message: str) -> str:
    """``message`` in ``language``, whatever the language of the current request."""
    return translations(language if language in LANGUAGES else DEFAULT_LANGUAGE).gettext(message)


def from_accept_language(header: str) -> str | None:
    """The best offered language in an ``Accept-Language`` header (``en-GB,en;q=0.8,es;q=0.5``)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else None


def negotiate(
    query: str | None, cookie: str | None, accept_language: str | None, default: str
) -> str:
    """The user's choice (query, then cookie), then the browser's, then the configured default."""
    for chosen in (query, cookie):
        if chosen in LANGUAGES:
            return str(chosen)
    offered = from_accept_language(accept_language) if accept_language else None
    if offered:
        return offered
    return default if default in LANGUAGES else DEFAULT_LANGUAGE


def remembered_language(cookie_header: str) -> str | None:
    """The language choice a request's ``Cookie`` header carries, as the pages read it."""
    cookies: SimpleCookie = SimpleCookie()
    try:
        cookies.load(cookie_header)
    except Exception:  # a malformed cookie header only loses the remembered choice
        return None
    return cookies[COOKIE].value if COOKIE in cookies else None


class LanguageMiddleware:
    """Pick each request's language; a ``?lang=`` choice is remembered in a cookie.

    Plain ASGI (not ``BaseHTTPMiddleware``) so the context variable reaches the view, including
    synchronous views run in the thread pool, which copy the context.
    """

    def __init__(self, app: ASGIApp, default: str = DEFAULT_LANGUAGE, secure: bool = False):
        self.app = app
        self.default = default
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
        remembered = remembered_language(headers.get("cookie", ""))
        language = negotiate(query, remembered, headers.get("accept-language"), self.default)
        remember = query in LANGUAGES and query != remembered

        async def send_with_cookie(message: Message) -> None:
            if remember and message["type"] == "http.response.start":
                value = f"{COOKIE}={language}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax"
                if self.secure:
                    value += "; Secure"
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"set-cookie", value.encode())]
            await send(message)

        token = _current.set(language)
        try:
            await self.app(scope, receive, send_with_cookie)
        finally:
            _current.reset(token)
