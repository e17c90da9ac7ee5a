"""The customer portal's words, chosen by the contact's language.

The table holds the Spanish source strings; the catalogues translate them (:mod:`rumbo.web.i18n`).
"""

from __future__ import annotations

from typing import Final

from rumbo.web.i18n import LANGUAGES, N_, in_language

__all__ = ["LANGUAGES", "TEXT", "portal_language", "text"]

TEXT: Final[dict[str, str]] = {
    "skip": N_("Saltar al contenido"),
    "brand": N_("Portal de clientes"),
    "nav_tickets": N_("Mis tickets"),
    "nav_new": N_("Nuevo ticket"),
    "nav_assistant": N_("Asistente"),
    "nav_help": N_("Centro de ayuda"),
    "logout": N_("Cerrar sesión"),
    "footer": N_("Rumbo · portal de clientes"),
    "login_title": N_("Entra a tu portal"),
    "login_intro": N_(
        "Escribe el correo con el que nos escribes y te enviaremos un enlace "
        "para entrar. No necesitas contraseña."
    ),
    "email": N_("Correo electrónico"),
    "send_link": N_("Enviarme el enlace"),
    "email_invalid": N_("Escribe un correo electrónico válido, por ejemplo ana@ejemplo.com."),
    "check_title": N_("Revisa tu correo"),
    "check_text": N_(
        "Si {email} pertenece a una cuenta de cliente, te enviamos un enlace para "
        "entrar. El enlace caduca en 20 minutos y sirve una sola vez."
    ),
    "check_hint": N_("¿No llegó? Revisa la carpeta de correo no deseado o pide otro enlace."),
    "another_link": N_("Pedir otro enlace"),
    "link_title": N_("Este enlace ya no sirve"),
    "link_unknown": N_(
        "El enlace no es válido. Copia la dirección completa del correo o pide uno nuevo."
    ),
    "link_used": N_("Este enlace ya se usó. Cada enlace sirve una sola vez: pide uno nuevo."),
    "link_expired": N_("Este enlace caducó (dura 20 minutos). Pide uno nuevo."),
    "mail_subject": N_("Tu enlace para entrar al portal de clientes"),
    "mail_body": N_(
        "Hola, {name}:\n\nPara entrar a tu portal de clientes abre este enlace:\n\n"
        "{link}\n\nEl enlace caduca en 20 minutos y sirve una sola vez. Si no lo pediste, "
        "ignora este mensaje: nadie podrá entrar sin él.\n"
    ),
    "signed_out": N_("Cerraste la sesión."),
    "tickets_title": N_("Mis tickets"),
    "tickets_intro": N_("Tus consultas y en qué punto está cada una."),
    "tickets_empty": N_("Todavía no tienes tickets."),
    "col_ticket": N_("Ticket"),
    "col_subject": N_("Asunto"),
    "col_status": N_("Estado"),
    "col_updated": N_("Última actualización"),
    "status_new": N_("Recibido"),
    "status_open": N_("En curso"),
    "status_pending": N_("Esperando tu respuesta"),
    "status_solved": N_("Resuelto"),
    "status_closed": N_("Cerrado"),
    "back": N_("← Volver a mis tickets"),
    "conversation": N_("Conversación"),
    "opened": N_("Abierto el {when}"),
    "you": N_("Tú"),
    "team": N_("Equipo de soporte"),
    "system": N_("Asistente"),
    "no_messages": N_("Este ticket todavía no tiene mensajes."),
    "reply": N_("Responder"),
    "your_message": N_("Tu mensaje"),
    "send": N_("Enviar"),
    "reply_sent": N_("Enviamos tu mensaje."),
    "reply_empty": N_("Escribe tu mensaje antes de enviarlo."),
    "too_long": N_("El texto es demasiado largo."),
    "closed_note": N_("Este ticket está cerrado. Si necesitas algo más, abre un ticket nuevo."),
    "not_found_title": N_("No encontrado"),
    "ticket_not_found": N_("No encontramos ese ticket entre los tuyos."),
    "csrf_title": N_("El formulario caducó"),
    "csrf": N_(
        "No pudimos verificar el formulario. Vuelve a la página, recárgala e inténtalo de nuevo."
    ),
    "new_title": N_("Nuevo ticket"),
    "new_intro": N_("Cuéntanos qué necesitas. Te responderemos por aquí y por correo."),
    "subject": N_("Asunto"),
    "body": N_("Describe tu consulta"),
    "continue": N_("Continuar"),
    "subject_empty": N_("Escribe el asunto."),
    "body_empty": N_("Describe tu consulta."),
    "suggest_title": N_("¿Alguno de estos artículos responde tu pregunta?"),
    "suggest_intro": N_(
        "Quizá encuentres la respuesta ahora mismo. Si no, envía tu consulta y "
        "te atenderá una persona."
    ),
    "suggest_live": N_("Artículos que pueden ayudarte"),
    "send_anyway": N_("No, enviar mi consulta"),
    "solved_by_article": N_("Sí, ya lo resolví"),
    "ticket_created": N_("Recibimos tu consulta: ticket #{id}."),
    "assistant_title": N_("Asistente"),
    "assistant_intro": N_(
        "Pregunta lo que necesites. Respondo con los artículos del centro de "
        "ayuda y, si no puedo, paso tu consulta a una persona del equipo."
    ),
    "question": N_("Tu pregunta"),
    "ask": N_("Preguntar"),
    "new_conversation": N_("Nueva conversación"),
    "assistant_empty": N_("Todavía no has preguntado nada en esta conversación."),
    "sources": N_("Fuentes"),
    "escalated": N_("Abrimos el ticket #{id} para ti."),
    "see_ticket": N_("Ver el ticket"),
    "question_empty": N_("Escribe tu pregunta."),
    "question_long": N_("La pregunta es demasiado larga (máximo 2000 caracteres)."),
    "incident_notice": N_("Incidencia en curso: {title}"),
    "incident_status_page": N_("Ver el estado del servicio"),
}


def portal_language(code: str | None) -> str:
    """English for English-speaking contacts, Spanish for everyone else."""
    return "en" if code == "en" else "es"


def text(language: str, key: str, **values: object) -> str:
    """One portal string in ``language``, filled with ``values``."""
    if key == "html_lang":
        return portal_language(language)
    found = in_language(portal_language(language), TEXT[key])
    return found.format(**values) if values else found
