"""The customer portal's front door: emailed one-time sign-in links, and signing out.

Asking for a link always ends on the same "check your email" page, whether or not the address
belongs to a customer, so the form cannot be used to find out who is one.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Form, Query, Request
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.context import Actor
from rumbo.crm import queries as crm_queries
from rumbo.errors import NotAuthenticated
from rumbo.mail import MailError, send_mail
from rumbo.portal import actions as portal_actions
from rumbo.portal.schemas import IssuedLink, LoginRequestIn
from rumbo.web.csrf import renew_csrf_token
from rumbo.web.deps import rumbo_of
from rumbo.web.portal_deps import (
    CONVERSATION_KEY,
    FLASH_KEY,
    LANGUAGE_KEY,
    SESSION_KEY,
    PortalCsrf,
    PortalLoginRequired,
    PortalPageError,
    render_portal,
    request_language,
)
from rumbo.web.portal_text import portal_language, text

log = logging.getLogger(__name__)

PORTAL_ACTOR = Actor.system("portal")

router = APIRouter()


def mount_portal(app: FastAPI) -> None:
    """Add the portal's pages and its error pages to ``app``."""
    from rumbo.web import portal_assistant, portal_tickets

    app.include_router(router, include_in_schema=False)
    app.include_router(portal_tickets.router, include_in_schema=False)
    app.include_router(portal_assistant.router, include_in_schema=False)
    app.add_exception_handler(PortalLoginRequired, _to_portal_login)
    app.add_exception_handler(PortalPageError, _portal_error)


def _to_portal_login(request: Request, _exc: Any) -> Response:
    return RedirectResponse("/portal/login", status_code=303)


def _portal_error(request: Request, exc: Any) -> Response:
    if not isinstance(exc, PortalPageError):  # pragma: no cover - registered for it only
        raise exc
    language = request_language(request)
    return render_portal(
        request,
        "portal/message.html",
        language=language,
        status_code=exc.status_code,
        title=text(language, exc.title_key),
        text=text(language, exc.text_key),
        again=False,
    )


@router.get("/portal/login")
def login_form(request: Request) -> Response:
    if isinstance(request.session.get(SESSION_KEY), int):
        return RedirectResponse("/portal", status_code=303)
    return render_portal(
        request, "portal/login.html", language=request_language(request), email="", error=None
    )


@router.post("/portal/login")
def request_link(
    request: Request, _csrf: PortalCsrf, email: Annotated[str, Form()] = ""
) -> HTMLResponse:
    """Email a sign-in link when the address is a customer's; answer the same page regardless."""
    language = request_language(request)
    try:
        data = LoginRequestIn(email=email)
    except ValidationError:
        return render_portal(
            request,
            "portal/login.html",
            language=language,
            status_code=422,
            email=email,
            error=text(language, "email_invalid"),
        )
    rumbo = rumbo_of(request)
    with rumbo.unit_of_work(PORTAL_ACTOR) as ctx:
        issued = portal_actions.request_login_link(ctx, data)
    if issued is not None:
        _send_link(request, issued)
    return render_portal(
        request, "portal/check_email.html", language=language, email=data.email.strip()
    )


def _send_link(request: Request, issued: IssuedLink) -> None:
    settings = rumbo_of(request).settings
    link = f"{settings.base_url}/portal/auth?" + urlencode({"token": issued.token})
    language = issued.language
    try:
        send_mail(
            settings,
            issued.email,
            text(language, "mail_subject"),
            text(language, "mail_body", name=issued.name, link=link),
        )
    except MailError:
        # The page must not differ for customers, so a mail failure is for the operator's log.
        log.exception("could not email a portal sign-in link to contact %s", issued.contact_id)


@router.get("/portal/auth")
def follow_link(request: Request, token: Annotated[str, Query()] = "") -> Response:
    """Sign the customer in with a link from their email; a spent or stale link signs nobody in."""
    try:
        with rumbo_of(request).unit_of_work(PORTAL_ACTOR) as ctx:
            contact_id = portal_actions.redeem_login_token(ctx, token)
            contact = crm_queries.get_contact(ctx.session, contact_id)
            language = contact.language if contact else None
    except NotAuthenticated as exc:
        language = request_language(request)
        reason = exc.fields.get("token", "unknown")
        return render_portal(
            request,
            "portal/message.html",
            language=language,
            status_code=400,
            title=text(language, "link_title"),
            text=text(language, f"link_{reason}"),
            again=True,
        )
    for key in (SESSION_KEY, LANGUAGE_KEY, CONVERSATION_KEY, FLASH_KEY):
        request.session.pop(key, None)
    request.session[SESSION_KEY] = contact_id
    request.session[LANGUAGE_KEY] = portal_language(language)
    renew_csrf_token(request)
    return RedirectResponse("/portal", status_code=303)


@router.post("/portal/logout")
def logout(request: Request, _csrf: PortalCsrf) -> Response:
    language = request_language(request)
    for key in (SESSION_KEY, LANGUAGE_KEY, CONVERSATION_KEY):
        request.session.pop(key, None)
    request.session[FLASH_KEY] = text(language, "signed_out")
    return RedirectResponse("/portal/login" + ("?lang=en" if language == "en" else ""), 303)
