"""Cross-site request forgery protection: one secret token per session, echoed by every form.

The token lives in the signed session cookie; a form posted from another site cannot know it, so
a POST whose ``csrf_token`` field does not match is refused before anything else happens.
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
