"""The chat widget: the self-service assistant in a frame on a company's own site.

A site adds ``<script src="…/widget.js" async>`` (``static/embed.js``), which puts a button on
its pages that opens ``/widget`` in a frame. Visitors are anonymous, and inside a frame on
another site browsers withhold Rumbo's ``SameSite=Lax`` session cookie, so the conversation
travels in a hidden form field instead: its id, signed, so nobody can read someone else's
conversation by making one up. The exchange itself is read back from the assistant's log.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from itsdangerous import BadSignature, URLSafeSerializer
from pydantic import ValidationError
from starlette.responses import HTMLResponse, Response

from rumbo.assistant import actions as assistant_actions
from rumbo.assistant import queries as assistant_queries
from rumbo.assistant.schemas import AskIn, ContactLeftIn
from rumbo.context import Actor
from rumbo.errors import Conflict, NotFound, ValidationFailed
from rumbo.ratelimit import RateLimited, assistant_rule, limiter_for
from rumbo.settings import resolve_secret_key
from rumbo.web.deps import PageSession, rumbo_of
from rumbo.web.i18n import in_language
from rumbo.web.portal_assistant import Exchange, exchange_of
from rumbo.web.templating import SECURITY_HEADERS, STATIC_DIR, render

router = APIRouter()
WIDGET_ACTOR = Actor.system("widget")
LANGUAGES = ("es", "en")
# The page shows the latest exchanges only, so a long chat cannot grow it without bound.
SHOWN_EXCHANGES = 20
SIGNING_SALT = "rumbo.widget.conversation"


class WidgetProblem(Exception):
    """Input the widget refuses; shown in the widget with ``status`` rather than as a crash."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _signer(request: Request) -> URLSafeSerializer:
    return URLSafeSerializer(resolve_secret_key(rumbo_of(request).settings), salt=SIGNING_SALT)


def _conversation_id(request: Request, token: str, language: str) -> str | None:
    """The conversation a hidden field names; a field not signed by this Rumbo is refused."""
    if not token:
        return None
    try:
        value = _signer(request).loads(token)
    except BadSignature:
        raise WidgetProblem(
            400, in_language(language, "Esta conversación no es válida. Empieza una nueva.")
        ) from None
    return value if isinstance(value, str) else None


def _language(value: str | None) -> str:
    if not value:
        return "es"
    if value not in LANGUAGES:
        raise WidgetProblem(400, in_language("es", "Idioma no disponible: usa es o en."))
    return value


def _shown_language(value: str) -> str:
    """The language a refused post is answered in: the asked one when it exists."""
    return value if value in LANGUAGES else "es"


def _posted(request: Request, lang: str, conversation: str) -> tuple[str, str | None]:
    """A posted form's language and the conversation it carries, if any."""
    language = _language(lang)
    return language, _conversation_id(request, conversation, language)


def _ongoing(request: Request, lang: str, conversation: str) -> tuple[str, str]:
    """Like ``_posted``, for a post that only makes sense inside a conversation."""
    language, conversation_id = _posted(request, lang, conversation)
    if conversation_id is None:
        raise WidgetProblem(
            400, in_language(language, "Esta conversación no es válida. Empieza una nueva.")
        )
    return language, conversation_id


def _exchanges(session: PageSession, conversation_id: str | None) -> list[Exchange]:
    if conversation_id is None:
        return []
    # Only the widget's own questions: an id signed here always came from a widget chat.
    asked = [
        q for q in assistant_queries.conversation(session, conversation_id) if q.channel == "widget"
    ]
    return [exchange_of(session, q) for q in asked[-SHOWN_EXCHANGES:]]


def frame_ancestors(origins: list[str]) -> str:
    """The CSP directive naming who may frame the widget: Rumbo itself and the set origins."""
    return " ".join(["frame-ancestors", "'self'", *origins])


def _page(
    request: Request,
    session: PageSession,
    language: str,
    *,
    conversation_id: str | None = None,
    draft: str = "",
    error: str | None = None,
    contact_error: str | None = None,
    name: str = "",
    email: str = "",
    status: int = 200,
) -> HTMLResponse:
    exchanges = _exchanges(session, conversation_id)
    last = exchanges[-1] if exchanges else None
    response = render(
        request,
        "widget/chat.html",
        status_code=status,
        lang=language,
        exchanges=exchanges,
        token=_signer(request).dumps(conversation_id) if conversation_id else "",
        # The contact form follows a hand-over until the visitor has left their address.
        wants_contact=bool(last and last.ticket_id and not last.contact_left),
        contact_left=bool(last and last.ticket_id and last.contact_left),
        draft=draft,
        error=error,
        contact_error=contact_error,
        name=name,
        email=email,
        other_language="en" if language == "es" else "es",
    )
    policy = SECURITY_HEADERS["Content-Security-Policy"].replace(
        "frame-ancestors 'none'",
        frame_ancestors(rumbo_of(request).settings.widget_origin_list),
    )
    response.headers["Content-Security-Policy"] = policy
    return response


def _problem_page(
    request: Request, session: PageSession, language: str, problem: WidgetProblem
) -> HTMLResponse:
    return _page(request, session, language, error=problem.message, status=problem.status)


@router.get("/widget")
def widget(request: Request, session: PageSession, lang: str | None = Query(None)) -> Response:
    """The empty chat, in the language the embedding site asked for."""
    try:
        language = _language(lang)
    except WidgetProblem as problem:
        return _problem_page(request, session, "es", problem)
    return _page(request, session, language)


@router.post("/widget")
def ask(
    request: Request,
    session: PageSession,
    question: Annotated[str, Form()] = "",
    conversation: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "es",
) -> Response:
    """Ask the assistant; the page comes back with the whole conversation."""
    try:
        language, conversation_id = _posted(request, lang, conversation)
    except WidgetProblem as problem:
        return _problem_page(request, session, _shown_language(lang), problem)

    def again(message: str, status: int) -> HTMLResponse:
        return _page(
            request,
            session,
            language,
            conversation_id=conversation_id,
            draft=question[:2000],
            error=message,
            status=status,
        )

    try:
        data = AskIn(
            question=question.strip(),
            channel="widget",
            language=language,
            conversation_id=conversation_id,
        )
    except ValidationError as exc:
        if exc.errors()[0]["type"] == "string_too_long":
            return again(
                in_language(language, "La pregunta es demasiado larga (máximo 2000 caracteres)."),
                422,
            )
        return again(in_language(language, "Escribe tu pregunta."), 422)
    rumbo = rumbo_of(request)
    visitor = request.client.host if request.client else "unknown"
    try:
        # The same limit as every other way of asking, counted per visitor's address.
        limiter_for(rumbo).check(assistant_rule(rumbo), f"widget:{visitor}")
    except RateLimited as exc:
        text = in_language(language, "Demasiadas preguntas seguidas. Espera {seconds} s.")
        shown = again(text.format(seconds=exc.retry_after), 429)
        shown.headers.update(exc.headers)
        return shown
    try:
        with rumbo.unit_of_work(WIDGET_ACTOR) as ctx:
            result = assistant_actions.ask(ctx, data)
    except ValidationFailed:
        return again(in_language(language, "No pudimos procesar esa pregunta."), 422)
    return _page(request, session, language, conversation_id=result.conversation_id)


@router.post("/widget/contact")
def leave_contact(
    request: Request,
    session: PageSession,
    name: Annotated[str, Form()] = "",
    email: Annotated[str, Form()] = "",
    conversation: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "es",
) -> Response:
    """After a hand-over: the visitor's name and address go on the ticket with the transcript."""
    try:
        language, conversation_id = _ongoing(request, lang, conversation)
    except WidgetProblem as problem:
        return _problem_page(request, session, _shown_language(lang), problem)
    try:
        data = ContactLeftIn(name=name.strip(), email=email.strip(), language=language)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
        message = (
            in_language(language, "Escribe tu nombre.")
            if field == "name"
            else in_language(language, "Escribe un correo válido, como nombre@empresa.com.")
        )
        return _page(
            request,
            session,
            language,
            conversation_id=conversation_id,
            contact_error=message,
            name=name[:200],
            email=email[:254],
            status=422,
        )
    try:
        with rumbo_of(request).unit_of_work(WIDGET_ACTOR) as ctx:
            assistant_actions.leave_contact(ctx, conversation_id, data)
    except (NotFound, Conflict, ValidationFailed):
        return _page(
            request,
            session,
            language,
            conversation_id=conversation_id,
            error=in_language(language, "Esta conversación no pasó a una persona."),
            status=409,
        )
    return _page(request, session, language, conversation_id=conversation_id)


@router.get("/widget.js")
def embed_script() -> Response:
    """The script a site includes to show the chat button (the file ``static/embed.js``)."""
    body = (STATIC_DIR / "embed.js").read_bytes()
    return Response(
        body,
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
    )
