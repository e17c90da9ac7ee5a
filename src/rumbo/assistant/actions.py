"""The assistant's writes: answering (or handing over) and the notices it shows.

``ask`` answers only from the knowledge base. When it cannot — low confidence, out of scope, an
angry customer, a request for a person, a sensitive topic — it opens a ticket with the transcript,
the topic and the suggested articles, so the agent starts where the assistant stopped.
"""

from __future__ import annotations

import secrets
from decimal import Decimal

from rumbo.assistant import compose
from rumbo.assistant import queries as assistant_queries
from rumbo.assistant.generate import Source, model_answer
from rumbo.assistant.models import ActiveNotice, AssistantQuestion
from rumbo.assistant.schemas import (
    AskIn,
    AskResult,
    Citation,
    ContactLeftIn,
    NoticeIn,
    NoticeOut,
)
from rumbo.context import Actor, Context
from rumbo.crm.models import Contact
from rumbo.crm.queries import find_contact_by_email
from rumbo.db import utcnow
from rumbo.errors import NotFound, ValidationFailed
from rumbo.knowledge.links import article_path
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.schemas import MessageIn, TicketIn

# A cancellation from an account this large goes to a person, never to an article.
LARGE_ACCOUNT_ARR = Decimal("20000")
LARGE_ACCOUNT_SEATS = 50
CHANNEL_OF_TICKET = {
    "api": "chat",
    "widget": "chat",
    "portal": "portal",
    "cli": "chat",
    "email": "email",
}


def _contact(ctx: Context, data: AskIn) -> Contact | None:
    if data.contact_id is not None:
        contact = ctx.session.get(Contact, data.contact_id)
        if contact is None:
            raise ValidationFailed(
                "That contact does not exist.", fields={"contact_id": "not found"}
            )
        return contact
    if data.contact_email:
        return find_contact_by_email(ctx.session, data.contact_email)
    return None


def _is_large_account(contact: Contact | None) -> bool:
    company = contact.company if contact else None
    return bool(
        company and (company.arr >= LARGE_ACCOUNT_ARR or company.seats >= LARGE_ACCOUNT_SEATS)
    )


def ask(ctx: Context, data: AskIn) -> AskResult:
    """Answer from the knowledge base, ask one question back, or hand over to a person."""
    from rumbo.assistant.decision import decide
    from rumbo.assistant.signals import detect
    from rumbo.knowledge.search import search

    ctx.require("assistant.ask")
    contact = _contact(ctx, data)
    result = search(ctx.app, ctx.session, data.question, language=data.language, limit=5)
    language = data.language or result.language
    signals = detect(data.question, language)
    decision = decide(data.question, result, signals)
    verdict, reason = decision.decision, decision.reason
    if signals.mentions_cancellation and _is_large_account(contact):
        verdict, reason = "escalate", "sensitive:cancellation"
    address_form = "tu" if language == "en" else (contact.address_form if contact else "usted")
    hits = {h.article_id: h for h in result.hits}
    cited = [hits[i] for i in decision.article_ids if i in hits]
    citations = [
        Citation(
            id=h.article_id,
            title=h.title,
            url=article_path(h.slug, h.language),
            language=h.language,
        )
        for h in cited
    ]
    topic = cited[0].category if cited else None
    notice = assistant_queries.notice_for(ctx.session, data.question, language)
    conversation_id = data.conversation_id or secrets.token_urlsafe(12)

    ticket_id = None
    answered_by = "extractive"
    if verdict == "answer" and cited:
        best = cited[0]
        passage = best.passages[0].text if best.passages else best.title
        link = ctx.app.settings.base_url + citations[0].url
        text = compose.answer_text(language, address_form, best.title, passage, link)
        citations = citations[:1]
        written = model_answer(
            ctx.app,
            data.question,
            language,
            address_form,
            [Source(best.title, compose.plain(p.text)) for p in best.passages[:3]],
        )
        if written is not None:
            # The link is ours, never the model's: it always points at the cited article.
            text = (
                written[0]
                + "\n\n"
                + compose.frames(language, address_form)["more"].format(url=link)
            )
            answered_by = f"llm:{written[1]}"
    elif verdict == "clarify" and len(cited) >= 2:
        text = compose.clarify_text(language, address_form, cited[0].title, cited[1].title)
        citations = citations[:2]
    else:
        verdict = "escalate"
        reason = reason or "low_confidence"
        ticket_id = _hand_over(ctx, data, contact, conversation_id, reason, topic, citations)
        text = compose.escalate_text(language, address_form, ticket_id)
    if notice is not None:
        text = (
            compose.notice_text(language, address_form, notice.title, notice.body) + "\n\n" + text
        )

    question = AssistantQuestion(
        conversation_id=conversation_id,
        channel=data.channel,
        language=language,
        question=data.question,
        decision=verdict,
        confidence=round(float(decision.confidence), 4),
        topic=topic,
        reason=reason,
        answer=text,
        cited_article_ids=[c.id for c in citations],
        contact_id=contact.id if contact else None,
        ticket_id=ticket_id,
    )
    ctx.session.add(question)
    ctx.session.flush()
    ctx.record(
        "assistant.asked",
        "assistant_question",
        question.id,
        payload={
            "answered_by": answered_by,
            "decision": verdict,
            "reason": reason,
            "confidence": question.confidence,
            "ticket_id": ticket_id,
            "language": language,
        },
    )
    return AskResult(
        question_id=question.id,
        conversation_id=conversation_id,
        decision=verdict,
        answer=text,
        citations=citations,
        confidence=question.confidence,
        reason=reason,
        topic=topic,
        language=language,
        address_form=address_form,
        notice=NoticeOut.model_validate(notice) if notice else None,
        ticket_id=ticket_id,
        answered_by=answered_by,
    )


def _hand_over(
    ctx: Context,
    data: AskIn,
    contact: Contact | None,
    conversation_id: str,
    reason: str,
    topic: str | None,
    citations: list[Citation],
) -> int:
    """Open a ticket carrying the whole conversation and what the assistant found."""
    earlier = assistant_queries.conversation(ctx.session, conversation_id)
    messages = [
        MessageIn(body=q.question, author_kind="customer", created_at=q.asked_at) for q in earlier
    ]
    messages += [
        MessageIn(body=q.answer, author_kind="system", created_at=q.asked_at)
        for q in earlier
        if q.answer
    ]
    messages.sort(key=lambda m: m.created_at or utcnow())
    messages.append(MessageIn(body=data.question, author_kind="customer"))
    suggested = "\n".join(f"- {c.title} ({c.url})" for c in citations) or "- (ninguno)"
    messages.append(
        MessageIn(
            body=(
                f"Asistente: motivo «{reason}», tema «{topic or 'sin tema'}».\n"
                f"Artículos sugeridos:\n{suggested}"
            ),
            author_kind="system",
            internal=True,
        )
    )
    subject = data.question.strip().splitlines()[0][:120]
    priority = "high" if reason.startswith("sensitive") or reason == "angry" else "normal"
    # The assistant opens the ticket as itself: whoever asked (a customer, a viewer) may not
    # have the right to open tickets, and the audit log should say who really did.
    assistant = Context(
        session=ctx.session,
        actor=Actor.system("assistant"),
        app=ctx.app,
        pending_events=ctx.pending_events,
    )
    ticket = ticket_actions.open_ticket(
        assistant,
        TicketIn(
            source="assistant",
            subject=subject,
            channel=CHANNEL_OF_TICKET[data.channel],
            priority=priority,
            language=data.language
            or ("en" if citations and citations[0].language == "en" else "es"),
            contact_id=contact.id if contact else None,
            topic=topic,
            tags=["asistente", f"motivo:{reason.replace(':', '-')}"],
            messages=messages,
        ),
    )
    return ticket.id


def leave_contact(ctx: Context, conversation_id: str, data: ContactLeftIn) -> int:
    """Attach who the visitor says they are to the ticket their conversation was handed over in.

    A known address finds its contact, an unknown one becomes a new contact, so the agent can
    answer by email. Returns the ticket's id.
    """
    from rumbo.crm.actions import create_contact
    from rumbo.crm.schemas import ContactIn

    ctx.require("assistant.ask")
    asked = assistant_queries.conversation(ctx.session, conversation_id)
    ticket_id = next((q.ticket_id for q in reversed(asked) if q.ticket_id is not None), None)
    if ticket_id is None:
        raise NotFound("That conversation was not handed over to a person.")
    # As in the hand-over, the assistant writes as itself: the visitor has no account.
    assistant = Context(
        session=ctx.session,
        actor=Actor.system("assistant"),
        app=ctx.app,
        pending_events=ctx.pending_events,
    )
    contact = find_contact_by_email(ctx.session, data.email) or create_contact(
        assistant,
        ContactIn(
            source="assistant",
            name=data.name.strip(),
            emails=[data.email.strip().lower()],
            language=data.language,
            address_form="tu" if data.language == "en" else "usted",
        ),
    )
    ticket_actions.set_contact(assistant, ticket_id, contact.id)
    for q in asked:
        if q.contact_id is None:
            q.contact_id = contact.id
    ctx.session.flush()
    return ticket_id


def add_notice(ctx: Context, data: NoticeIn) -> ActiveNotice:
    ctx.require("assistant.notices")
    notice = ActiveNotice(
        title=data.title,
        body=data.body,
        language=data.language,
        keywords=[k.strip() for k in data.keywords if k.strip()],
    )
    if not notice.keywords:
        raise ValidationFailed("A notice needs at least one keyword.", fields={"keywords": "empty"})
    ctx.session.add(notice)
    ctx.session.flush()
    ctx.record(
        "notice.added",
        "active_notice",
        notice.id,
        after={"title": notice.title, "keywords": notice.keywords},
    )
    return notice


def end_notice(ctx: Context, notice_id: int) -> ActiveNotice:
    ctx.require("assistant.notices")
    notice = ctx.session.get(ActiveNotice, notice_id)
    if notice is None:
        raise NotFound(f"Notice {notice_id} does not exist.")
    notice.active = False
    notice.ends_at = utcnow()
    ctx.record(
        "notice.ended", "active_notice", notice.id, before={"active": True}, after={"active": False}
    )
    return notice
