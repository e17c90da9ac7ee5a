"""Cross-site request forgery protection: one secret token per session, echoed by every form.

The token lives in the signed session cookie; a form posted from another site cannot know it, so
a POST whose ``csrf_token`` field does not match is refused before anything else happens.

Pages receive the token lazily (:class:`PageToken`): it is created only when a form prints it,
so a page without a form starts no session and sets no cookie. A help-center reader who only
searches and reads is not given a cookie, and such a page is the same for every anonymous
reader, which is what lets the public page cache share it (``rumbo.web.public_cache``).
"""

from __future__ import annotations

import secrets

from starlette.requests import Request

SESSION_KEY = "csrf"
FIELD = "csrf_token"


class CsrfRejected(Exception):
    """A form arrived without the session's token (or with a wrong one)."""


def csrf_token(request: Request) -> str:
    """This session's token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def renew_csrf_token(request: Request) -> str:
    """A fresh token, e.g. after signing in, so one seen before sign-in is useless afterwards."""
    token = secrets.token_urlsafe(32)
    request.session[SESSION_KEY] = token
    return token


class PageToken:
    """The request's token as a template value: created (in the session) the first time the
    template prints it, the same string every time after."""

    __slots__ = ("_request", "_value")

    def __init__(self, request: Request) -> None:
        self._request = request
        self._value: str | None = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = csrf_token(self._request)
        return self._value

    def __html__(self) -> str:
        # URL-safe base64: nothing in it needs escaping.
        return str(self)


async def verify_csrf(request: Request) -> None:
    """Dependency for every form POST: raise :class:`CsrfRejected` unless the token matches."""
    expected = request.session.get(SESSION_KEY)
    form = await request.form()
    sent = form.get(FIELD)
    if (
        not isinstance(expected, str)
        or not expected
        or not isinstance(sent, str)
        or not secrets.compare_digest(sent.encode(), expected.encode())
    ):
        raise CsrfRejected
