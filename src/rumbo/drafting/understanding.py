"""Reading a request typed in plain Spanish or English: what is wanted, for whom, with which facts.

Rules, not a model: each decision comes from words in the request, so ``rumbo draft --json`` can
show what was understood and a person can see why. Facts never given are never filled in.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rumbo.drafting import facts as extract
from rumbo.errors import ValidationFailed
from rumbo.text import fold

OUTPUTS = ("message", "reply", "email", "statement", "plan", "plan_and_statement")
CHANNELS = ("email", "chat", "social", "sms", "statement", "reply")
# Situations where the people addressed were let down: the draft apologises unless told not to.
APOLOGY_SITUATIONS = frozenset({"outage", "unhappy_customer", "data_leak", "surge"})
MAX_REQUEST = 4000

# Checked in this order: the first situation whose words appear wins, so the riskier reading
# (a leak that also caused an outage is a leak) is the one the plan and the critic prepare for.
SITUATION_WORDS: tuple[tuple[str, str], ...] = (
    (
        "data_leak",
        r"fuga de (?:datos|informacion)|filtra(?:cion|do|dos|da|das|ron)|brecha de|"
        r"datos expuestos|expuest[oa]s|acceso no autorizado|hacke\w*|robo de datos|"
        r"data (?:leak|breach)|breach|leak(?:ed)?|exposed|unauthori[sz]ed access|hacked",
    ),
    (
        "political",
        r"politic\w*|neutralidad|neutral\w*|elecci\w+|electoral|gobierno|partido|candidat\w+|"
        r"election\w*|government|party|president\w*|presidente",
    ),
    (
        "key_account",
        r"cuenta clave|cuentas? grandes?|gran cuenta|cliente (?:grande|importante|clave)|"
        r"(?:cancelar|rescindir|no renovar) (?:el|su) contrato|quiere irse|dejarnos|"
        r"amenaza\w* con (?:irse|cancelar|dejar\w*|rescindir)|"
        r"threaten\w* to (?:leave|cancel|churn)|"
        r"key account|large account|big account|enterprise customer|"
        r"(?:cancel|not renew|leave|leaving) (?:the |their |its )?(?:contract|us)|"
        r"at risk of (?:leaving|churn\w*)|churn\w*",
    ),
    (
        "competitor",
        r"competidor\w*|competencia|competitor\w*|rival\w*|difama\w*|desprestigi\w*|smear\w*",
    ),
    (
        "outage",
        r"caid[oa]s?|no funciona|sin servicio|interrup\w+|fuera de servicio|no (?:esta|estara) "
        r"disponible|no disponible|servidor|outage|down|unavailable|downtime|not working|"
        r"mantenimiento|maintenance|incidencia|incident|failing|fallando|fallan|no carga|"
        r"no anda|no podemos cobrar|(?:can'?t|cannot) (?:process|accept|log in|charge)",
    ),
    (
        "surge",
        r"pico de|aumento de (?:pedidos|consultas|demanda|tickets)|avalancha|alta demanda|"
        r"muchos pedidos|demora\w*|retras\w+|black friday|buen fin|hot sale|cyber ?(?:day|monday)|"
        r"surge|spike|backlog|wait(?:ing)? times?|delays?|high demand|record (?:orders|volume)",
    ),
    (
        "unhappy_customer",
        r"molest[oa]s?|enojad[oa]s?|enfadad[oa]s?|queja\w*|insatisfech[oa]s?|furios[oa]s?|"
        r"reclam\w+|mala experiencia|frustrad[oa]s?|unhappy|angry|complain\w*|frustrated|"
        r"upset|disappointed|bad review|rese[nñ]a negativa|negative review|furious",
    ),
)
ONE_PERSON = (
    r"\b(?:un|una|al|el|la|this|the|an?) (?:usuari[oa]|client[ea]|customer|user|person[a]?|"
    r"influencer|comprador[a]?|buyer|shopper)\b"
)
# Maintenance announced ahead is news to share, not an outage happening now.
SCHEDULED = (
    r"(?:mantenimiento|maintenance)\b.*\b(?:programad[oa]|planificad[oa]|planned|scheduled|"
    r"manana|tomorrow|el (?:lunes|martes|miercoles|jueves|viernes|sabado|domingo)|"
    r"on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|de \d{1,2}:\d{2} a)"
    r"|\b(?:habra|there will be|will have|tendremos) (?:un )?(?:mantenimiento|maintenance)"
    r"|(?:mantenimiento|maintenance) (?:programado|planificado|scheduled|planned)"
)
# Words of a busy season; without them, a delay for one person is that person's problem.
SEASON = (
    r"black friday|buen fin|hot sale|cyber|alta demanda|high demand|pico|spike|surge|avalancha|"
    r"muchos pedidos|muchas consultas|record|backlog"
)
PLAN_WORDS = (
    r"\bplan(?:es)? (?:de|para|por|of|to|for)\b|\bun plan\b|\ba plan\b|\b(?:action|response|"
    r"staged|crisis) plan\b|\bplaybook\b|\bpasos a seguir\b|\bhoja de ruta\b|\broadmap\b|"
    r"\bsteps to take\b|\bplan\b(?= (?:y|and|con|with|plus|mas)\b)"
)
STATEMENT_WORDS = (
    r"comunicado|declaracion|statement|press release|nota de prensa|posicionamiento|"
    r"postura publica|pronunciamiento"
)
EMAIL_WORDS = r"\bcorreo\b|\be-?mail\b|\bmail\b"
REPLY_WORDS = (
    r"\bresponde\w*|\brespuesta\b|\bcontesta\w*|\breply\b|\brespond\w*|\banswer\b|\bresponse to\b"
)
SOCIAL_WORDS = (
    r"redes(?: sociales)?|twitter|\bx\b|instagram|facebook|tiktok|linkedin|\btuit\w*|"
    r"\btweet\w*|\bpost\b|publicacion|social"
)
TONES: dict[str, str] = {
    "formal": r"\bformal\b",
    "warm": r"cercan[oa]|calid[oa]|warm|friendly|amable",
    "empathetic": r"empati\w+|empathetic|empathy|comprensiv[oa]",
    "firm": r"\bfirme\b|\bfirm\b|contundente",
    "brief": r"\bbreve\b|\bcorto\b|\bshort\b|\bbrief\b|concis[oa]|concise",
    "clear": r"\bclar[oa]\b|\bclear\b|sencill[oa]|simple",
    "reassuring": r"tranquiliza\w*|reassur\w*|calma",
    "neutral": r"\bneutral\b|imparcial|neutro",
    "professional": r"profesional|professional",
    "transparent": r"transparen\w+",
}
APOLOGY_WORDS = (
    r"disculp\w+|pid\w* perdon|pedir perdon|perdon|lo sentimos|lamentamos|apologi[sz]\w*|"
    r"apology|sorry"
)
NO_APOLOGY = (
    r"sin (?:pedir )?disculpas|no (?:te |se |nos )?disculp\w+|(?:don'?t|do not|without) apologi"
)
SPANISH_HINTS = (
    "el", "la", "los", "las", "que", "de", "para", "una", "un", "con", "por", "mensaje",
    "escribe", "redacta", "clientes", "del", "se", "y", "en", "nuestro", "nuestros", "datos",
    "respuesta", "correo", "comunicado", "responde", "usuarios", "caida", "servicio", "fuga",
    "cuenta", "clave", "prepara", "crea", "envia", "publica", "prensa", "sistema", "cliente",
)  # fmt: skip
ENGLISH_HINTS = (
    "the", "a", "write", "to", "and", "for", "message", "our", "customers", "of", "with",
    "that", "is", "will", "draft", "we", "they", "an", "in", "about", "data", "breach",
    "response", "email", "statement", "reply", "users", "outage", "service", "leak", "key",
    "account", "retention", "prepare", "create", "send", "tweet", "press", "release", "down",
)  # fmt: skip


@dataclass(frozen=True)
class Understood:
    """What a request asks for. ``facts`` holds only what the request or the CRM says."""

    request: str
    language: str
    situation: str
    output: str
    audience: str
    channel: str | None
    register: str | None
    tone: tuple[str, ...]
    apology: bool
    facts: Mapping[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "situation": self.situation,
            "output": self.output,
            "audience": self.audience,
            "channel": self.channel,
            "register": self.register,
            "tone": list(self.tone),
            "apology": self.apology,
            "facts": dict(self.facts),
        }


def _has(pattern: str, folded: str) -> bool:
    return re.search(pattern, folded) is not None


def detect_language(folded: str) -> str:
    words = re.findall(r"[a-zñ']+", folded)
    spanish = sum(w in SPANISH_HINTS for w in words)
    english = sum(w in ENGLISH_HINTS for w in words)
    return "en" if english > spanish else "es"


def detect_situation(folded: str) -> str:
    found = [s for s, pattern in SITUATION_WORDS if re.search(rf"\b(?:{pattern})", folded)]
    if not found:
        return "general"
    first = found[0]
    if first in {"outage", "key_account"} and _has(SCHEDULED, folded):
        return "general"
    one_person = _has(ONE_PERSON, folded)
    # An angry person who writes about a broken device is an unhappy customer, not an outage;
    # one customer's late order is theirs to be sorry about, not a surge.
    if one_person and first in {"outage", "surge"} and "unhappy_customer" in found:
        return "unhappy_customer"
    if one_person and first == "surge" and not _has(SEASON, folded):
        return "unhappy_customer"
    return first


def detect_output(folded: str) -> str:
    plan = _has(PLAN_WORDS, folded)
    statement = _has(STATEMENT_WORDS, folded)
    if plan and statement:
        return "plan_and_statement"
    if plan:
        return "plan"
    if statement:
        return "statement"
    if _has(EMAIL_WORDS, folded):
        return "email"
    if _has(REPLY_WORDS, folded):
        return "reply"
    return "message"


def detect_channel(folded: str, output: str) -> str | None:
    if output in {"statement", "plan_and_statement"}:
        return "statement"
    if output == "email" or _has(EMAIL_WORDS, folded):
        return "email"
    if _has(r"\bsms\b|mensaje de texto|text message", folded):
        return "sms"
    if _has(SOCIAL_WORDS, folded):
        return "social"
    if _has(r"\bchat\b|whatsapp|messenger", folded):
        return "chat"
    if output == "reply":
        return "reply"
    return None


def detect_register(folded: str) -> str | None:
    if _has(r"\bvos\b|voseo|vosea", folded):
        return "vos"
    if _has(r"\btute\w*|de tu\b|\btuteo\b|\binformal\b", folded):
        return "tu"
    if _has(r"\busted(?:es)?\b|de usted|\bformal\b", folded):
        return "usted"
    return None


def detect_audience(folded: str, situation: str, output: str) -> str:
    if _has(
        r"\bprensa\b|\bmedios\b|\bpress\b|(?<!social )\bmedia\b|periodistas|journalists", folded
    ):
        return "press"
    if _has(r"\bequipo interno\b|\bempleados\b|\bstaff\b|\bemployees\b|\binternal team\b", folded):
        return "team"
    single = (
        r"\b(?:al|un|una|este|esta|the|a|this) (?:cliente|clienta|customer|client|usuario|user)\b"
        r"(?! (?:base|list))|\bcliente molest|\bangry customer\b"
    )
    if situation == "key_account" or output == "reply" or _has(single, folded):
        return "customer"
    if output == "statement" or output == "plan_and_statement":
        return "public"
    return "customers"


def understand(
    request: str,
    *,
    catalogue: Sequence[Mapping[str, Any]] = (),
    channel: str | None = None,
) -> Understood:
    """Read ``request``; ``catalogue`` (CRM products) lets product names be recognised."""
    text = " ".join(request.split())
    if not text:
        raise ValidationFailed(
            "The request is empty: say what to write.", fields={"request": "empty"}
        )
    if len(text) > MAX_REQUEST:
        raise ValidationFailed(
            f"The request is too long ({len(text)} characters; at most {MAX_REQUEST}).",
            fields={"request": "too long"},
        )
    if channel is not None and channel not in CHANNELS:
        raise ValidationFailed(
            f"Unknown channel '{channel}' (one of: {', '.join(CHANNELS)}).",
            fields={"channel": "unknown"},
        )
    folded = fold(text)
    situation = detect_situation(folded)
    output = detect_output(folded)
    asked_apology = _has(APOLOGY_WORDS, folded) and not _has(NO_APOLOGY, folded)
    refuses_apology = _has(NO_APOLOGY, folded)
    return Understood(
        request=text,
        language=detect_language(folded),
        situation=situation,
        output=output,
        audience=detect_audience(folded, situation, output),
        channel=channel or detect_channel(folded, output),
        register=detect_register(folded),
        tone=tuple(t for t, pattern in TONES.items() if _has(pattern, folded)),
        apology=asked_apology or (situation in APOLOGY_SITUATIONS and not refuses_apology),
        facts=gather_facts(text, folded, situation, catalogue),
    )


def gather_facts(
    text: str, folded: str, situation: str, catalogue: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    found: dict[str, Any] = {}
    found.update(extract.durations(folded))
    rival = extract.competitor(text) if situation in {"competitor", "key_account"} else {}
    found.update(rival)
    money = extract.amount(text)
    offer = rival.get("competitor_offer", "")
    if money and not (offer and money["amount_text"] in offer):
        found.update(money)
    share = extract.percent(folded)
    if share is not None and not (offer and "%" in offer):
        found["percent"] = share
    leaked = extract.data_types(folded) if situation == "data_leak" else []
    if leaked:
        found["data_types"] = leaked
    named = extract.products(text, catalogue)
    if named:
        found["products"] = named
    places = extract.markets(folded)
    if places:
        found["markets"] = places
    found.update(extract.dates(text))
    order = extract.order_number(text)
    if order:
        found["order"] = order
    person = extract.person_name(text)
    if person and extract.markets(fold(person)) == []:
        found["person"] = person
    compensation = extract.compensation(text, exclude=[offer] if offer else [])
    if compensation:
        found["compensation"] = compensation
    if _has(r"ingenier\w*|equipo tecnico|engineer\w*|technical team|tech team", folded):
        found["engineering_on_it"] = True
    return found
