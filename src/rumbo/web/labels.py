"""Every interface string the staff pages build in Python: stored codes as words, messages.

Templates hold their own text; what Python decides lives here, in one place. The tables hold the
Spanish source strings, marked with ``N_`` for the catalogue and translated when shown, into the
language of the request being served (:mod:`rumbo.web.i18n`).
"""

from __future__ import annotations

from typing import Final

from rumbo.web.i18n import N_, NP_, gettext, pgettext

LABELS: Final[dict[str, dict[str, str]]] = {
    "status": {
        "active": N_("Activos"),
        "all": N_("Todos"),
        "new": N_("Nuevo"),
        "open": N_("Abierto"),
        "pending": N_("Pendiente"),
        "solved": N_("Resuelto"),
        "closed": N_("Cerrado"),
    },
    "priority": {
        "low": N_("Baja"),
        "normal": N_("Normal"),
        "high": N_("Alta"),
        "urgent": N_("Urgente"),
    },
    "channel": {
        "email": N_("Correo"),
        "chat": N_("Chat"),
        "portal": N_("Portal"),
        "social": N_("Redes sociales"),
        "phone": N_("Teléfono"),
    },
    "health": {"healthy": N_("Sana"), "watch": N_("En observación"), "at_risk": N_("En riesgo")},
    # "Tú" is also the portal's word for the customer ("you"): these carry a context.
    "address_form": {
        "tu": NP_("address form", "Tú"),
        "usted": NP_("address form", "Usted"),
        "vos": NP_("address form", "Vos"),
    },
    "language": {"es": N_("Español"), "en": N_("Inglés"), "pt": N_("Portugués")},
    "order_status": {
        "paid": N_("Pagado"),
        "shipped": N_("Enviado"),
        "delivered": N_("Entregado"),
        "returned": N_("Devuelto"),
        "refunded": N_("Reembolsado"),
        "cancelled": N_("Cancelado"),
    },
    "author": {"customer": N_("Cliente"), "agent": N_("Equipo"), "system": N_("Sistema")},
    "role": {
        "admin": N_("Administración"),
        "agent": N_("Agente de soporte"),
        "communications": N_("Comunicación"),
        "legal": N_("Legal y cumplimiento"),
        "viewer": N_("Solo lectura"),
    },
}

# Kinds whose words are marked with ``NP_`` and translated with this context.
CONTEXTS: Final = {"address_form": "address form"}

# Plural status names for the counters above the inbox.
STATUS_PLURALS: Final = {
    "new": N_("Nuevos"),
    "open": N_("Abiertos"),
    "pending": N_("Pendientes"),
    "solved": N_("Resueltos"),
    "closed": N_("Cerrados"),
}

# Short month names for dates in lists ("23 nov 2025").
MONTHS: Final = (
    N_("ene"), N_("feb"), N_("mar"), N_("abr"), N_("may"), N_("jun"),
    N_("jul"), N_("ago"), N_("sep"), N_("oct"), N_("nov"), N_("dic"),
)  # fmt: skip

MESSAGES: Final = {
    "login_failed": N_("El correo o la contraseña no son correctos."),
    "login_missing": N_("Escribe tu correo y tu contraseña."),
    "csrf_title": N_("La sesión del formulario caducó"),
    "csrf": N_(
        "No pudimos verificar el formulario. Vuelve a la página, recárgala e inténtalo de nuevo."
    ),
    "forbidden_title": N_("Sin permiso"),
    "forbidden_reply": N_("Tu rol ({role}) no permite responder tickets ni escribir notas."),
    "forbidden_read": N_("Tu rol ({role}) no permite ver esta página."),
    "not_found_title": N_("No encontrado"),
    "not_found": N_("Esta dirección no corresponde a ninguna página de Rumbo."),
    "error_title": N_("No se pudo atender la petición"),
    "error": N_("La página no admite esta acción."),
    "ticket_not_found": N_("No existe el ticket {ticket_id}."),
    "contact_not_found": N_("No existe el cliente {contact_id}."),
    "bad_filter_title": N_("Filtro no válido"),
    "bad_filter": N_("El valor «{value}» no es válido para el campo {field}."),
    "reply_empty": N_("Escribe el mensaje antes de enviarlo."),
    "reply_invalid": N_("No se pudo guardar la respuesta: {detail}"),
    "reply_sent": N_("Respuesta enviada."),
    "note_saved": N_("Nota interna guardada."),
    "signed_out": N_("Cerraste la sesión."),
}


def label(kind: str, code: str | None) -> str:
    """The word for a stored code in the page's language; unknown codes are shown as they are."""
    if code is None:
        return "—"
    word = LABELS.get(kind, {}).get(code)
    if not word:
        return code
    return pgettext(CONTEXTS[kind], word) if kind in CONTEXTS else gettext(word)


def status_plural(code: str) -> str:
    return gettext(STATUS_PLURALS[code])


def month(number: int) -> str:
    """The short name of month ``number`` (1-12) in the page's language."""
    return gettext(MONTHS[number - 1])


def message(key: str, **values: object) -> str:
    """A Python-side message in the page's language, filled with ``values``."""
    return gettext(MESSAGES[key]).format(**values)
