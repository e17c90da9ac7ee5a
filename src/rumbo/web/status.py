"""The public status page at /status: components, current incidents, history, subscriptions.

No sign-in, and only published updates are ever read (``queries.public_incidents``): drafts and
approvals never leave the building. Subscribing is double opt-in: nothing is emailed to an
address until its owner follows the confirmation link.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import RedirectResponse, Response

from rumbo.context import Actor
from rumbo.crisis import notify, queries, status_actions
from rumbo.crisis.schemas import SubscribeIn
from rumbo.errors import NotFound
from rumbo.mail import MailError
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import PageSession, rumbo_of
from rumbo.web.templating import render

router = APIRouter(prefix="/status")
PUBLIC_ACTOR = Actor(label="status-page", role="public")
LangParam = Annotated[str | None, Query(alias="lang")]
# Confirmation emails a person can trigger in an hour, so the form cannot flood a mailbox.
PER_ADDRESS_PER_HOUR = 3
PER_CLIENT_PER_HOUR = 20

TEXT = {
    "es": {
        "title": "Estado del servicio",
        "skip": "Saltar al contenido",
        "all_ok": "Todos los sistemas funcionan con normalidad.",
        "some_issue": "Hay incidencias en curso.",
        "components": "Componentes",
        "current": "Incidencias en curso",
        "history": "Historial (últimos 90 días)",
        "no_history": "Sin incidencias en los últimos 90 días.",
        "subscribe": "Recibir actualizaciones por correo",
        "email": "Correo electrónico",
        "send": "Suscribirme",
        "check_mail": "Te enviamos un correo: sigue el enlace para confirmar la suscripción.",
        "mail_failed": "No pudimos enviar el correo de confirmación. Inténtalo más tarde.",
        "bad_email": "Escribe una dirección de correo válida.",
        "confirmed": "Suscripción confirmada: recibirás las próximas actualizaciones.",
        "unsubscribe": "Dejar de recibir actualizaciones",
        "unsubscribed": "Listo: ya no recibirás actualizaciones por correo.",
        "bad_link": "Este enlace no es válido o ya se usó.",
        "too_many": "Demasiadas solicitudes para esta dirección. Inténtalo más tarde.",
        "updated": "Actualizado",
        "operational": "Operativo",
        "degraded": "Rendimiento degradado",
        "partial_outage": "Interrupción parcial",
        "major_outage": "Interrupción grave",
        "maintenance": "Mantenimiento",
        "investigating": "Investigando",
        "identified": "Causa identificada",
        "monitoring": "En observación",
        "resolved": "Resuelto",
        "other_language": "English",
    },
    "en": {
        "title": "Service status",
        "skip": "Skip to content",
        "all_ok": "All systems operational.",
        "some_issue": "Some systems are affected right now.",
        "components": "Components",
        "current": "Current incidents",
        "history": "History (last 90 days)",
        "no_history": "No incidents in the last 90 days.",
        "subscribe": "Get updates by email",
        "email": "Email address",
        "send": "Subscribe",
        "check_mail": "We sent you an email: follow its link to confirm your subscription.",
        "mail_failed": "We could not send the confirmation email. Please try again later.",
        "bad_email": "Please enter a valid email address.",
        "confirmed": "Subscription confirmed: you will receive the next updates.",
        "unsubscribe": "Stop receiving updates",
        "unsubscribed": "Done: you will no longer receive updates by email.",
        "bad_link": "This link is not valid or was already used.",
        "too_many": "Too many requests for this address. Please try again later.",
        "updated": "Updated",
        "operational": "Operational",
        "degraded": "Degraded performance",
        "partial_outage": "Partial outage",
        "major_outage": "Major outage",
        "maintenance": "Maintenance",
        "investigating": "Investigating",
        "identified": "Identified",
        "monitoring": "Monitoring",
        "resolved": "Resolved",
        "other_language": "Español",
    },
}


def _language(value: str | None) -> str:
    """``?lang=`` first, then the language the site negotiated (cookie, browser), else Spanish."""
    if value in TEXT:
        return str(value)
    from rumbo.web.i18n import current_language

    chosen = current_language()
    return chosen if chosen in TEXT else "es"


@router.get("")
def status_page(
    request: Request, session: PageSession, lang: LangParam = None, notice: str | None = None
) -> Response:
    """What works, what does not, and what we said about it."""
    language = _language(lang)
    t = TEXT[language]
    current, history = queries.public_incidents(session)
    components = queries.components(session)
    healthy = not current and all(c.status == "operational" for c in components)
    return render(
        request,
        "status.html",
        t=t,
        lang=language,
        other="en" if language == "es" else "es",
        components=components,
        current=current,
        history=history,
        healthy=healthy,
        notice=t.get(notice or "", None) if notice in _NOTICES else None,
    )


_NOTICES = (
    "check_mail",
    "mail_failed",
    "bad_email",
    "confirmed",
    "unsubscribed",
    "bad_link",
    "too_many",
)


def _back(language: str, notice: str) -> RedirectResponse:
    return RedirectResponse(f"/status?notice={notice}&lang={language}#suscripcion", status_code=303)


@router.post("/subscribe", dependencies=[Depends(verify_csrf)])
def subscribe(
    request: Request, email: Annotated[str, Form()] = "", lang: LangParam = None
) -> Response:
    language = _language(lang)
    try:
        data = SubscribeIn(email=email)
    except ValueError:
        return _back(language, "bad_email")
    app = rumbo_of(request)
    if _too_many(request, data.email):
        return _back(language, "too_many")
    with app.unit_of_work(PUBLIC_ACTOR) as ctx:
        subscription_id = status_actions.subscribe(ctx, data.email).id
    try:
        notify.send_confirmation(app, subscription_id)
    except MailError:
        return _back(language, "mail_failed")
    # The same answer whether the address was new, pending or confirmed: nothing to learn here.
    return _back(language, "check_mail")


def _too_many(request: Request, email: str) -> bool:
    """Anyone can type any address: cap confirmation emails per address and per client."""
    from rumbo.ratelimit import RateLimited, Rule, limiter_for

    limiter = limiter_for(rumbo_of(request))
    client = request.client.host if request.client else "unknown"
    try:
        limiter.check(Rule("status-subscribe-ip", PER_CLIENT_PER_HOUR, 3600), client)
        limiter.check(Rule("status-subscribe", PER_ADDRESS_PER_HOUR, 3600), email.lower())
    except RateLimited:
        return True
    return False


@router.get("/confirm/{token}")
def confirm(request: Request, token: str, lang: LangParam = None) -> Response:
    language = _language(lang)
    try:
        with rumbo_of(request).unit_of_work(PUBLIC_ACTOR) as ctx:
            status_actions.confirm_subscription(ctx, token)
    except NotFound:
        return _back(language, "bad_link")
    return _back(language, "confirmed")


@router.get("/unsubscribe/{token}")
def unsubscribe_form(request: Request, token: str, lang: LangParam = None) -> Response:
    """A button, not a deed: mail scanners that open links must not unsubscribe anyone."""
    language = _language(lang)
    return render(request, "status_unsubscribe.html", t=TEXT[language], lang=language, token=token)


@router.post("/unsubscribe/{token}", dependencies=[Depends(verify_csrf)])
def unsubscribe(request: Request, token: str, lang: LangParam = None) -> Response:
    language = _language(lang)
    try:
        with rumbo_of(request).unit_of_work(PUBLIC_ACTOR) as ctx:
            status_actions.unsubscribe(ctx, token)
    except NotFound:
        return _back(language, "bad_link")
    return _back(language, "unsubscribed")
