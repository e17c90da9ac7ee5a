"""Drafting with a language model: structured context in, a draft out, then the critic.

The model gets the request *and* what Rumbo understood of it (facts, register, the customer's CRM
fields, the brand's voice) as JSON, with the rule that nothing else may be stated. Its draft is
critiqued like the composer's; when the critic objects, the model gets one more pass with the
findings in hand, and the critic's mechanical fixes handle whatever is left.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rumbo.drafting.context import Customer
from rumbo.drafting.critic import CriticContext, Finding, critique, revise
from rumbo.drafting.understanding import Understood
from rumbo.drafting.voice import BrandVoice
from rumbo.plugins import LLMBackend

SYSTEM = {
    "es": (
        "Eres redactor de atención al cliente y comunicación de crisis. Escribe el texto pedido "
        "en español, con la forma de tratamiento indicada (tu, usted o vos), breve, concreto y "
        "humano. Usa solo los hechos del contexto: no inventes cifras, fechas, causas ni "
        "promesas. Sin marcadores como [Nombre], sin hashtags, sin saludos como «Queridos "
        "usuarios». Incluye una forma de contacto o el siguiente paso. Responde solo con JSON: "
        '{"subject": "asunto o null", "text": "el texto"}.'
    ),
    "en": (
        "You write customer-service and crisis communications. Write the requested text in "
        "English: short, concrete and human. Use only the facts in the context: never invent "
        "figures, dates, causes or promises. No placeholders such as [Name], no hashtags, no "
        "greetings such as 'Dear users'. Include a way to get in touch or the next step. Answer "
        'with JSON only: {"subject": "subject or null", "text": "the text"}.'
    ),
}


class LLMFailed(RuntimeError):
    """The backend gave no usable draft; the composer takes over."""


def context_document(
    understood: Understood,
    ctx: CriticContext,
    *,
    customer: Customer | None,
    voice: BrandVoice | None,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "request": understood.request,
        "understood": understood.as_json(),
        "register": ctx.register,
        "max_characters": ctx.max_length(),
    }
    if customer is not None:
        doc["customer"] = customer.as_crm()
    if voice is not None:
        doc["brand"] = {
            "name": voice.name,
            "tone": voice.tone,
            "avoid": voice.avoid,
            "preferred_phrases": voice.preferred_phrases,
            "signature": voice.signature.model_dump() if voice.signature else None,
            "contact": voice.contact.model_dump(exclude_none=True),
            "emoji": voice.emoji,
        }
    return doc


def parse_reply(reply: str) -> tuple[str | None, str]:
    """``{"subject", "text"}`` JSON (also inside a code fence), or the reply as plain text."""
    body = reply.strip()
    fenced = re.match(r"^```(?:json)?\s*(.*?)\s*```$", body, flags=re.DOTALL)
    if fenced:
        body = fenced.group(1)
    if body.startswith("{"):
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            subject = data.get("subject")
            return (str(subject) if subject else None), data["text"].strip()
    subject_line = re.match(r"^(?:subject|asunto):\s*(.+)\n+", body, flags=re.IGNORECASE)
    if subject_line:
        return subject_line.group(1).strip(), body[subject_line.end() :].strip()
    return None, body


def ask(llm: LLMBackend, messages: list[dict[str, str]]) -> tuple[str | None, str]:
    from rumbo.llm.openai_compat import LLMError

    try:
        reply = llm.complete(messages)
    except (LLMError, OSError, ValueError) as exc:
        raise LLMFailed(str(exc)) from exc
    subject, text = parse_reply(reply)
    if not text:
        raise LLMFailed("the model's draft is empty")
    return subject, text


def write_with_llm(
    llm: LLMBackend,
    understood: Understood,
    ctx: CriticContext,
    *,
    customer: Customer | None,
    voice: BrandVoice | None,
) -> tuple[str | None, str, int, list[Finding]]:
    language = "en" if understood.language == "en" else "es"
    doc = context_document(understood, ctx, customer=customer, voice=voice)
    messages = [
        {"role": "system", "content": SYSTEM[language]},
        {"role": "user", "content": json.dumps(doc, ensure_ascii=False, default=str)},
    ]
    subject, text = ask(llm, messages)
    if understood.output not in {"email", "statement", "plan_and_statement"}:
        subject = None
    findings = critique(text, ctx)
    revisions = 0
    problems = [f.as_json() for f in findings if f.severity != "info"]
    if problems:
        # The model rewrites first: it keeps the meaning, where mechanical fixes cut sentences.
        messages += [
            {"role": "assistant", "content": json.dumps({"subject": subject, "text": text})},
            {
                "role": "user",
                "content": "Fix these problems and answer with the same JSON: "
                + json.dumps(problems, ensure_ascii=False),
            },
        ]
        try:
            second_subject, second_text = ask(llm, messages)
        except LLMFailed:
            second_text = ""
        if second_text:
            second = critique(second_text, ctx)
            if len([f for f in second if f.severity != "info"]) <= len(problems):
                if subject is not None:
                    subject = second_subject or subject
                text, findings, revisions = second_text, second, revisions + 1
    if any(f.severity != "info" for f in findings):
        revised = revise(text, findings, ctx)
        if revised != text:
            text, revisions = revised, revisions + 1
            findings = critique(text, ctx)
    return subject, text, revisions, findings
