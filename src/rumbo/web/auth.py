"""Signing in and out of the web interface."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from rumbo.accounts import actions as account_actions
from rumbo.accounts import queries as account_queries
from rumbo.context import Actor
from rumbo.errors import NotAuthenticated
from rumbo.web.csrf import renew_csrf_token, verify_csrf
from rumbo.web.deps import FormText, rumbo_of
from rumbo.web.labels import message
from rumbo.web.templating import render

HOME = "/tickets"

router = APIRouter()


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return HOME
    # Browsers read "/\evil.example" as "//evil.example"; control characters can hide a scheme.
    if "\\" in target or any(ord(ch) < 0x20 for ch in target):
        return HOME
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith(("/login", "/logout")):
        return HOME
    return target


def _signed_in(request: Request) -> bool:
    user_id = request.session.get("user_id")
    if user_id is None:
        return False
    with rumbo_of(request).reading() as session:
        user = account_queries.get_user(session, int(user_id))
        return user is not None and user.is_active


@router.get("/login")
def login_form(
    request: Request, next_path: Annotated[str | None, Query(alias="next")] = None
) -> Response:
    if _signed_in(request):
        return RedirectResponse(safe_next(next_path), status_code=303)
    return render(request, "login.html", next=safe_next(next_path), email="", error=None)


@router.post("/login", dependencies=[Depends(verify_csrf)])
def login(
    request: Request,
    email: FormText = "",
    password: FormText = "",
    next_path: Annotated[str, Form(alias="next")] = "",
) -> Response:
    target = safe_next(next_path)
    if not email.strip() or not password:
        return render(
            request,
            "login.html",
            status_code=422,
            next=target,
            email=email,
            error=message("login_missing"),
        )
    limited = _sign_in_limited(request, email, target)
    if limited is not None:
        return limited
    try:
        with rumbo_of(request).unit_of_work(Actor.system("web")) as ctx:
            user_id = account_actions.sign_in(ctx, email, password).id
    except NotAuthenticated:
        return render(
            request,
            "login.html",
            status_code=401,
            next=target,
            email=email,
            error=message("login_failed"),
        )
    # A fresh session on sign-in: nothing set before it (by anyone on this browser) carries on.
    request.session.clear()
    request.session["user_id"] = user_id
    renew_csrf_token(request)
    return RedirectResponse(target, status_code=303)


def _sign_in_limited(request: Request, email: str, target: str) -> Response | None:
    """The page to show when this address has tried this account too often, else None."""
    from rumbo.ratelimit import RateLimited, limiter_for, sign_in_rule
    from rumbo.web.i18n import gettext

    rumbo = rumbo_of(request)
    address = request.client.host if request.client else "unknown"
    try:
        limiter_for(rumbo).check(sign_in_rule(rumbo), address, email.strip().lower())
    except RateLimited as exc:
        error = gettext("Demasiados intentos. Espera {seconds} s y vuelve a intentarlo.")
        page = render(
            request,
            "login.html",
            status_code=429,
            next=target,
            email=email,
            error=error.format(seconds=exc.retry_after),
        )
        page.headers.update(exc.headers)
        return page
    return None


@router.post("/logout", dependencies=[Depends(verify_csrf)])
def logout(request: Request) -> Response:
    request.session.clear()
    return RedirectResponse("/login", status_code=303)
