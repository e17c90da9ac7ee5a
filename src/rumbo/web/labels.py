"""Every interface string the web pages build in Python, in Spanish.

Templates hold their own text; what Python decides (stored codes shown as words, error messages)
lives here, in one place, so a translation layer can replace these tables later without touching
the views.
"""

from __future__ import annotations

from typing import Final

from rumbo.accounts.access import ROLE_TITLES

LABELS: Final[dict[str, dict[str, str]]] = {
    "status": {
        "active": "Activos",
        "all": "Todos",
        "new": "Nuevo",
        "open": "Abierto",
        "pending": "Pendiente",
        "solved": "Resuelto",
        "closed": "Cerrado",
    },
    "priority": {"low": "Baja", "normal": "Normal", "high": "Alta", "urgent": "Urgente"},
    "channel": {
        "email": "Correo",
        "chat": "Chat",
        "portal": "Portal",
        "social": "Redes sociales",
        "phone": "Teléfono",
    },
    "health": {"healthy": "Sana", "watch": "En observación", "at_risk": "En riesgo"},
    "address_form": {"tu": "Tú", "usted": "Usted", "vos": "Vos"},
    "language": {"es": "Español", "en": "Inglés", "pt": "Portugués"},
    "order_status": {
        "paid": "Pagado",
        "shipped": "Enviado",
        "delivered": "Entregado",
        "returned": "Devuelto",
        "refunded": "Reembolsado",
        "cancelled": "Cancelado",
    },
    "author": {"customer": "Cliente", "agent": "Equipo", "system": "Sistema"},
    "role": dict(ROLE_TITLES),
}

# Plural status names for the counters above the inbox.
STATUS_PLURALS: Final = {
    "new": "Nuevos",
    "open": "Abiertos",
    "pending": "Pendientes",
    "solved": "Resueltos",
    "closed": "Cerrados",
}

MONTHS: Final = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic")

MESSAGES: Final = {
    "login_failed": "El correo o la contraseña no son correctos.",
    "login_missing": "Escribe tu correo y tu contraseña.",
    "csrf_title": "La sesión del formulario caducó",
    "csrf": (
        "No pudimos verificar el formulario. Vuelve a la página, recárgala e inténtalo de nuevo."
    ),
    "forbidden_title": "Sin permiso",
    "forbidden_reply": "Tu rol ({role}) no permite responder tickets ni escribir notas.",
    "forbidden_read": "Tu rol ({role}) no permite ver esta página.",
    "not_found_title": "No encontrado",
    "not_found": "Esta dirección no corresponde a ninguna página de Rumbo.",
    "error_title": "No se pudo atender la petición",
    "error": "La página no admite esta acción.",
    "ticket_not_found": "No existe el ticket {ticket_id}.",
    "contact_not_found": "No existe el cliente {contact_id}.",
    "bad_filter_title": "Filtro no válido",
    "bad_filter": "El valor «{value}» no es válido para el campo {field}.",
    "reply_empty": "Escribe el mensaje antes de enviarlo.",
    "reply_invalid": "No se pudo guardar la respuesta: {detail}",
    "reply_sent": "Respuesta enviada.",
    "note_saved": "Nota interna guardada.",
    "signed_out": "Cerraste la sesión.",
}


def label(kind: str, code: str | None) -> str:
    """The Spanish word for a stored code; unknown codes are shown as they are."""
    if code is None:
        return "—"
    return LABELS.get(kind, {}).get(code, code)


def message(key: str, **values: object) -> str:
    """A Python-side message, filled with ``values``."""
    return MESSAGES[key].format(**values)
