"""The portal's assistant: a plain form that asks, then shows the whole conversation.

The conversation id lives in the customer's session; the exchange itself is read back from the
assistant's log, limited to this customer's own questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Form
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.assistant import actions as assistant_actions
from rumbo.assistant import queries as assistant_queries
from rumbo.assistant.models import AssistantQuestion
from rumbo.assistant.schemas import AskIn
from rumbo.errors import ValidationFailed
from rumbo.knowledge import queries as knowledge_queries
from rumbo.knowledge.links import article_path
from rumbo.web.deps import rumbo_of
from rumbo.web.portal import PORTAL_ACTOR
from rumbo.web.portal_deps import CONVERSATION_KEY, CurrentPortalPage, PortalCsrf, PortalPage

router = APIRouter()


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Exchange:
    """One question and what the assistant said, ready for the page."""

    id: int
    question: str
    answer: str
    decision: str
    citations: list[Link]
    ticket_id: int | None
    contact_left: bool = False  # the widget asks an anonymous visitor for a way to reach them


def _exchanges(page: PortalPage) -> list[Exchange]:
    conversation_id = page.request.session.get(CONVERSATION_KEY)
    if not isinstance(conversation_id, str):
        return []
    rows = [
        q
        for q in assistant_queries.conversation(page.session, conversation_id)
        if q.contact_id == page.customer.contact_id
    ]
    return [exchange_of(page.session, q) for q in rows]


def exchange_of(session: Session, question: AssistantQuestion) -> Exchange:
    """A logged question for the page; it cites only articles still published."""
    links = []
    for article_id in question.cited_article_ids or []:
        article = knowledge_queries.get_article(session, int(article_id))
        if article is not None and article.status == "published":
            links.append(Link(article.title, article_path(article.slug, article.language)))
    return Exchange(
        id=question.id,
        question=question.question,
        answer=question.answer or "",
        decision=question.decision,
        citations=links,
        ticket_id=question.ticket_id,
        contact_left=question.contact_id is not None,
    )


def _assistant_page(
    page: PortalPage, *, draft: str = "", error: str | None = None, status: int = 200
) -> HTMLResponse:
    return page.render(
        "portal/assistant.html",
        status_code=status,
        exchanges=_exchanges(page),
        draft=draft,
        error=error,
    )


@router.get("/portal/assistant")
def assistant(page: CurrentPortalPage) -> HTMLResponse:
    return _assistant_page(page)


@router.post("/portal/assistant")
def ask(
    page: CurrentPortalPage, _csrf: PortalCsrf, question: Annotated[str, Form()] = ""
) -> Response:
    """Ask as the signed-in customer; the answer (or the ticket it opened) shows on the page."""
    conversation_id = page.request.session.get(CONVERSATION_KEY)
    try:
        data = AskIn(
            question=question,
            channel="portal",
            contact_id=page.customer.contact_id,
            conversation_id=conversation_id if isinstance(conversation_id, str) else None,
        )
    except ValidationError as exc:
        long = exc.errors()[0]["type"] == "string_too_long"
        problem = page.t("question_long" if long else "question_empty")
        return _assistant_page(page, draft=question, error=problem, status=422)
    limited = _too_many_questions(page, question)
    if limited is not None:
        return limited
    try:
        with rumbo_of(page.request).unit_of_work(PORTAL_ACTOR) as ctx:
            result = assistant_actions.ask(ctx, data)
    except ValidationFailed:
        return _assistant_page(page, draft=question, error=page.t("question_long"), status=422)
    page.request.session[CONVERSATION_KEY] = result.conversation_id
    return RedirectResponse(f"/portal/assistant#q{result.question_id}", status_code=303)


def _too_many_questions(page: PortalPage, question: str) -> Response | None:
    """The page to show when this customer asks faster than the assistant limit allows."""
    from rumbo.ratelimit import RateLimited, assistant_rule, limiter_for
    from rumbo.web.i18n import in_language

    rumbo = rumbo_of(page.request)
    try:
        limiter_for(rumbo).check(assistant_rule(rumbo), f"contact:{page.customer.contact_id}")
    except RateLimited as exc:
        text = in_language(page.language, "Demasiadas preguntas seguidas. Espera {seconds} s.")
        shown = _assistant_page(
            page, draft=question, error=text.format(seconds=exc.retry_after), status=429
        )
        shown.headers.update(exc.headers)
        return shown
    return None


@router.post("/portal/assistant/new")
def new_conversation(page: CurrentPortalPage, _csrf: PortalCsrf) -> Response:
    page.request.session.pop(CONVERSATION_KEY, None)
    return RedirectResponse("/portal/assistant", status_code=303)
