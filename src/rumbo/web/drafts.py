"""Reply drafts on the page: write one for a ticket, fix what the critic found, review, send.

Every step is a form posted to one of these routes and done by a drafting action in a unit of
work; the page it came from (the ticket or the draft's own page, the ``origin`` field) is shown
again with the outcome. Sending is a separate step that only an approved draft offers, and the
action refuses anything else, so words a person did not approve never reach a customer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Final

from fastapi import APIRouter, Depends
from pydantic import ValidationError
from starlette.responses import HTMLResponse, RedirectResponse, Response

from rumbo.accounts import queries as account_queries
from rumbo.api.deps import actor_for
from rumbo.context import Context
from rumbo.crisis import queries as crisis_queries
from rumbo.drafting import actions as draft_actions
from rumbo.drafting import queries as draft_queries
from rumbo.drafting import replies
from rumbo.drafting.models import DRAFT_STATUSES, Draft
from rumbo.drafting.schemas import DraftEdit
from rumbo.errors import Conflict, NotFound, PermissionDenied, RumboError, ValidationFailed
from rumbo.tickets import queries as ticket_queries
from rumbo.tickets.models import STATUSES
from rumbo.web import tickets
from rumbo.web.csrf import verify_csrf
from rumbo.web.deps import CurrentPage, FormText, Page, PageError, rumbo_of
from rumbo.web.draft_view import draft_view, status_label
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import label, message
from rumbo.web.listing import PER_PAGE, Pager, choice, page_number

router = APIRouter()
CsrfChecked = Annotated[None, Depends(verify_csrf)]

# The queue: drafts waiting for a reviewer, and approved ones waiting to be sent.
QUEUE: Final = ("in_review", "approved")
FILTERS: Final = ("queue", *DRAFT_STATUSES, "all")

# What each step needs, and how a refusal names it.
STEPS: Final = {
    "write": ("drafts.write", N_("escribir ni corregir borradores")),
    "submit": ("drafts.write", N_("pedir la revisión de borradores")),
    "approve": ("drafts.approve", N_("aprobar borradores")),
    "legal": ("drafts.legal_signoff", N_("dar el visto bueno legal")),
    "reject": ("drafts.approve", N_("devolver borradores")),
    "send": ("drafts.send", N_("enviar borradores como respuesta")),
}
PROBLEMS: Final = {
    "own_version": N_(
        "Escribiste la versión actual de este borrador: otra persona debe aprobarla."
    ),
    "critic_errors": N_(
        "No se puede aprobar: el revisor encontró errores. Corrígelos y vuelve a intentarlo."
    ),
    "already_fixed": N_("El revisor ya no encuentra ese problema en el texto."),
    "no_fix": N_("El revisor no sabe corregir eso solo: edita el texto y revísalo de nuevo."),
    "not_approved": N_("Solo se envía un borrador aprobado por una persona."),
    "already_sent": N_("Este borrador ya se envió."),
    "no_ticket": N_("Este borrador no responde a ningún ticket."),
}
DONE: Final = {
    "created": N_("Borrador generado. Revísalo antes de pedir su aprobación."),
    "checked": N_("Texto guardado y revisado de nuevo."),
    "unchanged": N_("El texto no cambió: las observaciones son las de esta versión."),
    "fixed": N_("Corrección aplicada."),
    "submit": N_("Borrador enviado a revisión."),
    "approve": N_("Aprobación registrada."),
    "legal": N_("Visto bueno legal registrado."),
    "reject": N_("Borrador devuelto a su redactor."),
}


def _number(raw: str, kind: str) -> int:
    if not raw.isdigit():
        if kind == "ticket":
            raise PageError(
                404, message("not_found_title"), message("ticket_not_found", ticket_id=raw)
            )
        raise _missing(raw)
    return int(raw)


def _missing(draft_id: object) -> PageError:
    return PageError(
        404,
        message("not_found_title"),
        gettext(N_("No existe el borrador {draft_id}.")).format(draft_id=draft_id),
    )


def _forbidden(page: Page, step: str) -> str:
    return gettext(N_("Tu rol ({role}) no permite {action}.")).format(
        role=label("role", page.user.role), action=gettext(STEPS[step][1])
    )


def _problem(page: Page, step: str, exc: RumboError, draft: Draft) -> str:
    reason = exc.fields.get("draft") or exc.fields.get("code", "")
    if reason in PROBLEMS:
        return gettext(PROBLEMS[reason])
    if isinstance(exc, PermissionDenied):
        return _forbidden(page, step)
    return gettext(N_("Este paso no es posible ahora: el borrador está «{status}».")).format(
        status=status_label(draft.status)
    )


def _back(page: Page, draft: Draft, origin: str, problem: str, status_code: int) -> Response:
    """The page the form came from, again, with what went wrong."""
    if origin == "ticket" and draft.ticket_id is not None:
        return tickets.ticket_page(
            page, draft.ticket_id, draft_problem=problem, status_code=status_code
        )
    return detail_page(page, draft, problem=problem, status_code=status_code)


def _done(page: Page, draft: Draft, origin: str, key: str) -> Response:
    page.request.session["flash"] = gettext(DONE[key])
    if origin == "ticket" and draft.ticket_id is not None:
        return RedirectResponse(f"/tickets/{draft.ticket_id}#borrador", status_code=303)
    return RedirectResponse(f"/drafts/{draft.id}", status_code=303)


def _readable_draft(page: Page, raw_id: str) -> Draft:
    """The draft ``raw_id`` names, or a 404 page. The role is asked first: no answer (404
    against 403, "unchanged" against 403) tells someone who may not read drafts anything
    about them."""
    page.require("drafts.read")
    number = _number(raw_id, "draft")
    draft = draft_queries.get_draft(page.session, number)
    if draft is None:
        raise _missing(number)
    return draft


def _step(
    page: Page,
    draft: Draft,
    origin: str,
    step: str,
    run: Callable[[Context, int], Any],
    done: str,
) -> Response:
    """Run one review step on a draft as the signed-in person, then show where they were."""
    if not page.allows(STEPS[step][0]):
        return _back(page, draft, origin, _forbidden(page, step), 403)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            run(ctx, draft.id)
    except NotFound:
        raise _missing(draft.id) from None
    except (Conflict, PermissionDenied, ValidationFailed) as exc:
        return _back(page, draft, origin, _problem(page, step, exc, draft), exc.status_code)
    return _done(page, draft, origin, done)


@router.post("/tickets/{ticket_id}/draft")
def generate(ticket_id: str, page: CurrentPage, _csrf: CsrfChecked) -> Response:
    """Write a reply draft for the ticket, from its conversation and its customer's record."""
    number = _number(ticket_id, "ticket")
    if not page.allows("drafts.write"):
        return tickets.ticket_page(
            page, number, draft_problem=_forbidden(page, "write"), status_code=403
        )
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            replies.draft_for_ticket(ctx, number)
    except NotFound:
        raise PageError(
            404, message("not_found_title"), message("ticket_not_found", ticket_id=number)
        ) from None
    except (ValidationFailed, ValidationError):
        problem = gettext(N_("Rumbo no pudo redactar un borrador para este ticket."))
        return tickets.ticket_page(page, number, draft_problem=problem, status_code=422)
    page.request.session["flash"] = gettext(DONE["created"])
    return RedirectResponse(f"/tickets/{number}#borrador", status_code=303)


@router.post("/drafts/{draft_id}/check")
def check(
    draft_id: str, page: CurrentPage, _csrf: CsrfChecked, text: FormText = "", origin: FormText = ""
) -> Response:
    """Keep the edited words as the next version; the critic reads them again.

    Unchanged words make no new version: it would only send an approved draft back to review.
    """
    draft = _readable_draft(page, draft_id)
    text = text.replace("\r\n", "\n")  # browsers send a textarea's lines with CRLF
    try:
        edit = DraftEdit(text=text, note="edited on the page")
    except ValidationError:
        problem = gettext(N_("Escribe el texto del borrador antes de revisarlo."))
        return _back(page, draft, origin, problem, 422)
    if text == draft_actions.current(draft).text:
        return _done(page, draft, origin, "unchanged")

    def run(ctx: Context, number: int) -> None:
        draft_actions.edit_draft(ctx, number, edit)

    return _step(page, draft, origin, "write", run, "checked")


@router.post("/drafts/{draft_id}/fix")
def fix(
    draft_id: str, page: CurrentPage, _csrf: CsrfChecked, code: FormText = "", origin: FormText = ""
) -> Response:
    """Apply the critic's own fix for one kind of finding."""

    def run(ctx: Context, number: int) -> None:
        replies.fix_finding(ctx, number, code)

    return _step(page, _readable_draft(page, draft_id), origin, "write", run, "fixed")


@router.post("/drafts/{draft_id}/submit")
def submit(draft_id: str, page: CurrentPage, _csrf: CsrfChecked, origin: FormText = "") -> Response:
    draft = _readable_draft(page, draft_id)
    return _step(page, draft, origin, "submit", draft_actions.submit_draft, "submit")


@router.post("/drafts/{draft_id}/approve")
def approve(
    draft_id: str, page: CurrentPage, _csrf: CsrfChecked, origin: FormText = ""
) -> Response:
    draft = _readable_draft(page, draft_id)
    return _step(page, draft, origin, "approve", draft_actions.approve_draft, "approve")


@router.post("/drafts/{draft_id}/legal-signoff")
def legal_signoff(
    draft_id: str, page: CurrentPage, _csrf: CsrfChecked, origin: FormText = ""
) -> Response:
    draft = _readable_draft(page, draft_id)
    return _step(page, draft, origin, "legal", draft_actions.legal_signoff, "legal")


@router.post("/drafts/{draft_id}/reject")
def reject(draft_id: str, page: CurrentPage, _csrf: CsrfChecked, origin: FormText = "") -> Response:
    draft = _readable_draft(page, draft_id)
    return _step(page, draft, origin, "reject", draft_actions.reject_draft, "reject")


@router.post("/drafts/{draft_id}/send")
def send(
    draft_id: str,
    page: CurrentPage,
    _csrf: CsrfChecked,
    status: FormText = "",
    origin: FormText = "",
) -> Response:
    """Post the approved draft as the ticket's reply (and set the ticket's status with it)."""
    draft = _readable_draft(page, draft_id)
    if status and status not in STATUSES:
        problem = gettext(N_("El estado elegido no es válido."))
        return _back(page, draft, origin, problem, 422)
    if not (page.allows("drafts.send") and page.allows("tickets.write")):
        return _back(page, draft, origin, _forbidden(page, "send"), 403)
    try:
        with rumbo_of(page.request).unit_of_work(actor_for(page.user)) as ctx:
            sent = replies.send_to_ticket(ctx, draft.id, status or None)
            message_id = sent.id
    except NotFound:
        raise _missing(draft.id) from None
    except (Conflict, PermissionDenied, ValidationFailed) as exc:
        return _back(page, draft, origin, _problem(page, "send", exc, draft), exc.status_code)
    page.request.session["flash"] = message("reply_sent")
    return RedirectResponse(f"/tickets/{draft.ticket_id}#m{message_id}", status_code=303)


@router.get("/drafts")
def queue(page: CurrentPage) -> HTMLResponse:
    """Drafts waiting for review or for sending (other statuses by filter), newest first."""
    page.require("drafts.read")
    shown = choice(page.request, "status", FILTERS, N_("estado")) or "queue"
    number = page_number(page.request)
    rows, total = draft_queries.list_drafts(
        page.session,
        status=shown if shown in DRAFT_STATUSES else None,
        statuses=QUEUE if shown == "queue" else (),
        limit=PER_PAGE,
        offset=(number - 1) * PER_PAGE,
    )
    pager = Pager("/drafts", number, total, {"status": None if shown == "queue" else shown})
    ids = [d.id for d in rows]
    return page.render(
        "drafts/list.html",
        drafts=[draft_view(page, d) for d in rows],
        total=total,
        pager=pager,
        shown=shown,
        filters=FILTERS,
        filter_label=_filter_label,
        subjects=ticket_queries.subjects(
            page.session, {d.ticket_id for d in rows if d.ticket_id is not None}
        ),
        incidents=crisis_queries.incidents_by_draft(page.session, ids),
        authors=account_queries.user_names(
            page.session, {d.author_id for d in rows if d.author_id is not None}
        ),
    )


def _filter_label(code: str) -> str:
    if code == "queue":
        return gettext(N_("Por revisar o enviar"))
    if code == "all":
        return label("status", "all")
    return status_label(code)


def detail_page(
    page: Page, draft: Draft, *, problem: str | None = None, status_code: int = 200
) -> HTMLResponse:
    page.require("drafts.read")
    incidents = crisis_queries.incidents_by_draft(page.session, [draft.id])
    subjects = ticket_queries.subjects(
        page.session, {draft.ticket_id} if draft.ticket_id is not None else set()
    )
    people = {a.user_id for a in draft.approvals if a.user_id is not None}
    if draft.author_id is not None:
        people.add(draft.author_id)
    return page.render(
        "drafts/detail.html",
        status_code=status_code,
        view=draft_view(page, draft),
        incident_id=incidents.get(draft.id),
        ticket_subject=subjects.get(draft.ticket_id) if draft.ticket_id is not None else None,
        names=account_queries.user_names(page.session, people),
        problem=problem,
        statuses=STATUSES,
    )


@router.get("/drafts/{draft_id}")
def detail(draft_id: str, page: CurrentPage) -> HTMLResponse:
    """One draft: its words with the critic's findings, its approvals, and the review steps."""
    return detail_page(page, _readable_draft(page, draft_id))
