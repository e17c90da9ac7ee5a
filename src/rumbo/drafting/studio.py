"""From a request to a checked draft: understand, write (composer or LLM), critique, revise.

Every draft goes through the critic, then the fixes (the composer's own shorter version, the
critic's mechanical revision, or a second pass of the model), then the critic again; the draft
carries the findings of that last run. Nothing here touches the database.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from rumbo.drafting.composer import compose
from rumbo.drafting.context import Customer
from rumbo.drafting.critic import CriticContext, Finding, critique, critique_plan, revise
from rumbo.drafting.plans import make_plan, render_plan
from rumbo.drafting.understanding import Understood, understand
from rumbo.drafting.voice import BrandVoice
from rumbo.plugins import LLMBackend

log = logging.getLogger(__name__)
COMPOSER = "composer"
# Drop ranks of composer parts, tried in turn when a draft is too long (see composer.compose).
COMPACT_LEVELS = (7, 6, 5, 4, 3, 2)


@dataclass
class DraftResult:
    understood: Understood
    subject: str | None
    text: str
    plan: list[dict[str, Any]] | None
    critique: list[Finding]
    backend: str
    register: str | None = None
    market: str | None = None
    revisions: int = 0
    backend_error: str | None = None
    crm: Mapping[str, Any] | None = field(default=None)
    questions: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "understood": self.understood.as_json(),
            "subject": self.subject,
            "text": self.text,
            "plan": self.plan,
            "critique": [f.as_json() for f in self.critique],
            "backend": self.backend,
            "register": self.register,
            "market": self.market,
            "revisions": self.revisions,
            "questions": self.questions,
        }
        if self.backend_error:
            data["backend_error"] = self.backend_error
        return data


def blocking(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity != "info"]


def pick_market(
    understood: Understood, customer: Customer | None, voice: BrandVoice | None
) -> str | None:
    if customer is not None and customer.country:
        return customer.country.upper()
    stated = list(understood.facts.get("markets", []))
    if len(stated) == 1:
        return str(stated[0])
    if voice is not None and len(voice.markets) == 1:
        return voice.markets[0]
    return None


def pick_register(
    understood: Understood, customer: Customer | None, voice: BrandVoice | None, market: str | None
) -> str | None:
    """tú/usted/vos: as asked, else the brand's for the market and channel, else the customer's."""
    if understood.language == "en":
        return None
    if understood.register:
        return understood.register
    if voice is not None:
        return voice.register_for(market, understood.channel)
    if customer is not None and customer.address_form:
        return customer.address_form
    return None


def critic_context(
    understood: Understood,
    *,
    register: str | None,
    market: str | None,
    voice: BrandVoice | None,
    customer: Customer | None,
) -> CriticContext:
    return CriticContext(
        language=understood.language,
        kind="message",
        channel=understood.channel,
        register=register,
        market=market,
        voice=voice,
        situation=understood.situation,
        apology_due=understood.apology,
        facts=dict(understood.facts),
        crm=customer.as_crm() if customer is not None else None,
    )


def make_draft(
    request: str,
    *,
    customer: Customer | None = None,
    voice: BrandVoice | None = None,
    channel: str | None = None,
    catalogue: Sequence[Mapping[str, Any]] = (),
    llm: LLMBackend | None = None,
    language: str | None = None,
    register: str | None = None,
) -> DraftResult:
    """Draft ``request``. With ``llm`` the model writes and the composer is the fallback.

    ``language`` and ``register`` are for callers that know them better than the request's
    words do, e.g. a reply to a ticket: its language and the customer's form of address.
    """
    understood = understand(request, catalogue=catalogue, channel=channel)
    if language or register:
        understood = replace(
            understood,
            language=language or understood.language,
            register=register or understood.register,
        )
    market = pick_market(understood, customer, voice)
    register = pick_register(understood, customer, voice, market)
    ctx = critic_context(
        understood, register=register, market=market, voice=voice, customer=customer
    )
    plan = None
    plan_findings: list[Finding] = []
    if understood.output in {"plan", "plan_and_statement"}:
        markets = list(understood.facts.get("markets", [])) or ([market] if market else [])
        if not markets and voice is not None:
            markets = list(voice.markets)
        plan = make_plan(understood, markets=markets)
        plan_findings = critique_plan(plan, ctx.with_changes(kind="plan"))
    result = DraftResult(
        questions=open_questions(understood, customer),
        understood=understood,
        subject=None,
        text="",
        plan=plan,
        critique=[],
        backend=COMPOSER,
        register=register,
        market=market,
        crm=ctx.crm,
    )
    if understood.output == "plan" and plan is not None:
        result.text = render_plan(plan, understood.language)
        result.critique = plan_findings
        return result
    if llm is not None:
        from rumbo.drafting.llm_draft import LLMFailed, write_with_llm

        try:
            result.subject, result.text, result.revisions, result.critique = write_with_llm(
                llm, understood, ctx, customer=customer, voice=voice
            )
            result.backend = llm.features.key
            result.critique = [*result.critique, *plan_findings]
            return result
        except LLMFailed as exc:
            log.warning("LLM backend failed, the composer writes the draft: %s", exc)
            result.backend_error = str(exc)
    result.subject, result.text, result.revisions, findings = write_with_composer(
        understood, ctx, customer=customer, voice=voice, register=register
    )
    result.critique = [*findings, *plan_findings]
    return result


# Facts a situation's draft is better with; when the request leaves one out, the draft says less
# and the person is asked, instead of the draft inventing it. (key, needs a customer, es, en)
WANTED_FACTS: dict[str, tuple[tuple[str, bool, str, str], ...]] = {
    "outage": (("duration_hours", False, "¿Cuánto se espera que dure la interrupción?",
                "How long is the outage expected to last?"),),
    "data_leak": (
        ("data_types", False, "¿Qué datos quedaron expuestos?", "Which data were exposed?"),
        ("markets", False, "¿En qué países viven las personas afectadas? (plazos legales)",
         "In which countries do the affected people live? (legal deadlines)"),
    ),
    "unhappy_customer": (("customer", True, "¿Quién es el cliente? (--customer o --context)",
                          "Who is the customer? (--customer or --context)"),),
    "key_account": (("customer", True, "¿Qué cuenta es? (--customer o --context)",
                     "Which account is it? (--customer or --context)"),),
    "surge": (("duration_hours", False, "¿Cuánto están tardando las respuestas?",
               "How long are replies taking?"),),
}  # fmt: skip


def open_questions(understood: Understood, customer: Customer | None) -> list[str]:
    """What the request did not say that the draft would be better with."""
    facts = understood.facts
    asked: list[str] = []
    for key, about_customer, spanish, english in WANTED_FACTS.get(understood.situation, ()):
        known = customer is not None if about_customer else key in facts
        if key == "duration_hours":
            known = any(k.startswith("duration_") for k in facts)
        if not known:
            asked.append(english if understood.language == "en" else spanish)
    return asked


def write_with_composer(
    understood: Understood,
    ctx: CriticContext,
    *,
    customer: Customer | None,
    voice: BrandVoice | None,
    register: str | None,
) -> tuple[str | None, str, int, list[Finding]]:
    """Compose, then shorten and revise until the critic is satisfied or nothing more helps."""
    composed = compose(understood, customer=customer, voice=voice, register=register)
    subject, text = composed.subject, composed.text
    findings = critique(text, ctx)
    revisions = 0
    # The composer's own fix for length: drop the least necessary sentences, one rank at a time.
    for level in COMPACT_LEVELS:
        if not any(f.code == "too_long" for f in findings):
            break
        composed = compose(
            understood, customer=customer, voice=voice, register=register, compact=level
        )
        text, revisions = composed.text, revisions + 1
        findings = critique(text, ctx)
    if blocking(findings):
        revised = revise(text, findings, ctx)
        if revised != text:
            text, revisions = revised, revisions + 1
            findings = critique(text, ctx)
    return subject, text, revisions, findings
