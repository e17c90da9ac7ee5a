"""What a page shows of a draft under review: its words, the critic's findings marked in them,
and which review steps the person looking at it may take.

Built from the stored draft only (the findings were computed when the version was written), so
showing a draft never runs the critic or a model again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from rumbo.drafting.actions import current, error_findings
from rumbo.drafting.models import Draft
from rumbo.drafting.replies import fixable_codes
from rumbo.web.deps import Page
from rumbo.web.i18n import N_, NP_, gettext, pgettext

# A draft's status, with a context: "Enviado" is also an order's status (shipped).
STATUS_LABELS: Final = {
    "draft": NP_("draft status", "Borrador"),
    "in_review": NP_("draft status", "En revisión"),
    "approved": NP_("draft status", "Aprobado"),
    "sent": NP_("draft status", "Enviado"),
}
SEVERITY_LABELS: Final = {"info": N_("Nota"), "warning": N_("Aviso"), "error": N_("Error")}
# The critic's codes as a person names the problem; an unknown code is shown as it is.
FINDING_TITLES: Final = {
    "too_long": N_("Demasiado largo"),
    "repetition": N_("Repetición"),
    "unnatural_greeting": N_("Saludo poco natural"),
    "sensitive_detail": N_("Dato sensible"),
    "hashtags": N_("Etiquetas (hashtags)"),
    "unfilled_placeholder": N_("Hueco sin rellenar"),
    "missing_apology": N_("Falta una disculpa"),
    "missing_contact": N_("Falta un contacto"),
    "negative_terms": N_("Palabras negativas"),
    "banned_term": N_("Palabra prohibida por la marca"),
    "register_mismatch": N_("Trato distinto al del cliente"),
    "overpromise": N_("Promesa excesiva"),
    "missing_legal_review": N_("Falta la revisión legal"),
    "unsupported_claim": N_("Dato sin respaldo"),
    "generic": N_("Respuesta genérica"),
    "emoji": N_("Emojis"),
}


def status_label(code: str) -> str:
    return pgettext("draft status", STATUS_LABELS[code]) if code in STATUS_LABELS else code


@dataclass(frozen=True)
class FindingView:
    number: int
    code: str
    title: str
    severity: str
    severity_label: str
    message: str
    suggestion: str | None
    excerpt: str
    fixable: bool


@dataclass(frozen=True)
class Segment:
    """A stretch of the draft's text, marked when a finding is about it."""

    text: str
    finding: FindingView | None = None


def findings_of(text: str, critique: Sequence[Mapping[str, Any]]) -> list[FindingView]:
    fixable = fixable_codes()
    found = []
    for number, raw in enumerate(critique, start=1):
        code, severity = str(raw.get("code", "")), str(raw.get("severity", "info"))
        start, end = int(raw.get("start", 0)), int(raw.get("end", 0))
        title = FINDING_TITLES.get(code)
        found.append(
            FindingView(
                number=number,
                code=code,
                title=gettext(title) if title else code,
                severity=severity,
                severity_label=gettext(SEVERITY_LABELS.get(severity, severity)),
                message=str(raw.get("message", "")),
                suggestion=raw.get("suggestion") or None,
                excerpt=text[start:end] if 0 <= start < end <= len(text) else "",
                fixable=code in fixable,
            )
        )
    return found


def segments(
    text: str, critique: Sequence[Mapping[str, Any]], views: Sequence[FindingView]
) -> list[Segment]:
    """``text`` cut at the findings' spans. A span inside one already marked, or one that is the
    whole text, stays in the list of findings only: marks never nest or cover everything."""
    spans = sorted(
        (
            (int(raw.get("start", 0)), int(raw.get("end", 0)), view)
            for raw, view in zip(critique, views, strict=True)
        ),
        key=lambda item: (item[0], -item[1]),
    )
    cut: list[Segment] = []
    cursor = 0
    for start, end, view in spans:
        if start < cursor or end <= start or end > len(text) or (start, end) == (0, len(text)):
            continue
        if start > cursor:
            cut.append(Segment(text[cursor:start]))
        cut.append(Segment(text[start:end], view))
        cursor = end
    if cursor < len(text):
        cut.append(Segment(text[cursor:]))
    return cut


@dataclass(frozen=True)
class DraftView:
    """A draft as one person sees it: words, findings, and the steps open to them."""

    draft: Draft
    text: str
    version: int
    status: str
    status_label: str
    findings: list[FindingView]
    segments: list[Segment]
    errors: int
    own_version: bool
    approved: bool
    signed: bool
    can_write: bool
    can_submit: bool
    can_approve: bool
    can_sign: bool
    can_reject: bool
    can_send: bool
    may_approve: bool
    may_send: bool

    @property
    def id(self) -> int:
        return self.draft.id


def draft_view(page: Page, draft: Draft) -> DraftView:
    version = current(draft)
    views = findings_of(version.text, version.critique)
    done = {(a.kind, a.version) for a in draft.approvals}
    approved = ("approve", draft.version) in done
    signed = ("legal_signoff", draft.version) in done
    in_review = draft.status == "in_review"
    may_approve = page.allows("drafts.approve")
    may_send = page.allows("drafts.send") and page.allows("tickets.write")
    return DraftView(
        draft=draft,
        text=version.text,
        version=draft.version,
        status=draft.status,
        status_label=status_label(draft.status),
        findings=views,
        segments=segments(version.text, version.critique, views),
        errors=len(error_findings(version)),
        own_version=version.author_id is not None and version.author_id == page.user.id,
        approved=approved,
        signed=signed,
        can_write=page.allows("drafts.write") and draft.status != "sent",
        can_submit=page.allows("drafts.write") and draft.status == "draft",
        can_approve=may_approve and in_review and not approved,
        can_sign=(
            page.allows("drafts.legal_signoff") and draft.needs_legal and in_review and not signed
        ),
        can_reject=may_approve and in_review,
        can_send=may_send and draft.status == "approved" and draft.ticket_id is not None,
        may_approve=may_approve,
        may_send=may_send,
    )
