"""Delivering an approved draft: email (SMTP), a webhook, or an export for social channels.

Every recipient gets one :class:`DraftDelivery` row keyed by a hash of (draft, channel, recipient).
A recipient with a ``sent`` row is skipped, so pressing "send" twice, or sending to a segment that
overlaps an earlier one, never reaches anyone twice; a ``failed`` row is retried.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import select

from rumbo.context import Context
from rumbo.drafting.models import Draft, DraftDelivery, DraftVersion
from rumbo.drafting.schemas import DeliveryOut, SegmentIn, SendIn, SendReport

WEBHOOK_TIMEOUT = 10.0
SUBJECTS = {"es": "Mensaje de nuestro equipo", "en": "A message from our team"}


def idempotency_key(draft_id: int, channel: str, recipient: str) -> str:
    raw = f"{draft_id}:{channel}:{recipient.strip().lower()}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def segment_recipients(ctx: Context, segment: SegmentIn) -> list[tuple[str, str]]:
    """(email, name) of the CRM contacts in ``segment``, first email of each contact."""
    from rumbo.crm.models import Company, Contact, ContactEmail

    stmt = (
        select(ContactEmail.email, Contact.name, Contact.id)
        .join(Contact, Contact.id == ContactEmail.contact_id)
        .outerjoin(Company, Company.id == Contact.company_id)
        .order_by(Contact.id, ContactEmail.id)
    )
    if segment.country:
        stmt = stmt.where(Contact.country == segment.country)
    if segment.plan:
        stmt = stmt.where(Company.plan == segment.plan)
    if segment.health:
        stmt = stmt.where(Company.health == segment.health)
    if segment.company_id is not None:
        stmt = stmt.where(Contact.company_id == segment.company_id)
    seen: set[int] = set()
    found: list[tuple[str, str]] = []
    for email, name, contact_id in ctx.session.execute(stmt):
        if contact_id in seen:
            continue
        seen.add(contact_id)
        found.append((email, name))
        if len(found) >= segment.limit:
            break
    return found


def personalised(text: str, name: str | None, language: str) -> str:
    """The statement with a greeting for one recipient (first name only), when it has none."""
    if not name:
        return text
    first = name.split()[0]
    opening = text.lstrip()[:40].lower()
    if opening.startswith(("hola", "hi ", "hello", "¡hola")):
        return text
    greeting = f"Hola, {first}:" if language != "en" else f"Hi {first},"
    return f"{greeting}\n\n{text}"


def _existing(ctx: Context, key: str) -> DraftDelivery | None:
    return ctx.session.scalar(select(DraftDelivery).where(DraftDelivery.idempotency_key == key))


def _record(
    ctx: Context,
    draft: Draft,
    version: DraftVersion,
    channel: str,
    recipient: str,
    status: str,
    error: str | None,
    row: DraftDelivery | None,
) -> None:
    if row is None:
        row = DraftDelivery(
            draft_id=draft.id,
            channel=channel,
            recipient=recipient[:500],
            idempotency_key=idempotency_key(draft.id, channel, recipient),
            actor_label=ctx.actor.label,
            version=version.version,
            status=status,
        )
        ctx.session.add(row)
    row.version, row.status, row.error = version.version, status, (error or None)
    # Flushed per recipient: a failure later in the list still leaves these rows in place.
    ctx.session.flush()


def claim(
    ctx: Context, draft: Draft, version: DraftVersion, channel: str, recipient: str
) -> DraftDelivery | None:
    """The delivery row for ``recipient``, marked ``pending`` *before* anything is sent.

    ``None`` when it was sent already, or when another send is claiming it at this moment: the
    unique idempotency key makes the second insert fail (inside a savepoint, so the rest of the
    transaction goes on), and that recipient is skipped instead of served twice.
    """
    from sqlalchemy.exc import IntegrityError

    key = idempotency_key(draft.id, channel, recipient)
    row = _existing(ctx, key)
    if row is not None:
        if row.status in {"sent", "pending"}:
            return None
        row.status = "pending"
        ctx.session.flush()
        return row
    try:
        with ctx.session.begin_nested():
            row = DraftDelivery(
                draft_id=draft.id,
                version=version.version,
                channel=channel,
                recipient=recipient[:500],
                idempotency_key=key,
                status="pending",
                actor_label=ctx.actor.label,
            )
            ctx.session.add(row)
    except IntegrityError:
        return None
    return row


def deliver(ctx: Context, draft: Draft, version: DraftVersion, data: SendIn) -> SendReport:
    report = SendReport(draft_id=draft.id, channel=data.channel, status=draft.status)
    if data.channel == "social":
        return export_social(ctx, draft, version, report)
    targets: list[tuple[str, str | None]]
    if data.channel == "webhook":
        targets = [(data.url or "", None)]
    else:
        targets = [(address.strip().lower(), None) for address in data.to]
        if data.segment is not None:
            targets += [(e.lower(), n) for e, n in segment_recipients(ctx, data.segment)]
    seen: set[str] = set()
    for recipient, name in targets:
        if recipient in seen:
            continue
        seen.add(recipient)
        row = claim(ctx, draft, version, data.channel, recipient)
        if row is None:
            report.skipped += 1
            report.deliveries.append(DeliveryOut(recipient=recipient, status="skipped"))
            continue
        error = (
            send_webhook(draft, version, recipient)
            if data.channel == "webhook"
            else send_email(ctx, draft, version, recipient, name)
        )
        status = "failed" if error else "sent"
        _record(ctx, draft, version, data.channel, recipient, status, error, row)
        report.deliveries.append(DeliveryOut(recipient=recipient, status=status, error=error))
        if error:
            report.failed += 1
        else:
            report.sent += 1
    return report


def send_email(
    ctx: Context, draft: Draft, version: DraftVersion, recipient: str, name: str | None
) -> str | None:
    from rumbo.mail import MailError, send_mail

    subject = version.subject or SUBJECTS.get(draft.language, SUBJECTS["es"])
    body = personalised(version.text, name, draft.language)
    try:
        send_mail(ctx.app.settings, recipient, subject, body)
    except MailError as exc:
        return str(exc)[:500]
    return None


def webhook_payload(draft: Draft, version: DraftVersion) -> dict[str, Any]:
    return {
        "draft_id": draft.id,
        "version": version.version,
        "language": draft.language,
        "situation": draft.situation,
        "output": draft.output,
        "channel": draft.channel,
        "subject": version.subject,
        "text": version.text,
        "plan": version.plan,
    }


def send_webhook(draft: Draft, version: DraftVersion, url: str) -> str | None:
    import httpx

    try:
        response = httpx.post(
            url,
            json=webhook_payload(draft, version),
            timeout=WEBHOOK_TIMEOUT,
            headers={"Idempotency-Key": idempotency_key(draft.id, "webhook", url)},
        )
    except httpx.HTTPError as exc:
        return f"webhook {url} failed: {exc}"[:500]
    if response.status_code >= 300:
        return f"webhook {url} answered {response.status_code}"
    return None


def export_social(
    ctx: Context, draft: Draft, version: DraftVersion, report: SendReport
) -> SendReport:
    """Social networks post through their own tools: the export is the text, ready to paste."""
    recipient = "social-export"
    key = idempotency_key(draft.id, "social", recipient)
    row = _existing(ctx, key)
    if row is None:
        _record(ctx, draft, version, "social", recipient, "exported", None, None)
        report.sent += 1
    else:
        report.skipped += 1
    from rumbo.drafting.voice import DEFAULT_MAX_LENGTH

    limit = DEFAULT_MAX_LENGTH["social"]
    report.export = {
        "text": version.text,
        "characters": len(version.text),
        "max_characters": limit,
        "fits": len(version.text) <= limit,  # a long email needs a shorter version for a post
    }
    report.deliveries.append(
        DeliveryOut(recipient=recipient, status="exported" if row is None else "skipped")
    )
    return report
