"""Every write to drafts: create, edit (a new version), submit, approve, legal sign-off, send.

The review workflow is draft → in_review → approved → sent. Approval is per version: an edit
writes the next version and sends an approved draft back to review. Drafts whose situation or plan
carries legal risk need a legal sign-off on the same version as well as an approval.
"""

from __future__ import annotations

from typing import Any

from rumbo.context import Context
from rumbo.db import utcnow
from rumbo.drafting.models import Draft, DraftApproval, DraftVersion, TicketDraft
from rumbo.drafting.schemas import DraftEdit, DraftIn, SendIn, SendReport
from rumbo.drafting.studio import DraftResult
from rumbo.drafting.vocabulary import RISKY_SITUATIONS
from rumbo.drafting.voice import BrandVoice
from rumbo.errors import Conflict, NotFound, PermissionDenied, ValidationFailed


def _get(ctx: Context, draft_id: int) -> Draft:
    draft = ctx.session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(f"Draft {draft_id} does not exist.")
    return draft


def needs_legal(situation: str, plan: list[dict[str, Any]] | None) -> bool:
    """Legal signs off risky situations and any plan that puts legal in its first stage."""
    if situation in RISKY_SITUATIONS:
        return True
    if plan:
        first = plan[0].get("tasks", [])
        return any("legal" in task.get("owner_roles", []) for task in first)
    return False


def compose_draft(
    ctx: Context, data: DraftIn, *, language: str | None = None, register: str | None = None
) -> DraftResult:
    """Write the draft for ``data`` without storing it (the customer read from the CRM)."""
    from rumbo.drafting.context import catalogue, customer_from_crm, customer_from_data
    from rumbo.drafting.studio import make_draft
    from rumbo.drafting.voice import load_voice
    from rumbo.llm import configured_backend

    customer = None
    if data.customer_email:
        customer = customer_from_crm(ctx.session, data.customer_email)
    elif data.context is not None:
        customer = customer_from_data(data.context)
    voice = load_voice(data.brand) if data.brand else current_voice(ctx)
    llm, problem = None, None
    if data.backend == "auto":
        try:
            llm = configured_backend(ctx.app)
        except ValidationFailed as exc:  # a misconfigured model never stops drafting
            problem = exc.message
    result = make_draft(
        data.request,
        customer=customer,
        voice=voice,
        channel=data.channel,
        catalogue=catalogue(ctx.session),
        llm=llm,
        language=language,
        register=register,
    )
    result.backend_error = result.backend_error or problem
    return result


def current_voice(ctx: Context) -> BrandVoice | None:
    """The brand voice stored in Rumbo (``rumbo brand import``), if one is."""
    from rumbo.drafting.brand.queries import current_voice as stored_voice

    return stored_voice(ctx.session)


def create_draft(ctx: Context, data: DraftIn) -> tuple[Draft, DraftResult]:
    """Draft ``data`` and store it as version 1, status ``draft``."""
    ctx.require("drafts.write")
    result = compose_draft(ctx, data)
    return store_draft(ctx, result, customer_email=data.customer_email), result


def store_draft(
    ctx: Context, result: DraftResult, *, customer_email: str | None, ticket_id: int | None = None
) -> Draft:
    """Keep a written draft as version 1, status ``draft``."""
    ctx.require("drafts.write")
    understood = result.understood
    understood_json = {
        **understood.as_json(),
        "resolved_register": result.register,
        "market": result.market,
    }
    draft = Draft(
        request=understood.request,
        language=understood.language,
        situation=understood.situation,
        output=understood.output,
        channel=understood.channel,
        status="draft",
        backend=result.backend,
        needs_legal=needs_legal(understood.situation, result.plan),
        understood=understood_json,
        customer_email=customer_email,
        crm=dict(result.crm) if result.crm else None,
        version=1,
        author_id=ctx.actor.user_id,
    )
    if ticket_id is not None:
        draft.ticket_link = TicketDraft(ticket_id=ticket_id)
    ctx.session.add(draft)
    ctx.session.flush()
    ctx.session.add(
        DraftVersion(
            draft_id=draft.id,
            version=1,
            subject=result.subject,
            text=result.text,
            plan=result.plan,
            critique=[f.as_json() for f in result.critique],
            author_id=ctx.actor.user_id,
            author_label=ctx.actor.label,
            note=f"written by {result.backend}",
        )
    )
    ctx.record(
        "draft.created",
        "draft",
        draft.id,
        after={"situation": draft.situation, "output": draft.output, "backend": draft.backend},
        payload={"id": draft.id, "situation": draft.situation, "status": draft.status},
    )
    return draft


def current(draft: Draft) -> DraftVersion:
    return next(v for v in draft.versions if v.version == draft.version)


def edit_draft(ctx: Context, draft_id: int, data: DraftEdit) -> Draft:
    """Store the edited words as the next version; the critic reads them again."""
    from rumbo.drafting.critic import critique, critique_plan

    ctx.require("drafts.write")
    draft = _get(ctx, draft_id)
    if draft.status == "sent":
        raise Conflict(f"Draft {draft_id} was already sent; start a new draft instead.")
    before = current(draft)
    # An edit without a plan keeps the current one; the words are what changed.
    plan = [stage.model_dump() for stage in data.plan] if data.plan is not None else before.plan
    critic_ctx = stored_critic_context(ctx, draft)
    findings = [] if draft.output == "plan" else critique(data.text, critic_ctx)
    if plan:
        findings += critique_plan(plan, critic_ctx.with_changes(kind="plan"))
    draft.version += 1
    ctx.session.add(
        DraftVersion(
            draft_id=draft.id,
            version=draft.version,
            subject=data.subject if data.subject is not None else before.subject,
            text=data.text,
            plan=plan,
            critique=[f.as_json() for f in findings],
            author_id=ctx.actor.user_id,
            author_label=ctx.actor.label,
            note=data.note,
        )
    )
    previous = draft.status
    draft.status = "draft" if previous == "draft" else "in_review"
    draft.needs_legal = draft.needs_legal or needs_legal(draft.situation, plan)
    ctx.session.flush()
    ctx.session.refresh(draft, ["versions"])
    ctx.record(
        "draft.edited",
        "draft",
        draft.id,
        before={"version": draft.version - 1, "status": previous},
        after={"version": draft.version, "status": draft.status},
    )
    return draft


def stored_critic_context(ctx: Context, draft: Draft) -> Any:
    from rumbo.drafting.critic import CriticContext

    understood = draft.understood or {}
    return CriticContext(
        language=draft.language,
        channel=draft.channel,
        register=understood.get("resolved_register"),
        market=understood.get("market"),
        voice=current_voice(ctx),
        situation=draft.situation,
        apology_due=understood.get("apology"),
        facts=understood.get("facts", {}),
        crm=draft.crm,
    )


def submit_draft(ctx: Context, draft_id: int) -> Draft:
    ctx.require("drafts.write")
    draft = _get(ctx, draft_id)
    if draft.status != "draft":
        raise Conflict(f"Draft {draft_id} is {draft.status}; only a draft can be submitted.")
    draft.status = "in_review"
    ctx.record("draft.submitted", "draft", draft.id, after={"version": draft.version})
    return draft


def _approve(ctx: Context, draft_id: int, kind: str, note: str | None) -> Draft:
    draft = _get(ctx, draft_id)
    if draft.status != "in_review":
        raise Conflict(f"Draft {draft_id} is {draft.status}; submit it for review first.")
    if kind == "legal_signoff" and not draft.needs_legal:
        raise Conflict(f"Draft {draft_id} does not need a legal sign-off.")
    author = current(draft).author_id
    if author is not None and author == ctx.actor.user_id:
        # Four eyes: whoever wrote the words in review is not the one who approves them.
        raise PermissionDenied(
            f"You wrote version {draft.version} of draft {draft_id}; someone else approves it.",
            fields={"draft": "own_version"},
        )
    errors = error_findings(current(draft))
    if errors:
        # The critic's errors (a promise nobody can keep, a leaked detail…) are never approved.
        raise Conflict(
            f"Version {draft.version} of draft {draft_id} has {len(errors)} error(s) from the "
            f"critic ({', '.join(sorted({f['code'] for f in errors}))}); fix them first.",
            fields={"draft": "critic_errors"},
        )
    done = {(a.kind, a.version) for a in draft.approvals}
    if (kind, draft.version) in done:
        raise Conflict(f"Version {draft.version} of draft {draft_id} already has this {kind}.")
    draft.approvals.append(
        DraftApproval(
            version=draft.version,
            kind=kind,
            user_id=ctx.actor.user_id,
            actor_label=ctx.actor.label,
            note=note,
        )
    )
    done.add((kind, draft.version))
    approved = ("approve", draft.version) in done
    signed = not draft.needs_legal or ("legal_signoff", draft.version) in done
    if approved and signed:
        draft.status = "approved"
    ctx.session.flush()  # the approval's time is set on insert, and the answer shows it
    ctx.record(
        f"draft.{kind}",
        "draft",
        draft.id,
        after={"version": draft.version, "kind": kind, "status": draft.status, "note": note},
    )
    return draft


def error_findings(version: DraftVersion) -> list[dict[str, Any]]:
    """The critic's findings of ``error`` severity on ``version``: they block approval."""
    return [f for f in version.critique if f.get("severity") == "error"]


def reject_draft(ctx: Context, draft_id: int, note: str | None = None) -> Draft:
    """Send a draft in review back to its writer (status ``draft``), saying why."""
    ctx.require("drafts.approve")
    draft = _get(ctx, draft_id)
    if draft.status != "in_review":
        raise Conflict(f"Draft {draft_id} is {draft.status}; only a draft in review is rejected.")
    draft.status = "draft"
    ctx.record(
        "draft.rejected",
        "draft",
        draft.id,
        before={"status": "in_review"},
        after={"version": draft.version, "status": draft.status, "note": note},
    )
    return draft


def approve_draft(ctx: Context, draft_id: int, note: str | None = None) -> Draft:
    ctx.require("drafts.approve")
    return _approve(ctx, draft_id, "approve", note)


def legal_signoff(ctx: Context, draft_id: int, note: str | None = None) -> Draft:
    ctx.require("drafts.legal_signoff")
    return _approve(ctx, draft_id, "legal_signoff", note)


def send_draft(ctx: Context, draft_id: int, data: SendIn) -> SendReport:
    """Deliver the approved version; a recipient already served is skipped, never sent twice."""
    from rumbo.drafting.sending import deliver

    ctx.require("drafts.send")
    draft = _get(ctx, draft_id)
    if draft.status not in {"approved", "sent"}:
        raise Conflict(f"Draft {draft_id} is {draft.status}; it must be approved before sending.")
    report = deliver(ctx, draft, current(draft), data)
    if report.sent or report.export is not None:
        draft.status = "sent"
        draft.sent_at = draft.sent_at or utcnow()
    report.status = draft.status
    record_sent(
        ctx, draft, channel=data.channel, sent=report.sent, skipped=report.skipped,
        failed=report.failed,
    )  # fmt: skip
    return report


def record_sent(ctx: Context, draft: Draft, *, channel: str, **outcome: Any) -> None:
    """The audit entry of a send, whatever the channel (``outcome``: counts, ids)."""
    ctx.record(
        "draft.sent",
        "draft",
        draft.id,
        after={"version": draft.version, "channel": channel, **outcome},
    )
