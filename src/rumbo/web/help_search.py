"""Searching the help center: the results page and the instant suggestions behind the search box.

Both ask :func:`rumbo.knowledge.search.search`, then keep only published articles (a draft the
index still holds never leaks), each shown in the reader's language when a translation exists.
The results page works as a plain GET form; the suggestions are an extra for ``help.js``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session
from starlette.responses import JSONResponse, Response

from rumbo.errors import ValidationFailed
from rumbo.knowledge import queries
from rumbo.web.deps import PageSession, rumbo_of
from rumbo.web.help_common import (
    HelpError,
    article_url,
    category_url,
    excerpt,
    help_page,
    reader_language,
    search_url,
)
from rumbo.web.help_text import LANGUAGE_NAMES, LANGUAGES
from rumbo.web.templating import SECURITY_HEADERS

if TYPE_CHECKING:
    from rumbo.knowledge.search import SearchResult

router = APIRouter(prefix="/help")
RESULTS = 10
SUGGESTIONS = 5
# Suggestions start once a word is taking shape; one letter matches nearly everything.
SUGGEST_MIN_CHARS = 2
SNIPPET_CHARS = 240
# Below this confidence the page says the results may not answer the question.
LOW_CONFIDENCE = 0.35


def _search(
    request: Request, session: Session, query: str, language: str, limit: int
) -> SearchResult:
    from rumbo.knowledge.search import search

    # A crowd of different questions is answered by words rather than queued (``shed``).
    return search(rumbo_of(request), session, query, language=language, limit=limit, shed=True)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"


def reader_hits(session: Session, result: SearchResult, language: str) -> list[dict[str, Any]]:
    """The hits a reader of ``language`` sees: published only, each in their language if it
    exists (the search matches across languages), and each article once.
    """
    shown = queries.published_for_reader(session, [h.article_id for h in result.hits], language)
    seen: set[int] = set()
    hits: list[dict[str, Any]] = []
    for hit in result.hits:
        article = shown.get(hit.article_id)
        if article is None or article.id in seen:
            continue
        seen.add(article.id)
        # The matched passage is quoted only when it is in the article shown.
        same = article.id == hit.article_id and hit.passages
        hits.append(
            {
                "title": article.title,
                "language": article.language,
                "language_name": LANGUAGE_NAMES.get(article.language, article.language),
                "url": article_url(article.slug, article.language),
                "category": article.category,
                "category_url": category_url(article.category, article.language),
                "snippet": _snippet(hit.passages[0].text if same else excerpt(article.body_md)),
                "confidence": float(hit.confidence),
            }
        )
    return hits


@router.get("/search")
def search_page(
    request: Request,
    session: PageSession,
    q: str = "",
    lang: Annotated[str | None, Query()] = None,
) -> Response:
    """Results for ``q`` in ``lang``; an empty or unusable query gets a page saying why."""
    language = reader_language(lang)
    if not q.strip():
        raise HelpError(400, language, "error_title", "empty_query")
    try:
        result = _search(request, session, q, language, RESULTS)
    except ValidationFailed:
        raise HelpError(422, language, "error_title", "bad_query", query=q) from None
    hits = reader_hits(session, result, language)
    top = hits[0]["confidence"] if hits else None
    return help_page(
        request,
        "help/search.html",
        language,
        switch={code: search_url(q, code) for code in LANGUAGES},
        query=q,
        hits=hits,
        low_confidence=top is not None and top < LOW_CONFIDENCE,
        categories=queries.published_categories(session, language) if not hits else [],
    )


@router.get("/suggest")
def suggest(
    request: Request,
    session: PageSession,
    q: str = "",
    lang: Annotated[str | None, Query()] = None,
) -> Response:
    """Up to five article titles for the text typed so far, as JSON for ``help.js``."""
    headers = {**SECURITY_HEADERS, "Cache-Control": "no-store"}
    language = lang if lang in LANGUAGES else None
    if language is None:
        return JSONResponse(
            {"items": [], "error": "lang must be one of: " + ", ".join(LANGUAGES)},
            status_code=422,
            headers=headers,
        )
    if len(q.strip()) < SUGGEST_MIN_CHARS:
        return JSONResponse({"items": []}, headers=headers)
    try:
        result = _search(request, session, q, language, SUGGESTIONS)
    except ValidationFailed as exc:
        return JSONResponse({"items": [], "error": exc.message}, status_code=422, headers=headers)
    items = [
        {
            "title": hit["title"],
            "url": hit["url"],
            "category": hit["category"],
            # Set only for an article that exists just in the other language.
            "language": None if hit["language"] == language else hit["language_name"],
        }
        for hit in reader_hits(session, result, language)[:SUGGESTIONS]
    ]
    return JSONResponse({"items": items}, headers=headers)
