"""Reasons to hand a question to a person whatever the knowledge base says.

Rules over accent-folded text, in Spanish and English: a customer who asks for a person, who is
angry, or who raises a data leak or a legal threat gets a person. Phrases are specific on purpose:
"hackear" alone is an everyday support question, "me robaron los datos" is an incident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rumbo.text import fold


@dataclass(frozen=True)
class Signals:
    wants_person: bool = False
    angry: bool = False
    sensitive_topic: str | None = None  # "data_leak" | "legal"
    mentions_cancellation: bool = False  # sensitive only for large accounts: the caller decides


def _pattern(*phrases: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(phrases) + r")\b")


WANTS_PERSON = _pattern(
    r"(?:hablar|comunicar(?:me)?|contactar|chatear) con (?:una? )?(?:persona|humano|agente|"
    r"asesor(?:a)?|operador(?:a)?|ejecutiv[oa]|alguien)",
    r"persona (?:real|de verdad)",
    r"(?:quiero|necesito|pasame|paseme) (?:a |con )?(?:una? )?"
    r"(?:humano|persona|agente|asesor)",
    r"no quiero (?:hablar con )?(?:un )?(?:robot|bot|maquina)",
    r"(?:talk|speak|chat) (?:to|with) (?:a |an |some)?(?:human|person|agent|representative|"
    r"someone|somebody|real person)",
    r"(?:human|live) (?:agent|support|person)",
    r"real person",
)

ANGRY = _pattern(
    r"pesim[oa]s?",
    r"una verguenza",
    r"que verguenza",
    r"estafa(?:dores)?",
    r"estoy hart[oa]",
    r"indignad[oa]",
    r"inaceptable",
    r"una basura",
    r"son unos (?:ladrones|inutiles|incompetentes)",
    r"ridicul[oa]",
    r"mierda",
    r"carajo",
    r"me tienen (?:hart[oa]|podrid[oa]|cansad[oa])",
    r"worst (?:service|company|support)",
    r"unacceptable",
    r"ridiculous",
    r"scam(?:mers)?",
    r"fed up",
    r"furious",
    r"disgusting",
    r"wtf",
)

DATA_LEAK = _pattern(
    r"(?:filtracion|fuga|robo|hackeo) de (?:mis )?datos",
    r"(?:filtraron|robaron|expusieron|hackearon) (?:mis |los |nuestros )?datos",
    r"datos (?:personales )?(?:filtrados|expuestos|robados|comprometidos)",
    r"me llego un correo (?:falso|sospechoso)",
    r"phishing",
    r"data (?:breach|leak)",
    r"(?:leaked|stolen|exposed) (?:my |our )?(?:personal )?data",
    r"my data (?:was|has been) (?:leaked|stolen|exposed)",
)

LEGAL = _pattern(
    r"abogad[oa]s?",
    r"demanda(?:r|re|remos)?",
    r"accion(?:es)? legal(?:es)?",
    r"denuncia(?:r|re)? (?:ante|en) (?:profeco|la sic|indecopi|sernac|defensa del consumidor)",
    r"profeco",
    r"indecopi",
    r"sernac",
    r"lawyer",
    r"attorney",
    r"lawsuit",
    r"sue (?:you|them|the company)",
    r"legal action",
)

CANCELLATION = _pattern(
    r"cancelar (?:mi |la |nuestra )?(?:cuenta|suscripcion|contrato|plan|servicio)",
    r"dar(?:me|nos)? de baja",
    r"rescindir",
    r"no vamos a renovar",
    r"cancel (?:my |our |the )?(?:account|subscription|contract|plan|service)",
    r"not (?:going to )?renew",
)


def detect(question: str, language: str | None = None) -> Signals:
    """Read the question for reasons to escalate. ``language`` is accepted for symmetry; the
    patterns of both languages are always tried, since customers mix them."""
    text = fold(question)
    letters = [c for c in question if c.isalpha()]
    shouting = len(letters) >= 12 and sum(c.isupper() for c in letters) / len(letters) > 0.7
    sensitive = "data_leak" if DATA_LEAK.search(text) else "legal" if LEGAL.search(text) else None
    return Signals(
        wants_person=bool(WANTS_PERSON.search(text)),
        angry=bool(ANGRY.search(text)) or shouting or "!!!" in question,
        sensitive_topic=sensitive,
        mentions_cancellation=bool(CANCELLATION.search(text)),
    )
