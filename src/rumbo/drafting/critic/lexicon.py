"""The critic's built-in word lists, Spanish and English, written for folded text.

Patterns are matched against :func:`~rumbo.drafting.critic.textspan.fold_same_length` output:
lower case, no accents. They describe customer-service writing, not language in general.
"""

from __future__ import annotations

import re


def _any(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


# Greetings that sound like a form letter, flattery, or a label on the reader.
UNNATURAL_GREETING = _any(
    r"(?:hola\s*,?\s*)?querid[oa]s?\s+(?:usuari[oa]s?|client[ea]s?|amig[oa]s?|comerciantes?|"
    r"emprendedor(?:es|as?)?)(?:\s+valios[oa]s?)?",
    r"(?:hola\s*,?\s*)?estimad[oa]s?\s+(?:usuari[oa]s?|client[ea]s?)\s+valios[oa]s?",
    r"(?:hola\s*,?\s*)?(?:valios[oa]s?|apreciad[oa]s?)\s+(?:usuari[oa]s?|client[ea]s?)",
    r"(?:hola|hey|hi|hello)\s*,?\s*(?:querid[oa]\s+|dear\s+)?influencers?",
    r"hola\s*,?\s*vos(?:\s+que)?",
    r"(?:hello\s*,?\s*)?dear\s+(?:valued\s+)?(?:customers?|users?|clients?)",
    r"(?:hello|hi)\s*,?\s*valued\s+(?:customers?|users?)",
    r"(?:hola\s*,?\s*)?(?:usuari[oa]|client[ea])\s+(?:premium|vip)",
)

APOLOGY = _any(
    r"(?:te|le|les|os)\s+(?:pedimos|ofrecemos|presentamos)\s+(?:(?:una|nuestras|sinceras|"
    r"mil)\s+)*(?:disculpas|perdon)",
    r"pedimos\s+(?:(?:sinceras|mil)\s+)?(?:disculpas|perdon)",
    r"(?:nos\s+)?disculpa(?:mos|nos|e|en)?",
    r"disculpas",
    r"perdon(?:a|anos|en|enos|ame)?",
    r"lo\s+sentimos(?:\s+mucho)?",
    r"sentimos\s+(?:mucho\s+)?(?:la|el|lo|las|los|esta|este|que)",
    r"lamentamos\s+(?:mucho\s+|profundamente\s+|sinceramente\s+|de\s+verdad\s+|"
    r"de\s+corazon\s+)?(?:la|el|lo|las|los|esta|este|mucho|profundamente|sinceramente|"
    r"de\s+verdad|de\s+corazon)",
    r"(?:we\s+are|we're|we\s+re|i'm|i\s+am|so)\s+(?:so\s+|very\s+|truly\s+|really\s+)?sorry"
    r"(?!\s+(?:you|if\s+you)\s+feel)",
    r"sorry(?!\s+(?:you|if\s+you)\s+feel)",
    r"apologi[sz]e[sd]?",
    r"apologies",
    r"we\s+(?:deeply\s+|sincerely\s+|truly\s+)?regret",
)

# Things that are not apologies although they look like one ("we are sorry you feel that way").
NON_APOLOGY = _any(
    r"lamentamos\s+que\s+(?:te|se|usted)\s+sienta[sn]?",
    r"sentimos\s+que\s+(?:te|se)\s+sienta[sn]?",
    r"(?:we\s+are|we're)\s+sorry\s+(?:if\s+)?you\s+feel",
    r"sorry\s+(?:if\s+)?you\s+feel",
)

NEXT_STEP = _any(
    r"escrib[eiaá]nos",
    r"escribe(?:nos|me)",
    r"escribinos",
    r"escribanos",
    r"contact[aeá]nos",
    r"contactarnos",
    r"contactenos",
    r"llam[aeá]nos",
    r"respond[eaá]nos",
    r"responde(?:r)?\s+(?:a\s+)?este",
    r"responda\s+(?:a\s+)?este",
    r"(?:te|le|les|los|las)\s+(?:escribimos|escribiremos|avisamos|avisaremos|llamamos|"
    r"llamaremos|contamos|contaremos|contactamos|contactaremos|respondemos|responderemos|"
    r"contestamos|contestaremos|mandamos|mandaremos|enviamos|enviaremos|mantendremos|"
    r"mostramos|informaremos|confirmamos|confirmaremos|ayudamos|actualizaremos)",
    r"avisaremos",
    r"informaremos",
    r"por\s+(?:mensaje\s+directo|privado|dm|este\s+medio)",
    r"(?:al|el|por\s+el|desde\s+el)\s+chat",
    r"aqui\s+estamos",
    r"seguimos\s+atentos",
    r"lo\s+vemos\s+hoy",
    r"contact\s+us",
    r"email\s+us",
    r"e-mail\s+us",
    r"write\s+to\s+us",
    r"write\s+to",
    r"call\s+us",
    r"dm\s+us",
    r"message\s+us",
    r"reply\s+(?:to\s+this|here|if)",
    r"reply\s+to",
    r"let\s+us\s+know",
    r"(?:we|i)(?:'ll|\s+will)\s+(?:email|update|call|contact|write|let\s+you\s+know|be\s+in\s+touch|"
    r"send|answer|reply|get\s+back|text|message|notify)",
    r"will\s+call\s+you",
    r"we\s+answer",
    r"updates?\s+(?:at|on|here)",
    r"questions\s*\?",
    r"questions\s*:",
    r"dudas\s*[:?]",
    r"(?:articulo|centro|pagina)\s+de\s+ayuda",
    r"help\s+(?:article|center|centre|page)",
)

BUILT_IN_NEGATIVE = _any(
    r"culpa\s+(?:del|de\s+la)\s+(?:cliente|usuari[oa])",
    r"(?:es|fue)\s+(?:tu|su)\s+culpa",
    r"culpa\s+suya",
    r"error\s+(?:del|de)\s+usuario",
    r"como\s+ya\s+(?:le|te|les)\s+(?:dijimos|explicamos|indicamos|habiamos\s+dicho)",
    r"como\s+(?:le|te|les)\s+(?:dijimos|explicamos)",
    r"lamentamos\s+que\s+(?:te|se|usted)\s+sienta[sn]?",
    r"no\s+es\s+(?:nuestro\s+problema|nuestra\s+culpa|asunto\s+nuestro)",
    r"obviamente",
    r"evidentemente",
    r"si\s+hubiera(?:s|n)?\s+leido",
    r"deberia(?:s)?\s+haber",
    r"(?:la\s+competencia|ellos)\s+miente(?:n)?",
    r"es\s+un\s+desastre",
    r"basura",
    r"incompetentes?",
    r"user\s+error",
    r"(?:your|their)\s+fault",
    r"as\s+we\s+(?:already\s+)?(?:told|explained\s+to)\s+you",
    r"(?:we\s+are|we're)\s+sorry\s+(?:if\s+)?you\s+feel",
    r"not\s+our\s+problem",
    r"obviously",
    r"you\s+should\s+have",
    r"is\s+lying",
    r"are\s+lying",
    r"garbage",
)

OVERPROMISE = _any(
    r"haremos\s+(?:todo\s+)?lo\s+que\s+sea\s+necesario",
    r"lo\s+que\s+sea\s+necesario",
    r"garantiza(?:mos|do|da|dos|das|r)",
    r"le\s+garantizo|te\s+garantizo",
    r"(?:nunca|jamas)\s+(?:mas\s+)?volvera\s+a\s+(?:pasar|ocurrir|suceder)",
    r"no\s+volvera\s+a\s+(?:pasar|ocurrir|suceder)",
    r"(?:al\s+)?100\s*%",
    r"cien\s+por\s+ciento",
    r"sin\s+excepcion",
    r"si\s+o\s+si",
    r"prometemos",
    r"guarantee[ds]?",
    r"(?:will\s+)?never\s+happen\s+again",
    r"whatever\s+it\s+takes",
    r"no\s+matter\s+what(?:\s+it\s+takes)?",
    r"we\s+promise",
)

PLACEHOLDER = re.compile(
    r"\[[^\[\]\n()]{2,40}\](?!\()"  # [Nombre de la Empresa], but not a Markdown link
    r"|\{\{?\s*[\w. -]{1,40}\s*\}?\}"  # {name}, {{ name }}
    r"|<\s*[A-ZÁÉÍÓÚÑ_][A-ZÁÉÍÓÚÑ_ ]{1,30}\s*>"  # <NOMBRE>
    r"|(?<!\w)X{3,}(?!\w)"
    r"|_{3,}"
    r"|(?i:lorem\s+ipsum)"
)

PROMOTIONAL_HASHTAG = re.compile(
    r"#(?:promo\w*|oferta\w*|descuento\w*|sale|sales|giveaway\w*|sorteo\w*|blackfriday|"
    r"cybermonday|hotsale|buenfin|deal\w*|gratis|free\w*)$"
)

SENSITIVE = [
    (
        "audience",
        _any(
            r"\d[\d.,]*\s*(?:k|mil|m)?\s*(?:de\s+)?(?:seguidores|followers?|suscriptores|"
            r"subscribers|fans)"
        ),
    ),
    (
        "audience",
        _any(
            r"(?:cantidad|numero)\s+de\s+(?:seguidores|suscriptores)",
            r"(?:your|tu|su)\s+(?:follower|audience)\s+(?:count|size)",
            r"\w+\s+follower\s+(?:store|page|account)",
        ),
    ),
    (
        "status",
        _any(
            r"como\s+influencer",
            r"as\s+an?\s+influencer",
            r"trato\s+(?:preferente|vip|"
            r"especial)\s+por",
            r"te\s+damos\s+trato\s+preferente",
            r"por\s+(?:tu|su)\s+(?:cantidad|numero)\s+de",
        ),
    ),
    (
        "internal",
        _any(
            r"(?:arr|mrr)(?:\s+[^.;\n]{0,30}?\d[\d.,]*(?:\s*(?:m|k|mil))?)?",
            r"riesgo\s+de\s+(?:baja|fuga|churn|abandono)",
            r"churn\s+risk",
            r"notas?\s+internas?",
            r"internal\s+notes?",
            r"margen\s+de\s+ganancia",
        ),
    ),
    (
        "other_customer",
        _any(
            r"(?:el|la)\s+client[ea]\s+[a-z]+\s+[a-z]+",
            r"otr[oa]s?\s+client[ea]s?\s*,?\s*[a-z]+\s+[a-z]+",
            r"another\s+customer\s*,?\s*[\w.+-]+(?:@[\w.-]+)?",
            r"ticket\s*#?\s*\d{3,}",
        ),
    ),
    (
        "national_id",
        _any(
            r"(?:dni|rut|curp|rfc|cedula|cuit|cuil|nit|ssn|pasaporte|passport)"
            r"\s*(?:n[o°º]\.?\s*)?:?\s*[\d][\d.\-]{5,}[\dk]?",
            r"\d{3}-\d{2}-\d{4}",
        ),
    ),
    (
        "personal_contact",
        _any(
            r"[\w.+-]+@(?:gmail|hotmail|outlook|yahoo|icloud|live|proton|aol)"
            r"(?:\.[a-z]+)+",
            r"(?:celular|telefono|movil|numero)\s+personal",
            r"personal\s+(?:phone|number|mobile)",
        ),
    ),
]
CARD_NUMBER = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPANISH_STOPWORDS = _words(
    """a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque cada como con
    contra cual cuando de del desde donde dos e el ella ellas ello ellos en entre era eran es esa
    esas ese eso esos esta estas este esto estos estamos estan estar estara estaras estaremos
    estoy fue fueron ha habia han has hasta hay he la las le les lo los mas me mi mis mientras
    mucho muy nada ni no nos nosotros o os otra otro para pero poco por porque que quien se sea
    ser si sin sobre solo son su sus tambien tan tanto te tenemos ti tiene tienen todo todos tu
    tus un una unas uno unos usted ustedes vos y ya yo hola gracias saludos favor hoy ahora
    vamos va vas van tenes tienes puede podes puedes podras pueda podra"""
)
ENGLISH_STOPWORDS = _words(
    """a about all already also am an and any are as at be because been being but by can could
    did do does for from had has have he her here him his how i if in into is it its it's just
    me more most my no not now of on or our ours out so some than that the their them then there
    these they this those to too up us very was we were what when where which while who why will
    with would you your yours hi hello hey dear thanks thank please today still we're we'll
    you'll you're it's don't won't can't isn't"""
)
