"""The Jinja2 environment, its filters, and the one function that turns a template into a page.

Autoescaping is always on: every value a template prints is escaped unless a template says
otherwise, and none of Rumbo's templates do. Dates are stored in UTC and shown in the configured
time zone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.requests import Request
from starlette.responses import HTMLResponse

from rumbo.accounts.access import role_allows
from rumbo.accounts.models import User
from rumbo.web import i18n
from rumbo.web.csrf import PageToken
from rumbo.web.labels import label, month

WEB_DIR = Path(__file__).parent
TEMPLATE_DIR = WEB_DIR / "templates"
STATIC_DIR = WEB_DIR / "static"

# Pages carry no inline script or style, so the policy can forbid both.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
        "form-action 'self'; base-uri 'none'; object-src 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def asset_version(directory: Path = STATIC_DIR) -> str:
    """A short digest of the static files: it changes whenever one of them changes."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(path.relative_to(directory).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _zone(name: str) -> dt.tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return dt.UTC


class Templates:
    """The page templates of one application, with filters bound to its time zone."""

    def __init__(self, timezone: str) -> None:
        self.zone = _zone(timezone)
        self.version = asset_version()
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATE_DIR),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            extensions=["jinja2.ext.i18n"],
        )
        # The callables read the request's language themselves, so one environment serves all.
        self.env.install_gettext_callables(  # type: ignore[attr-defined]
            i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
        )
        self.env.filters.update(
            when=self.when,
            day=self.day,
            money=money,
            number=number,
            initials=initials,
            score=score,
        )
        self.env.globals.update(
            label=label,
            static_url=self.static_url,
            language=i18n.current_language,
            can=role_allows,  # the navigation shows only the sections a role may open
        )

    def static_url(self, name: str) -> str:
        """The address of a static file, versioned so browsers may cache it for a long time."""
        return f"/static/{name}?v={self.version}"

    def local(self, value: dt.datetime) -> dt.datetime:
        return value.astimezone(self.zone)

    def when(self, value: dt.datetime | None) -> str:
        """``23 nov 2025, 10:05`` in the configured time zone."""
        if value is None:
            return "—"
        at = self.local(value)
        return f"{at.day} {month(at.month)} {at.year}, {at:%H:%M}"

    def day(self, value: dt.date | dt.datetime | None) -> str:
        """``23 nov 2025``; datetimes are first moved to the configured time zone."""
        if value is None:
            return "—"
        if isinstance(value, dt.datetime):
            value = self.local(value).date()
        return f"{value.day} {month(value.month)} {value.year}"

    def render(self, template: str, context: dict[str, Any]) -> str:
        return self.env.get_template(template).render(context)


def money(amount: Decimal | float | int | None, currency: str = "") -> str:
    if amount is None:
        return "—"
    return f"{Decimal(amount):,.2f} {currency}".strip()


def number(value: int | float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,}"


def score(value: float | int) -> str:
    """A percentage or NPS without a pointless ``.0`` (``50`` rather than ``50.0``)."""
    return f"{value:.1f}".removesuffix(".0")


def initials(name: str) -> str:
    parts = [p for p in name.split() if p[:1].isalnum()]
    return "".join(p[0] for p in parts[:2]).upper() or "?"


@dataclass(frozen=True)
class Viewer:
    """Who the layout greets; a plain copy, usable after the database session is gone."""

    name: str
    role: str

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(name=user.name, role=user.role)


def templates_of(request: Request) -> Templates:
    found: Templates = request.app.state.web_templates
    return found


def render(
    request: Request,
    template: str,
    *,
    status_code: int = 200,
    viewer: Viewer | None = None,
    demo: bool = False,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` with what every page needs: the user, the CSRF token, the flash.

    A ``lang`` in ``context`` (public pages in their reader's language) wins over the language
    negotiated for the request.
    """
    if viewer is None:
        viewer = getattr(request.state, "viewer", None)
    flash = request.session.pop("flash", None) if viewer is not None else None
    context.update(
        request=request,
        viewer=viewer,
        demo=demo,
        flash=flash,
        csrf_token=PageToken(request),
        path=request.url.path,
    )
    with i18n.using(str(context.get("lang") or i18n.current_language())):
        html = templates_of(request).render(template, context)
    return HTMLResponse(html, status_code=status_code, headers=SECURITY_HEADERS)
