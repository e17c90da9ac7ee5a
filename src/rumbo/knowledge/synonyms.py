"""Writing the synonym list: groups of words customers use for the same thing.

Only administrators change it (``knowledge.admin``). The search index reads the table and rebuilds
its expansions when ``synonym.added``, ``synonym.updated`` or ``synonym.removed`` fire.
"""

from __future__ import annotations

from typing import Any

from rumbo.context import Context
from rumbo.errors import Conflict, NotFound
from rumbo.knowledge.models import Synonym
from rumbo.knowledge.queries import list_synonyms
from rumbo.knowledge.schemas import SynonymIn, SynonymPatch

PERMISSION = "knowledge.admin"


def _view(synonym: Synonym) -> dict[str, Any]:
    return {"id": synonym.id, "language": synonym.language, "terms": list(synonym.terms)}


def _check_unique(ctx: Context, language: str, terms: list[str], skip_id: int | None) -> None:
    # A word in two groups would make expansion depend on which group the index read first.
    for other in list_synonyms(ctx.session, language=language):
        if other.id == skip_id:
            continue
        shared = [t for t in terms if t in other.terms]
        if shared:
            raise Conflict(
                f"'{shared[0]}' is already in synonym group {other.id} ({language}).",
                fields={"terms": f"'{shared[0]}' already in group {other.id}"},
            )


def _get(ctx: Context, synonym_id: int) -> Synonym:
    synonym = ctx.session.get(Synonym, synonym_id)
    if synonym is None:
        raise NotFound(f"Synonym group {synonym_id} does not exist.")
    return synonym


def add_synonym(ctx: Context, data: SynonymIn) -> Synonym:
    """Add a group of terms that mean the same in ``data.language``."""
    ctx.require(PERMISSION)
    _check_unique(ctx, data.language, data.terms, None)
    synonym = Synonym(language=data.language, terms=list(data.terms))
    ctx.session.add(synonym)
    ctx.session.flush()
    ctx.record("synonym.added", "synonym", synonym.id, after=_view(synonym))
    return synonym


def update_synonym(ctx: Context, synonym_id: int, patch: SynonymPatch) -> Synonym:
    """Change a group's terms or language."""
    ctx.require(PERMISSION)
    synonym = _get(ctx, synonym_id)
    before = _view(synonym)
    language = patch.language or synonym.language
    terms = list(patch.terms) if patch.terms is not None else list(synonym.terms)
    _check_unique(ctx, language, terms, synonym.id)
    synonym.language = language
    synonym.terms = terms
    ctx.session.flush()
    ctx.record("synonym.updated", "synonym", synonym.id, before=before, after=_view(synonym))
    return synonym


def remove_synonym(ctx: Context, synonym_id: int) -> None:
    """Delete a synonym group."""
    ctx.require(PERMISSION)
    synonym = _get(ctx, synonym_id)
    before = _view(synonym)
    ctx.session.delete(synonym)
    ctx.session.flush()
    ctx.record("synonym.removed", "synonym", synonym_id, before=before, payload=before)
