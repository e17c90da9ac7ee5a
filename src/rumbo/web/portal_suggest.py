"""Articles that may answer a piece of text: for customers writing a ticket, and for agents.

A thin, forgiving layer over the knowledge search: the text is cut to what a query may hold, only
published articles come back, and a failing search yields ``None`` so the page can say so quietly
instead of failing.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rumbo.app import Rumbo
from rumbo.knowledge.links import article_path

log = logging.getLogger(__name__)

# Queries longer than this are cut (at a word) before searching; the search refuses huge ones.
QUERY_CHARS = 400
SNIPPET_CHARS = 220


@dataclass(frozen=True)
class Suggestion:
    article_id: int
    title: str
    category: str
    language: str
    url: str
    snippet: str


def query_text(*parts: str | None, limit: int = QUERY_CHARS) -> str:
    """The parts joined into one search query of at most ``limit`` characters, cut at a word."""
    joined = " ".join(" ".join(p.split()) for p in parts if p and p.strip())
    if len(joined) <= limit:
        return joined
    cut = joined[:limit]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def snippet(value: str, limit: int = SNIPPET_CHARS) -> str:
    """A passage shortened for a list, at a word, with an ellipsis when cut."""
    flat = " ".join(value.split())
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0] + "…"


def suggested_articles(
    app: Rumbo, text: str, *, language: str | None = None, limit: int = 3
) -> list[Suggestion] | None:
    """Up to ``limit`` published articles for ``text``; ``None`` when the search failed."""
    query = query_text(text)
    if not query:
        return []
    try:
        from rumbo.knowledge.search import search

        # Its own session: a failed statement must not spoil the caller's (PostgreSQL aborts
        # the whole transaction after an error, and the page still has to render).
        with app.reading() as own:
            result = search(app, own, query, language=language, limit=limit)
    except Exception:
        # Suggestions are a help, never a reason for a page to fail.
        log.exception("article suggestions failed")
        return None
    found = []
    for hit in result.hits[:limit]:
        best = max(hit.passages, key=lambda p: p.score, default=None)
        found.append(
            Suggestion(
                article_id=hit.article_id,
                title=hit.title,
                category=hit.category,
                language=hit.language,
                url=article_path(hit.slug, hit.language),
                snippet=snippet(best.text) if best else "",
            )
        )
    return found
