"""Inserting a macro into the reply box without JavaScript: the page comes back with it added."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from starlette.responses import HTMLResponse

from rumbo.macros.actions import USE
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import CurrentPage, FormText, PageError
from rumbo.web.labels import message
from rumbo.web.tickets import ticket_page

router = APIRouter()
CsrfChecked = Annotated[None, Depends(verify_csrf)]


@router.post("/tickets/{ticket_id}/macro")
def insert_macro(
    ticket_id: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    body: FormText = "",
    macro: FormText = "",
) -> HTMLResponse:
    """The reply box as it was plus the chosen macro, its fields filled in; nothing is saved."""
    if not ticket_id.isdigit():
        raise PageError(
            404, message("not_found_title"), message("ticket_not_found", ticket_id=ticket_id)
        )
    page.require(USE)
    number = int(ticket_id)
    return ticket_page(page, number, draft=body, macro_key=macro)
