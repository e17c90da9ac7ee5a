"""Users, their roles, and API tokens: the accounts actions behind an administrator's forms.

A new token's secret is shown on the page that answers its creation and nowhere else: it is
neither stored (only its hash is) nor put in the session cookie for a redirect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from fastapi import APIRouter
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.accounts import actions as account_actions
from rumbo.accounts import queries as account_queries
from rumbo.accounts.access import ROLES
from rumbo.accounts.schemas import TokenCreate, UserCreate
from rumbo.errors import Conflict, ValidationFailed
from rumbo.web.deps import CurrentPage, FormText, Page, PageError, rumbo_of
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import label, message
from rumbo.web.settings_common import (
    CsrfChecked,
    field_errors,
    flash,
    render,
    require_section,
    writing,
)

router = APIRouter()

# Why the accounts actions refused, by the field they name, in the page's words.
REFUSALS: Final = {
    "email": N_("Ya hay un usuario con ese correo."),
    "self": N_("No puedes cambiar tu propio rol ni desactivarte."),
    "last_admin": N_("Rumbo necesita al menos una persona activa con rol de administración."),
    "role": N_("Ese rol no existe."),
}


@dataclass
class NewUser:
    name: str = ""
    email: str = ""
    role: str = "agent"
    language: str = "es"


@dataclass(frozen=True)
class IssuedToken:
    """A token just created: the only moment its secret can be seen."""

    owner: str
    name: str
    secret: str


def _number(raw: str, what: str) -> int:
    if not raw.isdigit():
        raise PageError(404, message("not_found_title"), gettext(what))
    return int(raw)


def _page(
    page: Page,
    *,
    new_user: NewUser | None = None,
    errors: dict[str, str] | None = None,
    token_errors: dict[str, str] | None = None,
    problem: str | None = None,
    issued: IssuedToken | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    show_tokens = page.allows("tokens.manage")
    return render(
        page,
        "users",
        "settings/users.html",
        status_code=status_code,
        users=account_queries.list_users(page.session),
        tokens=account_queries.all_tokens(page.session) if show_tokens else [],
        show_tokens=show_tokens,
        roles=[(r, label("role", r)) for r in ROLES],
        new_user=new_user or NewUser(),
        errors=errors or {},
        token_errors=token_errors or {},
        problem=problem,
        issued=issued,
        me=page.user.id,
    )


def _refusal(exc: Conflict | ValidationFailed) -> str:
    reason = next(iter(exc.fields.values()), "") if exc.fields else ""
    key = reason if reason in REFUSALS else next(iter(exc.fields), "")
    return gettext(REFUSALS.get(key, N_("No se pudo guardar el cambio.")))


@router.get("/settings/users")
def user_list(page: CurrentPage) -> HTMLResponse:
    require_section(page, "users")
    return _page(page)


@router.post("/settings/users")
def add_user(
    page: CurrentPage,
    _csrf: CsrfChecked,
    name: FormText = "",
    email: FormText = "",
    role: FormText = "agent",
    password: FormText = "",
    language: FormText = "es",
) -> Response:
    """Add a person who can sign in with the password given here."""
    require_section(page, "users")
    typed = NewUser(name=name.strip(), email=email.strip(), role=role, language=language)
    try:
        data = UserCreate(
            name=typed.name, email=typed.email, role=role, password=password, language=language
        )
    except ValidationError as exc:
        return _page(page, new_user=typed, errors=field_errors(exc), status_code=422)
    try:
        with writing(page) as ctx:
            added = account_actions.add_user(ctx, data)
            added_name = added.name
    except Conflict as exc:
        return _page(page, new_user=typed, errors={"email": _refusal(exc)}, status_code=409)
    flash(page, gettext(N_("Se añadió a {name}.")).format(name=added_name))
    return RedirectResponse("/settings/users", status_code=303)


@router.post("/settings/users/{user_id}/role")
def change_role(
    user_id: str, page: CurrentPage, _csrf: CsrfChecked, role: FormText = ""
) -> Response:
    require_section(page, "users")
    number = _number(user_id, N_("Ese usuario no existe."))
    try:
        with writing(page) as ctx:
            user = account_actions.set_role(ctx, number, role)
            name, new_role = user.name, user.role
    except (Conflict, ValidationFailed) as exc:
        return _page(page, problem=_refusal(exc), status_code=409)
    flash(
        page,
        gettext(N_("{name} tiene ahora el rol {role}.")).format(
            name=name, role=label("role", new_role)
        ),
    )
    return RedirectResponse("/settings/users", status_code=303)


@router.post("/settings/users/{user_id}/active")
def set_active(
    user_id: str, page: CurrentPage, _csrf: CsrfChecked, active: FormText = ""
) -> Response:
    """Deactivate a user (they can no longer sign in nor use their tokens), or reactivate them."""
    require_section(page, "users")
    number = _number(user_id, N_("Ese usuario no existe."))
    try:
        with writing(page) as ctx:
            user = account_actions.set_active(ctx, number, active == "1")
            name, now_active = user.name, user.is_active
    except Conflict as exc:
        return _page(page, problem=_refusal(exc), status_code=409)
    text = N_("{name} puede volver a entrar.") if now_active else N_("{name} quedó desactivado.")
    flash(page, gettext(text).format(name=name))
    return RedirectResponse("/settings/users", status_code=303)


@router.post("/settings/tokens")
def create_token(
    page: CurrentPage, _csrf: CsrfChecked, user_id: FormText = "", name: FormText = ""
) -> Response:
    """Issue a token for a user and show its secret once, on this very answer."""
    require_section(page, "users")
    page.require("tokens.manage")
    try:
        data = TokenCreate(name=name.strip())
    except ValidationError as exc:
        return _page(page, token_errors=field_errors(exc), status_code=422)
    number = _number(user_id, N_("Ese usuario no existe."))
    with writing(page) as ctx:
        token, secret = account_actions.create_token(ctx, number, data.name)
        issued = IssuedToken(owner=token.user.name, name=token.name, secret=secret)
    # The page's read session started before the write; a fresh one lists the new token.
    with rumbo_of(page.request).reading() as session:
        answer = _page(Page(page.request, session, page.user), issued=issued)
    answer.headers["Cache-Control"] = "no-store"
    return answer


@router.post("/settings/tokens/{token_id}/revoke")
def revoke_token(token_id: str, page: CurrentPage, _csrf: CsrfChecked) -> Response:
    require_section(page, "users")
    page.require("tokens.manage")
    with writing(page) as ctx:
        token = account_actions.revoke_token(ctx, _number(token_id, N_("Ese token no existe.")))
        name = token.name
    flash(page, gettext(N_("Se revocó el token «{name}».")).format(name=name))
    return RedirectResponse("/settings/users", status_code=303)
