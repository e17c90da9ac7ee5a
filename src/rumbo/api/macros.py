"""Macros: reply snippets agents insert into their answers (``{nombre}``, ``{incidente}``)."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.macros import actions, queries
from rumbo.macros.schemas import MacroIn, MacroOut

router = APIRouter(tags=["macros"])


@router.get("/macros", response_model=list[MacroOut], dependencies=needs(actions.USE))
def list_macros(session: ReadSession) -> list[MacroOut]:
    return [MacroOut.model_validate(m) for m in queries.list_macros(session)]


@router.post("/macros", response_model=MacroOut, status_code=status.HTTP_201_CREATED)
def create_macro(data: MacroIn, ctx: UnitOfWork) -> MacroOut:
    return MacroOut.model_validate(actions.create_macro(ctx, data))


@router.delete("/macros/{macro_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_macro(macro_id: int, ctx: UnitOfWork) -> Response:
    actions.delete_macro(ctx, macro_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
