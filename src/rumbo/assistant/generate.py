"""Answers written by the configured language model, held to the knowledge base.

The model gets the customer's question and the best passages, numbered, with rules: answer
only from them, in the customer's language and form of address, no price, policy, date or
promise they do not state. What it writes is then checked, not trusted: every figure in the
answer must appear in the passages, and a reply that says nothing or runs long is dropped. Any
failure — server down, slow, or a check failed — falls back to the extractive answer, so the
customer always gets the knowledge base's own words.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rumbo.app import Rumbo

log = logging.getLogger(__name__)

MAX_ANSWER_CHARS = 1_200
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")

_RULES = {
    "es": (
        "Eres el asistente de atención al cliente de la empresa. Responde a la pregunta del "
        "cliente usando solo los fragmentos numerados de la base de conocimiento. No inventes "
        "precios, plazos, políticas ni promesas que los fragmentos no digan; si no alcanzan, "
        "dilo en una frase. Responde en español, {form}, en 2 a 4 frases, sin saludos largos, "
        "sin enlaces y sin hashtags."
    ),
    "en": (
        "You are the company's customer-support assistant. Answer the customer's question using "
        "only the numbered knowledge-base passages. Do not invent prices, deadlines, policies or "
        "promises the passages do not state; if they are not enough, say so in one sentence. "
        "Answer in English in 2 to 4 sentences, no long greetings, no links, no hashtags."
    ),
}
_FORMS = {
    "tu": "tuteando al cliente (tú)",
    "vos": "con voseo rioplatense (vos: podés, tenés)",
    "usted": "tratando al cliente de usted",
}


@dataclass(frozen=True)
class Source:
    title: str
    text: str


def messages(
    question: str, language: str, address_form: str, sources: Sequence[Source]
) -> list[dict[str, str]]:
    """The chat request: rules as the system message, passages and question as the user's."""
    lang = "en" if language == "en" else "es"
    rules = _RULES[lang].format(form=_FORMS.get(address_form, _FORMS["usted"]))
    numbered = "\n\n".join(f"[{i}] {s.title}\n{s.text}" for i, s in enumerate(sources, start=1))
    label = ("Passages", "Question") if lang == "en" else ("Fragmentos", "Pregunta")
    return [
        {"role": "system", "content": rules},
        {"role": "user", "content": f"{label[0]}:\n{numbered}\n\n{label[1]}: {question}"},
    ]


def grounded(answer: str, sources: Sequence[Source]) -> bool:
    """True when every figure in ``answer`` is one the passages state."""
    stated = {m.group(0) for s in sources for m in _FIGURE.finditer(f"{s.title} {s.text}")}
    return all(m.group(0) in stated for m in _FIGURE.finditer(answer))


def model_answer(
    app: Rumbo, question: str, language: str, address_form: str, sources: Sequence[Source]
) -> tuple[str, str] | None:
    """(answer, backend key) from the configured model, or None to answer extractively."""
    from rumbo.llm import configured_backend
    from rumbo.llm.openai_compat import LLMError

    if not sources:
        return None
    try:
        backend = configured_backend(app)
    except Exception:  # a misconfigured backend must not take the assistant down
        log.warning("assistant: the LLM backend is misconfigured; answering extractively")
        return None
    if backend is None:
        return None
    try:
        text = backend.complete(messages(question, language, address_form, sources)).strip()
    except LLMError as exc:
        log.warning("assistant: LLM unavailable (%s); answering extractively", exc)
        return None
    if not text or len(text) > MAX_ANSWER_CHARS or not grounded(text, sources):
        log.info("assistant: the model's answer failed the checks; answering extractively")
        return None
    return text, backend.features.key
