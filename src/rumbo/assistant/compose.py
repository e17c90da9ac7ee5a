"""The words of the assistant's replies: extractive, in the customer's language and register.

The answer quotes the knowledge base and adds nothing of its own — no price, policy or promise
that an article does not state. Only the framing sentences come from here.
"""

from __future__ import annotations

import re

FRAMES: dict[str, dict[str, str]] = {
    "es:tu": {
        "answer": "Esto es lo que dice nuestro artículo «{title}»:",
        "more": "Aquí lo tienes completo: {url}",
        "clarify": "Para ayudarte mejor: ¿tu pregunta es sobre «{first}» o sobre «{second}»?",
        "escalate": "Te paso con una persona del equipo; ya tiene tu consulta",
        "notice": "Aviso: {title}. {body}",
    },
    "es:vos": {
        "answer": "Esto es lo que dice nuestro artículo «{title}»:",
        "more": "Acá lo tenés completo: {url}",
        "clarify": "Para ayudarte mejor: ¿tu pregunta es sobre «{first}» o sobre «{second}»?",
        "escalate": "Te paso con una persona del equipo; ya tiene tu consulta",
        "notice": "Aviso: {title}. {body}",
    },
    "es:usted": {
        "answer": "Esto es lo que dice nuestro artículo «{title}»:",
        "more": "Puede leerlo completo aquí: {url}",
        "clarify": "Para ayudarle mejor: ¿su pregunta es sobre «{first}» o sobre «{second}»?",
        "escalate": "Le paso con una persona del equipo; ya tiene su consulta",
        "notice": "Aviso: {title}. {body}",
    },
    "en": {
        "answer": "Here is what our article “{title}” says:",
        "more": "Read it in full here: {url}",
        "clarify": "To help you better: is your question about “{first}” or “{second}”?",
        "escalate": "I'm handing you over to a person on our team; they have your question",
        "notice": "Notice: {title}. {body}",
    },
}
TICKET_REF = {"es": " (ticket #{ticket_id}).", "en": " (ticket #{ticket_id})."}

_MARKUP = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+|#+\s+)|[*_`]+", re.MULTILINE)


def frames(language: str, address_form: str) -> dict[str, str]:
    if language == "en":
        return FRAMES["en"]
    return FRAMES.get(f"es:{address_form}", FRAMES["es:usted"])


def plain(passage: str, limit: int = 700) -> str:
    """A passage as plain sentences: Markdown markers removed, cut at a sentence boundary."""
    text = _MARKUP.sub("", passage).strip()
    text = re.sub(r"\s*\n\s*", " ", text)
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    return (cut[: end + 1] if end > limit // 2 else cut.rstrip() + "…").strip()


def answer_text(language: str, address_form: str, title: str, passage: str, url: str) -> str:
    words = frames(language, address_form)
    return "\n\n".join(
        [words["answer"].format(title=title), plain(passage), words["more"].format(url=url)]
    )


def clarify_text(language: str, address_form: str, first: str, second: str) -> str:
    return frames(language, address_form)["clarify"].format(first=first, second=second)


def escalate_text(language: str, address_form: str, ticket_id: int | None) -> str:
    text = frames(language, address_form)["escalate"]
    if ticket_id is None:
        return text + "."
    return text + TICKET_REF["en" if language == "en" else "es"].format(ticket_id=ticket_id)


def notice_text(language: str, address_form: str, title: str, body: str) -> str:
    return frames(language, address_form)["notice"].format(title=title, body=body)
