"""How this installation talks to the outside, read-only, with a real connection test.

Secrets are never shown: an API key or a mail password only appears as "set" or "not set", and
a webhook target only by its scheme and host (the rest of such an address is often the secret).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from fastapi import APIRouter
from starlette.responses import HTMLResponse

from rumbo.listening import queries as listening_queries
from rumbo.settings import redact_url
from rumbo.web.deps import CurrentPage, Page, rumbo_of
from rumbo.web.i18n import N_, gettext
from rumbo.web.settings_common import CsrfChecked, render, require_section

router = APIRouter()

# Seconds a test may take: an administrator is waiting in front of the page.
PROBE_TIMEOUT: Final = 5.0


@dataclass(frozen=True)
class Probe:
    """The outcome of one connection test."""

    target: str  # "llm" | "smtp"
    ok: bool
    detail: str


@dataclass(frozen=True)
class Target:
    rule: str
    rule_active: bool
    notifier: str
    shown: str


def shown_target(notifier: str, target: str) -> str:
    """What may be shown of a notification target: a URL only as scheme and host."""
    if target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        return f"{parts.scheme}://{host}{port}/…"
    return target


def _targets(page: Page) -> list[Target]:
    found = []
    for rule in listening_queries.list_rules(page.session):
        for channel in rule.channels:
            notifier = str(channel.get("notifier", ""))
            found.append(
                Target(
                    rule=rule.name,
                    rule_active=rule.active,
                    notifier=notifier,
                    shown=shown_target(notifier, str(channel.get("target", ""))),
                )
            )
    return found


def _page(page: Page, probe: Probe | None = None) -> HTMLResponse:
    rumbo = rumbo_of(page.request)
    settings = rumbo.settings
    return render(
        page,
        "integrations",
        "settings/integrations.html",
        llm={
            "configured": bool(settings.llm_url),
            "url": redact_url(settings.llm_url) if settings.llm_url else None,
            "backend": settings.llm_backend,
            "model": settings.llm_model,
            "timeout": settings.llm_timeout_seconds,
            "key_set": settings.llm_api_key is not None,
        },
        smtp={
            "host": settings.smtp_host,
            "port": settings.smtp_port,
            "sender": settings.mail_from,
            "starttls": settings.smtp_starttls,
            "user_set": bool(settings.smtp_user),
            "password_set": settings.smtp_password is not None,
        },
        notifiers=list(rumbo.plugins.notifiers),
        targets=_targets(page),
        probe=probe,
    )


@router.get("/settings/integrations")
def integrations(page: CurrentPage) -> HTMLResponse:
    require_section(page, "integrations")
    return _page(page)


@router.post("/settings/integrations/test-llm")
def probe_llm(page: CurrentPage, _csrf: CsrfChecked) -> HTMLResponse:
    """Ask the configured model server for one short answer and say what happened."""
    require_section(page, "integrations")
    from rumbo.llm import check_backend

    try:
        answer = check_backend(rumbo_of(page.request), timeout=PROBE_TIMEOUT)
    except Exception as exc:  # any failure is the result being reported, not a page error
        return _page(page, Probe("llm", False, _reason(page, exc)))
    detail = gettext(N_("El modelo respondió: «{answer}».")).format(answer=answer)
    return _page(page, Probe("llm", True, detail))


@router.post("/settings/integrations/test-smtp")
def probe_smtp(page: CurrentPage, _csrf: CsrfChecked) -> HTMLResponse:
    """Connect to the mail server as sending would (without sending) and say what happened."""
    require_section(page, "integrations")
    from rumbo.mail import check_smtp

    try:
        greeting = check_smtp(rumbo_of(page.request).settings, timeout=PROBE_TIMEOUT)
    except Exception as exc:  # any failure is the result being reported, not a page error
        return _page(page, Probe("smtp", False, _reason(page, exc)))
    detail = gettext(N_("El servidor aceptó la conexión: {greeting}")).format(greeting=greeting)
    return _page(page, Probe("smtp", True, detail))


def _reason(page: Page, exc: Exception) -> str:
    """Why a test failed, with any configured secret blanked should a server echo it back."""
    text = str(getattr(exc, "message", "") or exc) or exc.__class__.__name__
    settings = rumbo_of(page.request).settings
    for secret in (settings.llm_api_key, settings.smtp_password):
        if secret is not None and secret.get_secret_value():
            text = text.replace(secret.get_secret_value(), "***")
    return text[:300]
