"""The public help center at /help: topics, articles and "was this helpful?".

No page here needs a signed-in user, and only published articles are ever shown: every read goes
through the ``published_*`` queries. Search lives in :mod:`rumbo.web.help_search`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Form, Query, Request
from markupsafe import Markup
from starlette.responses import RedirectResponse, Response

from rumbo.context import Actor
from rumbo.errors import NotFound
from rumbo.knowledge import actions, queries
from rumbo.knowledge.actions import slugify
from rumbo.knowledge.render import to_html
from rumbo.knowledge.schemas import FeedbackIn
from rumbo.web import help_search
from rumbo.web.csrf import CsrfRejected, verify_csrf
from rumbo.web.deps import PageSession, rumbo_of
from rumbo.web.help_common import (
    HelpError,
    article_url,
    error_page,
    excerpt,
    help_page,
    reader_language,
)
from rumbo.web.help_text import LANGUAGES, long_date
from rumbo.web.templating import templates_of

router = APIRouter(prefix="/help")
LangParam = Annotated[str | None, Query(alias="lang")]
HOME_TITLES_PER_CATEGORY = 4
# Votes this browser already gave, remembered so a second click does not count twice.
VOTES_KEY = "help_votes"
VOTES_KEPT = 50
PUBLIC_ACTOR = Actor(label="help-center", role="public")


@router.get("")
def home(request: Request, session: PageSession, lang: LangParam = None) -> Response:
    """Search box and every topic with a few of its articles."""
    language = reader_language(lang)
    by_category: dict[str, list[Any]] = {}
    for article in queries.published_articles(session, language):
        by_category.setdefault(article.category, []).append(article)
    categories = [
        {"name": name, "total": len(items), "articles": items[:HOME_TITLES_PER_CATEGORY]}
        for name, items in by_category.items()
    ]
    return help_page(request, "help/home.html", language, categories=categories, query="")


@router.get("/categories/{category_slug}")
def category(
    request: Request, category_slug: str, session: PageSession, lang: LangParam = None
) -> Response:
    """Every published article of one topic."""
    language = reader_language(lang)
    topics = queries.published_categories(session, language)
    name = next((n for n, _ in topics if slugify(n) == category_slug), None)
    if name is None:
        raise HelpError(404, language, "not_found_title", "not_found")
    articles = [
        {"title": a.title, "url": article_url(a.slug, language), "excerpt": excerpt(a.body_md)}
        for a in queries.published_in_category(session, language, name)
    ]
    others = [(n, total) for n, total in topics if n != name]
    return help_page(
        request,
        "help/category.html",
        language,
        name=name,
        articles=articles,
        others=others,
        query="",
    )


@router.get("/articles/{slug}")
def article(request: Request, slug: str, session: PageSession, lang: LangParam = None) -> Response:
    """One published article, its "was this helpful?" form, and others on the same topic."""
    language = reader_language(lang)
    found = queries.published_by_slug(session, language, slug)
    if found is None:
        raise HelpError(404, language, "not_found_title", "not_found")
    switch: dict[str, str] = {}
    for other in LANGUAGES:
        pair = queries.published_translation(session, found, other)
        if pair is not None:
            switch[other] = article_url(pair.slug, other)
    related = [
        {"title": a.title, "url": article_url(a.slug, language)}
        for a in queries.published_in_category(session, language, found.category)
        if a.id != found.id
    ][:6]
    return help_page(
        request,
        "help/article.html",
        language,
        switch=switch,
        article=found,
        # Sanitised by to_html: only an allow-list of tags and attributes survives.
        body=Markup(to_html(found.body_md)),  # noqa: S704
        updated=long_date(templates_of(request).local(found.updated_at), language),
        related=related,
        voted=found.id in request.session.get(VOTES_KEY, []),
        query="",
    )


async def _help_csrf(request: Request) -> None:
    # The shared CSRF page sends people to sign in; help-center readers get their own page.
    try:
        await verify_csrf(request)
    except CsrfRejected:
        language = request.query_params.get("lang", "")
        raise HelpError(
            403, language if language in LANGUAGES else "es", "csrf_title", "csrf"
        ) from None


@router.post("/articles/{article_id}/feedback", dependencies=[Depends(_help_csrf)])
def feedback(
    request: Request,
    article_id: int,
    helpful: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
    lang: LangParam = None,
) -> Response:
    """Store a "was this helpful?" answer, then go back to the article with a thank-you."""
    language = reader_language(lang)
    if helpful not in {"yes", "no"}:
        raise HelpError(422, language, "bad_vote_title", "bad_vote")
    votes: list[int] = list(request.session.get(VOTES_KEY, []))
    try:
        with rumbo_of(request).unit_of_work(PUBLIC_ACTOR) as ctx:
            target = queries.get_article(ctx.session, article_id)
            if target is None or target.status != "published":
                raise NotFound(f"Article {article_id} does not exist.")
            if article_id not in votes:
                data = FeedbackIn(helpful=helpful == "yes", comment=comment[:2000] or None)
                actions.record_feedback(ctx, article_id, data)
            location = article_url(target.slug, target.language)
    except NotFound:
        raise HelpError(404, language, "not_found_title", "not_found") from None
    if article_id not in votes:
        request.session[VOTES_KEY] = [*votes, article_id][-VOTES_KEPT:]
    return RedirectResponse(location + "#feedback", status_code=303)


def install(app: FastAPI) -> None:
    """Add the help center's pages and its error page to ``app``."""
    app.include_router(router, include_in_schema=False)
    app.include_router(help_search.router, include_in_schema=False)

    def _error(request: Request, exc: Exception) -> Response:
        if not isinstance(exc, HelpError):  # pragma: no cover - registered for HelpError only
            raise exc
        return error_page(request, exc)

    app.add_exception_handler(HelpError, _error)
