"""The words of the crisis room that Python decides: stored codes as words, and its messages.

Codes are translated with the ``crisis`` context: "Resuelto" of an incident and "Resuelto" of a
ticket may need different words in another language.
"""

from __future__ import annotations

from typing import Final

from rumbo.web.i18n import N_, NP_, gettext, pgettext

CONTEXT: Final = "crisis"

CODES: Final[dict[str, dict[str, str]]] = {
    "incident_status": {
        "detected": NP_("crisis", "Detectado"),
        "declared": NP_("crisis", "Declarado"),
        "mitigating": NP_("crisis", "Mitigando"),
        "monitoring": NP_("crisis", "En observación"),
        "resolved": NP_("crisis", "Resuelto"),
        "review": NP_("crisis", "En revisión posterior"),
    },
    "severity": {
        "low": NP_("crisis", "Baja"),
        "medium": NP_("crisis", "Media"),
        "high": NP_("crisis", "Alta"),
        "critical": NP_("crisis", "Crítica"),
    },
    "alert_status": {
        "open": NP_("crisis", "Abierta"),
        "acknowledged": NP_("crisis", "En atención"),
        "resolved": NP_("crisis", "Resuelta"),
    },
    "alert_kind": {
        "burst": NP_("crisis", "Pico de menciones"),
        "new_term": NP_("crisis", "Término nuevo"),
        "negative_share": NP_("crisis", "Sube el sentimiento negativo"),
        "influencer": NP_("crisis", "Queja de una cuenta influyente"),
        "keyword": NP_("crisis", "Palabra vigilada"),
    },
    "incident_type": {
        "outage": NP_("crisis", "Caída del servicio"),
        "influencer_complaint": NP_("crisis", "Queja de un cliente influyente"),
        "data_leak": NP_("crisis", "Filtración de datos"),
        "political": NP_("crisis", "Asunto político"),
        "competitor": NP_("crisis", "Ataque de la competencia"),
        "key_account": NP_("crisis", "Cuenta clave en riesgo"),
        "surge": NP_("crisis", "Oleada de solicitudes"),
        "custom": NP_("crisis", "Otro"),
    },
    "update_state": {
        "draft": NP_("crisis", "Por aprobar"),
        "approved": NP_("crisis", "Aprobada, sin publicar"),
        "published": NP_("crisis", "Publicada"),
    },
    "phase": {
        "investigating": NP_("crisis", "Investigando"),
        "identified": NP_("crisis", "Causa identificada"),
        "monitoring": NP_("crisis", "En observación"),
        "resolved": NP_("crisis", "Resuelto"),
    },
    "draft_status": {
        "pending": NP_("crisis", "Sin borrador"),
        "draft": NP_("crisis", "Borrador"),
        "in_review": NP_("crisis", "En revisión"),
        "approved": NP_("crisis", "Aprobado"),
        "sent": NP_("crisis", "Enviado"),
    },
    "owner": {
        "commander": NP_("crisis", "Responsable del incidente"),
        "support": NP_("crisis", "Soporte"),
        "communications": NP_("crisis", "Comunicación"),
        "engineering": NP_("crisis", "Ingeniería"),
        "legal": NP_("crisis", "Legal"),
        "compliance": NP_("crisis", "Cumplimiento"),
        "account_management": NP_("crisis", "Gestión de cuentas"),
        "executive": NP_("crisis", "Dirección"),
    },
}

# Which kind of incident an alert most likely is, to preselect it in the form.
TYPE_FOR_ALERT: Final = {"burst": "outage", "influencer": "influencer_complaint"}

# Fields of the status-update form, as a refusal names them.
FIELDS: Final = {"title": N_("título"), "body": N_("texto"), "phase": N_("fase")}

MESSAGES: Final = {
    "alert_not_found": N_("No existe la alerta {alert_id}."),
    "incident_not_found": N_("No existe el incidente {incident_id}."),
    "forbidden_incidents": N_("Tu rol ({role}) no permite abrir ni cambiar incidentes."),
    "forbidden_updates": N_(
        "Tu rol ({role}) no permite aprobar ni publicar actualizaciones de estado."
    ),
    "forbidden_drafts": N_("Tu rol ({role}) no permite aprobar borradores."),
    "own_update": N_(
        "No puedes aprobar una actualización que escribiste tú: la aprueba otra persona."
    ),
    "own_draft": N_("Escribiste este borrador: lo aprueba otra persona."),
    "update_state": N_("La actualización ya está «{state}»: no se puede hacer eso ahora."),
    "draft_state": N_("El borrador ya no está en revisión."),
    "incident_state": N_("El incidente está «{status}»: no se puede declarar ahora."),
    "update_needs_declared": N_(
        "Las actualizaciones de estado son para incidentes declarados y aún no resueltos."
    ),
    "task_done_already": N_("Esa tarea ya estaba hecha."),
    "invalid": N_("Revisa los datos: {detail}"),
    "incident_opened": N_("Incidente abierto a partir de la alerta."),
    "incident_declared": N_("Incidente declarado: el playbook creó sus tareas y comunicaciones."),
    "task_done": N_("Tarea marcada como hecha."),
    "forbidden_alerts": N_("Tu rol ({role}) no permite cambiar el estado de las alertas."),
    "alert_acknowledged": N_("Alerta reconocida: el equipo sabe que alguien se ocupa."),
    "alert_resolved": N_("Alerta resuelta."),
    "alert_resolved_already": N_("La alerta ya estaba resuelta."),
    "incident_moved": N_("El incidente pasó a «{status}»."),
    "incident_cannot_move": N_("El incidente está «{status}»: no puede pasar a «{target}»."),
    "update_drafted": N_("Actualización guardada como borrador: ahora la aprueba otra persona."),
    "update_approved": N_("Actualización aprobada."),
    "update_published": N_("Actualización publicada en la página de estado."),
    "draft_approved": N_("Borrador aprobado."),
}


def code(kind: str, value: str | None) -> str:
    """The word for a stored crisis code in the page's language; unknown codes as they are."""
    if value is None:
        return "—"
    word = CODES.get(kind, {}).get(value)
    return pgettext(CONTEXT, word) if word else value


def field_names(names: list[str]) -> str:
    return ", ".join(gettext(FIELDS[n]) if n in FIELDS else n for n in dict.fromkeys(names))


def say(key: str, **values: object) -> str:
    """A crisis-room message in the page's language, filled with ``values``."""
    return gettext(MESSAGES[key]).format(**values)
