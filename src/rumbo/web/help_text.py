"""The help center's words in each language it is offered in.

The staff pages are Spanish only; the public help center follows the reader's language, so its
interface strings live here, one table per language, with the same keys in each.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

LANGUAGES: Final = ("es", "en")
DEFAULT_LANGUAGE: Final = "es"
LANGUAGE_NAMES: Final = {"es": "Español", "en": "English"}

_MONTHS: Final = {
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
        "octubre", "noviembre", "diciembre",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ),
}  # fmt: skip

TEXT: Final[dict[str, dict[str, str]]] = {
    "es": {
        "site": "Centro de ayuda",
        "home_title": "¿En qué podemos ayudarte?",
        "home_lead": "Busca una respuesta o explora los temas.",
        "search_label": "Buscar en el centro de ayuda",
        "search_placeholder": "Por ejemplo: cambiar la dirección de envío",
        "search_button": "Buscar",
        "search_short": "Buscar artículos",
        "other_topics": "Otros temas",
        "suggestions": "Sugerencias",
        "suggestions_count": "{n} sugerencias disponibles; usa las flechas para elegir.",
        "no_suggestions": "Sin sugerencias.",
        "categories": "Temas",
        "articles_count_one": "1 artículo",
        "articles_count": "{n} artículos",
        "see_all": "Ver los {n} artículos",
        "language": "Idioma",
        "breadcrumb": "Ruta de navegación",
        "updated": "Actualizado el {date}",
        "helpful_question": "¿Te resultó útil este artículo?",
        "helpful_yes": "Sí",
        "helpful_no": "No",
        "helpful_comment": "Cuéntanos qué faltó (opcional)",
        "helpful_comment_label": "Comentario",
        "helpful_thanks": "¡Gracias! Tu respuesta nos ayuda a mejorar estos artículos.",
        "related": "Más sobre este tema",
        "not_translated": "Este artículo todavía no está disponible en español.",
        "results_title": "Resultados de búsqueda",
        "results_for": "Resultados para «{q}»",
        "results_count_one": "1 artículo encontrado",
        "results_count": "{n} artículos encontrados",
        "no_results": "No encontramos artículos para «{q}».",
        "no_results_hint": "Prueba con otras palabras o explora los temas.",
        "low_confidence": "Estos resultados podrían no responder exactamente tu pregunta.",
        "contact": "¿No encuentras lo que buscas? Escríbenos desde el chat de la app.",
        "back_home": "Volver al centro de ayuda",
        "error_title": "No pudimos completar la búsqueda",
        "empty_query": "Escribe qué quieres buscar.",
        "bad_query": "La búsqueda es demasiado larga o no es válida. Prueba con menos palabras.",
        "bad_language": "Ese idioma no está disponible en el centro de ayuda.",
        "not_found_title": "No encontramos esta página",
        "not_found": "Puede que el artículo se haya movido o ya no esté publicado.",
        "bad_vote_title": "No pudimos guardar tu respuesta",
        "bad_vote": "Elige «Sí» o «No» para decirnos si el artículo te sirvió.",
        "csrf_title": "No pudimos guardar tu respuesta",
        "csrf": "El formulario caducó. Vuelve al artículo, recarga la página e inténtalo de nuevo.",
        "skip": "Saltar al contenido",
        "footer": "Centro de ayuda · funciona con Rumbo",
    },
    "en": {
        "site": "Help center",
        "home_title": "How can we help?",
        "home_lead": "Search for an answer or browse the topics.",
        "search_label": "Search the help center",
        "search_placeholder": "For example: change the shipping address",
        "search_button": "Search",
        "search_short": "Search articles",
        "other_topics": "Other topics",
        "suggestions": "Suggestions",
        "suggestions_count": "{n} suggestions available; use the arrow keys to choose.",
        "no_suggestions": "No suggestions.",
        "categories": "Topics",
        "articles_count_one": "1 article",
        "articles_count": "{n} articles",
        "see_all": "See all {n} articles",
        "language": "Language",
        "breadcrumb": "Breadcrumb",
        "updated": "Updated {date}",
        "helpful_question": "Was this article helpful?",
        "helpful_yes": "Yes",
        "helpful_no": "No",
        "helpful_comment": "Tell us what was missing (optional)",
        "helpful_comment_label": "Comment",
        "helpful_thanks": "Thank you! Your answer helps us improve these articles.",
        "related": "More on this topic",
        "not_translated": "This article is not available in English yet.",
        "results_title": "Search results",
        "results_for": "Results for “{q}”",
        "results_count_one": "1 article found",
        "results_count": "{n} articles found",
        "no_results": "We found no articles for “{q}”.",
        "no_results_hint": "Try other words or browse the topics.",
        "low_confidence": "These results may not answer your question exactly.",
        "contact": "Can't find what you need? Message us from the in-app chat.",
        "back_home": "Back to the help center",
        "error_title": "We couldn't run that search",
        "empty_query": "Type what you are looking for.",
        "bad_query": "The search is too long or not valid. Try fewer words.",
        "bad_language": "That language is not available in the help center.",
        "not_found_title": "We couldn't find this page",
        "not_found": "The article may have moved or is no longer published.",
        "bad_vote_title": "We couldn't save your answer",
        "bad_vote": "Choose “Yes” or “No” to tell us whether the article helped.",
        "csrf_title": "We couldn't save your answer",
        "csrf": "The form expired. Go back to the article, reload the page and try again.",
        "skip": "Skip to content",
        "footer": "Help center · powered by Rumbo",
    },
}


def text(language: str) -> dict[str, str]:
    """The interface strings for ``language`` (Spanish when it is not offered)."""
    return TEXT.get(language, TEXT[DEFAULT_LANGUAGE])


def count(language: str, key: str, n: int) -> str:
    """``"1 artículo"`` / ``"12 artículos"`` from the ``key_one`` and ``key`` strings."""
    table = text(language)
    return table[f"{key}_one"] if n == 1 else table[key].format(n=n)


def long_date(value: dt.date | dt.datetime, language: str) -> str:
    """``3 de marzo de 2026`` or ``March 3, 2026``."""
    day = value.date() if isinstance(value, dt.datetime) else value
    month = _MONTHS.get(language, _MONTHS[DEFAULT_LANGUAGE])[day.month - 1]
    if language == "en":
        return f"{month} {day.day}, {day.year}"
    return f"{day.day} de {month} de {day.year}"
