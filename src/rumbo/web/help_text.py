"""The help center's words, in the language of the article being read.

The public help center follows the reader's language (``?lang=``), not the staff's choice; the
table holds the Spanish source strings and the catalogues translate them (:mod:`rumbo.web.i18n`).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Final

from rumbo.web.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, in_language

__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "LANGUAGE_NAMES", "count", "long_date", "text"]

# Each language is named in itself, so a reader finds their own in the switcher.
LANGUAGE_NAMES: Final = {"es": "Español", "en": "English"}

_MONTHS: Final = (
    N_("enero"), N_("febrero"), N_("marzo"), N_("abril"), N_("mayo"), N_("junio"),
    N_("julio"), N_("agosto"), N_("septiembre"), N_("octubre"), N_("noviembre"),
    N_("diciembre"),
)  # fmt: skip

TEXT: Final[dict[str, str]] = {
    "site": N_("Centro de ayuda"),
    "home_title": N_("¿En qué podemos ayudarte?"),
    "home_lead": N_("Busca una respuesta o explora los temas."),
    "search_label": N_("Buscar en el centro de ayuda"),
    "search_placeholder": N_("Por ejemplo: cambiar la dirección de envío"),
    "search_button": N_("Buscar"),
    "search_short": N_("Buscar artículos"),
    "other_topics": N_("Otros temas"),
    "suggestions": N_("Sugerencias"),
    "suggestions_count": N_("{n} sugerencias disponibles; usa las flechas para elegir."),
    "no_suggestions": N_("Sin sugerencias."),
    "categories": N_("Temas"),
    "articles_count_one": N_("1 artículo"),
    "articles_count": N_("{n} artículos"),
    "see_all": N_("Ver los {n} artículos"),
    "language": N_("Idioma"),
    "breadcrumb": N_("Ruta de navegación"),
    "updated": N_("Actualizado el {date}"),
    "helpful_question": N_("¿Te resultó útil este artículo?"),
    "helpful_yes": N_("Sí"),
    "helpful_no": N_("No"),
    "helpful_comment": N_("Cuéntanos qué faltó (opcional)"),
    "helpful_comment_label": N_("Comentario"),
    "helpful_thanks": N_("¡Gracias! Tu respuesta nos ayuda a mejorar estos artículos."),
    "related": N_("Más sobre este tema"),
    "not_translated": N_("Este artículo todavía no está disponible en español."),
    "results_title": N_("Resultados de búsqueda"),
    "results_for": N_("Resultados para «{q}»"),
    "results_count_one": N_("1 artículo encontrado"),
    "results_count": N_("{n} artículos encontrados"),
    "no_results": N_("No encontramos artículos para «{q}»."),
    "no_results_hint": N_("Prueba con otras palabras o explora los temas."),
    "low_confidence": N_("Estos resultados podrían no responder exactamente tu pregunta."),
    "contact": N_("¿No encuentras lo que buscas? Escríbenos desde el chat de la app."),
    "ask_assistant": N_("Pregunta al asistente"),
    "back_home": N_("Volver al centro de ayuda"),
    "error_title": N_("No pudimos completar la búsqueda"),
    "empty_query": N_("Escribe qué quieres buscar."),
    "bad_query": N_("La búsqueda es demasiado larga o no es válida. Prueba con menos palabras."),
    "bad_language": N_("Ese idioma no está disponible en el centro de ayuda."),
    "not_found_title": N_("No encontramos esta página"),
    "not_found": N_("Puede que el artículo se haya movido o ya no esté publicado."),
    "bad_vote_title": N_("No pudimos guardar tu respuesta"),
    "bad_vote": N_("Elige «Sí» o «No» para decirnos si el artículo te sirvió."),
    "csrf_title": N_("No pudimos guardar tu respuesta"),
    "csrf": N_("El formulario caducó. Vuelve al artículo, recarga la página e inténtalo de nuevo."),
    "skip": N_("Saltar al contenido"),
    "footer": N_("Centro de ayuda · funciona con Rumbo"),
}


@lru_cache(maxsize=len(LANGUAGES))
def text(language: str) -> dict[str, str]:
    """The interface strings for ``language`` (Spanish when it is not offered)."""
    chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return {key: in_language(chosen, value) for key, value in TEXT.items()}


def count(language: str, key: str, n: int) -> str:
    """``"1 artículo"`` / ``"12 artículos"`` from the ``key_one`` and ``key`` strings."""
    table = text(language)
    return table[f"{key}_one"] if n == 1 else table[key].format(n=n)


def long_date(value: dt.date | dt.datetime, language: str) -> str:
    """``3 de marzo de 2026`` or ``March 3, 2026``."""
    day = value.date() if isinstance(value, dt.datetime) else value
    month = in_language(language, _MONTHS[day.month - 1])
    pattern = in_language(language, N_("{day} de {month} de {year}"))
    return pattern.format(day=day.day, month=month, year=day.year)
