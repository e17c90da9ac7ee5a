"""What every settings page shares: its sections, who may open each, writes and form errors.

Each section is guarded by the permission its domain actions check, so the index and the side
navigation only offer what the signed-in person can actually use.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Final

from fastapi import Depends
from pydantic import ValidationError
from starlette.responses import HTMLResponse

from rumbo.api.deps import actor_for
from rumbo.context import Context
from rumbo.errors import NotFound, PermissionDenied
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import Page, PageError, rumbo_of
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import label, message

CsrfChecked = Annotated[None, Depends(verify_csrf)]


@dataclass(frozen=True)
class Section:
    key: str
    path: str
    title: str  # marked with N_, translated when shown
    summary: str
    permission: str


SECTIONS: Final = (
    Section(
        "brand",
        "/settings/brand",
        N_("Voz de marca"),
        N_("Cómo habla la marca: tono, tratamiento y palabras que evita, con el crítico al lado."),
        "brand.manage",
    ),
    Section(
        "alert-rules",
        "/settings/alert-rules",
        N_("Reglas de alerta"),
        N_("Cuándo una señal de escucha se vuelve alerta, con qué gravedad y a quién se avisa."),
        "alerts.manage",
    ),
    Section(
        "playbooks",
        "/settings/playbooks",
        N_("Playbooks de crisis"),
        N_("Qué hace el equipo en cada tipo de incidente, en YAML versionado."),
        "incidents.manage",
    ),
    Section(
        "users",
        "/settings/users",
        N_("Usuarios y tokens"),
        N_("Quién entra a Rumbo, con qué rol, y los tokens de la API."),
        "accounts.manage",
    ),
    # Integrations show how the installation talks to the outside: an administrator's view.
    Section(
        "integrations",
        "/settings/integrations",
        N_("Integraciones"),
        N_("Modelo de lenguaje, correo saliente y destinos de los avisos, con prueba de conexión."),
        "listening.admin",
    ),
)
SECTION_BY_KEY: Final = {s.key: s for s in SECTIONS}

# Pydantic's error types in words a person filling in a form understands.
FIELD_ERRORS: Final = {
    "missing": N_("Este campo es obligatorio."),
    "string_too_short": N_("Este campo es obligatorio."),
    "string_too_long": N_("El texto es demasiado largo."),
    "string_pattern_mismatch": N_("El formato no es válido."),
    "int_parsing": N_("Escribe un número entero."),
    "int_from_float": N_("Escribe un número entero."),
    "float_parsing": N_("Escribe un número."),
    "greater_than_equal": N_("El número es demasiado pequeño."),
    "less_than_equal": N_("El número es demasiado grande."),
    "literal_error": N_("Elige una de las opciones."),
    "too_short": N_("Añade al menos un elemento."),
}


# Messages our own validators raise, recognised by a distinctive piece of their text.
VALUE_ERRORS: Final = {
    "must not be empty": N_("Este campo es obligatorio."),
    "HH:MM": N_("Escribe una hora como HH:MM (24 h)."),
}


def allowed_sections(page: Page) -> list[Section]:
    return [s for s in SECTIONS if page.allows(s.permission)]


def require_section(page: Page, key: str) -> Section:
    section = SECTION_BY_KEY[key]
    page.require(section.permission)
    return section


def field_errors(exc: ValidationError, fields: dict[str, str] | None = None) -> dict[str, str]:
    """The first problem of each form field, in the page's language.

    ``fields`` maps a schema field to the form field that shows it, when their names differ.
    """
    found: dict[str, str] = {}
    for error in exc.errors():
        name = str(error["loc"][0]) if error.get("loc") else "form"
        name = (fields or {}).get(name, name)
        if name in found:
            continue
        detail = str(error["msg"]).removeprefix("Value error, ")
        known = next((m for piece, m in VALUE_ERRORS.items() if piece in detail), None)
        if known is not None:
            found[name] = gettext(known)
        elif error["type"] == "value_error":
            found[name] = gettext(N_("El valor no es válido: {detail}")).format(detail=detail)
        else:
            found[name] = gettext(FIELD_ERRORS.get(error["type"], N_("El valor no es válido.")))
    return found


def forbidden(page: Page) -> PageError:
    return PageError(
        403,
        message("forbidden_title"),
        message("forbidden_read", role=label("role", page.user.role)),
    )


@contextmanager
def writing(page: Page) -> Iterator[Context]:
    """A unit of work as the signed-in user; refusals and missing records become error pages."""
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            yield ctx
    except PermissionDenied:
        raise forbidden(page) from None
    except NotFound:
        raise PageError(
            404, message("not_found_title"), gettext(N_("Ese registro ya no existe."))
        ) from None


def flash(page: Page, text: str) -> None:
    page.request.session["flash"] = text


def render(page: Page, section: str, template: str, **context: Any) -> HTMLResponse:
    """A settings page: the layout with the sections this person may open."""
    return page.render(
        template,
        sections=allowed_sections(page),
        section=SECTION_BY_KEY[section] if section else None,
        **context,
    )
