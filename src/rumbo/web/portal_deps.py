"""What every portal page depends on: the signed-in customer, the language, and rendering.

A customer's browser session carries ``portal_contact_id``; it is separate from a staff member's
``user_id``, so neither kind of sign-in ever grants the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from rumbo.crisis import queries as crisis_queries
from rumbo.crisis.models import Incident, StatusUpdate
from rumbo.crm import queries as crm_queries
from rumbo.web.csrf import CsrfRejected, verify_csrf
from rumbo.web.deps import PageSession, rumbo_of
from rumbo.web.i18n import using
from rumbo.web.portal_text import portal_language, text
from rumbo.web.templating import SECURITY_HEADERS, render, templates_of

SESSION_KEY = "portal_contact_id"
LANGUAGE_KEY = "portal_language"
FLASH_KEY = "portal_flash"
CONVERSATION_KEY = "portal_conversation"


class PortalLoginRequired(Exception):
    """No customer is signed in to the portal; the visitor is sent to ask for a link."""


class PortalPageError(Exception):
    """A failure shown to a customer as a portal page (in their language)."""

    def __init__(self, status_code: int, title_key: str, text_key: str) -> None:
        super().__init__(text_key)
        self.status_code = status_code
        self.title_key = title_key
        self.text_key = text_key


@dataclass(frozen=True)
class Customer:
    """The signed-in contact, copied out of the session that loaded it."""

    contact_id: int
    name: str
    language: str


def request_language(request: Request) -> str:
    """The language of a page: the signed-in customer's, else ``?lang=``, else the default."""
    chosen = request.session.get(LANGUAGE_KEY) or request.query_params.get("lang")
    if chosen in {"es", "en"}:
        return str(chosen)
    return portal_language(rumbo_of(request).settings.default_language)


def signed_in_customer(request: Request, session: PageSession) -> Customer:
    """The contact this browser signed in as, or :class:`PortalLoginRequired`."""
    raw = request.session.get(SESSION_KEY)
    contact = crm_queries.get_contact(session, raw) if isinstance(raw, int) else None
    if contact is None:
        for key in (SESSION_KEY, LANGUAGE_KEY, CONVERSATION_KEY):
            request.session.pop(key, None)
        raise PortalLoginRequired
    return Customer(
        contact_id=contact.id, name=contact.name, language=portal_language(contact.language)
    )


SignedInCustomer = Annotated[Customer, Depends(signed_in_customer)]


def render_portal(
    request: Request,
    template: str,
    *,
    language: str,
    customer: Customer | None = None,
    status_code: int = 200,
    incidents: Sequence[tuple[Incident, StatusUpdate]] = (),
    **context: Any,
) -> HTMLResponse:
    """A portal page in ``language`` with the customer layout (never the staff one).

    ``incidents`` are the active incidents' latest published updates, shown above the page.
    """

    def t(key: str, **values: object) -> str:
        return text(language, key, **values)

    return render(
        request,
        template,
        status_code=status_code,
        customer=customer,
        lang=language,
        t=t,
        notice=request.session.pop(FLASH_KEY, None),
        incidents=incidents,
        **context,
    )


@dataclass
class PortalPage:
    """One request of a signed-in customer: read session, customer, and rendering."""

    request: Request
    session: Session
    customer: Customer

    @property
    def language(self) -> str:
        return self.customer.language

    def t(self, key: str, **values: object) -> str:
        return text(self.language, key, **values)

    def flash(self, key: str, **values: object) -> None:
        self.request.session[FLASH_KEY] = self.t(key, **values)

    def render(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render_portal(
            self.request,
            template,
            language=self.language,
            customer=self.customer,
            status_code=status_code,
            # What the assistant tells customers during an incident, said before they ask.
            incidents=crisis_queries.current_statuses(self.session, language=self.language),
            **context,
        )

    def fragment(self, template: str, **context: Any) -> HTMLResponse:
        """A piece of a page fetched by a script: no layout, and the flash is left alone."""
        with using(self.language):
            html = templates_of(self.request).render(
                template, {"t": self.t, "lang": self.language, **context}
            )
        return HTMLResponse(html, headers=SECURITY_HEADERS)


def portal_page(request: Request, session: PageSession, customer: SignedInCustomer) -> PortalPage:
    return PortalPage(request=request, session=session, customer=customer)


CurrentPortalPage = Annotated[PortalPage, Depends(portal_page)]


async def portal_csrf(request: Request) -> None:
    """The shared CSRF check, refused with a portal page rather than the staff one."""
    try:
        await verify_csrf(request)
    except CsrfRejected:
        raise PortalPageError(403, "csrf_title", "csrf") from None


PortalCsrf = Annotated[None, Depends(portal_csrf)]
