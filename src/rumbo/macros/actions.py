"""Saving and removing macros.

Macros are the team's shared words, like the knowledge base, so the people who administer the
knowledge base (``knowledge.admin``) manage them; every agent who may answer tickets uses them.
"""

from __future__ import annotations

from sqlalchemy import select

from rumbo.context import Context
from rumbo.errors import Conflict, NotFound
from rumbo.macros.models import Macro
from rumbo.macros.schemas import MacroIn

MANAGE = "knowledge.admin"
USE = "tickets.write"


def create_macro(ctx: Context, data: MacroIn) -> Macro:
    ctx.require(MANAGE)
    if ctx.session.scalar(select(Macro.id).where(Macro.title == data.title)) is not None:
        raise Conflict(f"A macro titled '{data.title}' already exists.", fields={"title": "taken"})
    macro = Macro(title=data.title, body=data.body, created_by=ctx.actor.label)
    ctx.session.add(macro)
    ctx.session.flush()
    ctx.record("macro.created", "macro", macro.id, after={"title": macro.title})
    return macro


def delete_macro(ctx: Context, macro_id: int) -> None:
    ctx.require(MANAGE)
    macro = ctx.session.get(Macro, macro_id)
    if macro is None:
        raise NotFound(f"Macro {macro_id} does not exist.")
    ctx.record(
        "macro.deleted", "macro", macro.id, before={"title": macro.title, "body": macro.body}
    )
    ctx.session.delete(macro)
