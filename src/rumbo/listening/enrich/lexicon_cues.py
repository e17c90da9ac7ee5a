"""Word lists that steer sentiment, complaints, language and topics (folded, es + en).

Hand-written; phrases are matched on folded text at word boundaries, single words by Snowball stem.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


def _weights(*tables: str) -> dict[str, float]:
    """``"no funciona=0.8; refund=0.6"`` → ``{"no funciona": 0.8, "refund": 0.6}``."""
    out: dict[str, float] = {}
    for table in tables:
        for entry in table.split(";"):
            phrase, _, weight = entry.strip().rpartition("=")
            if phrase:
                out[" ".join(phrase.split())] = float(weight)
    return out


# Words that flip the polarity of what follows within a short window.
NEGATORS = frozenset(
    _words("""no ni nunca jamas tampoco nada nadie sin not no never nor none nobody nothing neither
    without cannot cant can't dont don't doesnt doesn't didnt didn't isnt isn't wasnt wasn't
    arent aren't werent weren't wont won't wouldnt wouldn't couldnt couldn't shouldnt shouldn't
    havent haven't hasnt hasn't hadnt hadn't aint ain't""")
)

# Multipliers for the next sentiment word: intensifiers above 1, softeners below 1.
INTENSIFIERS: dict[str, float] = {
    **dict.fromkeys(
        _words("""muy super re tan tanto demasiado totalmente completamente absolutamente realmente
        sumamente increiblemente extremadamente bastante very really so too extremely totally
        completely absolutely incredibly truly seriously super highly especially"""),
        1.5,
    ),
    **dict.fromkeys(
        _words("""poco algo apenas ligeramente medio slightly somewhat barely little kinda
        kind sorta"""),
        0.6,
    ),
}

# After one of these the clause that follows carries the weight ("bien, pero tarde").
CONTRAST = frozenset(_words("pero aunque sin_embargo but however although though yet"))

# Complaint cues: phrase → weight (0..1), combined as independent evidence.
COMPLAINT_CUES: dict[str, float] = _weights(
    # Spanish
    """
no funciona=0.8; no me funciona=0.8; no va=0.5; sin servicio=0.8; sin internet=0.8; sin
luz=0.7; sin senal=0.7; sin conexion=0.7; me cobraron=0.7; me han cobrado=0.7; me cobran=0.6;
cobro indebido=0.9; doble cobro=0.9; cobrado dos veces=0.9; reembolso=0.6; devolucion=0.5;
devuelvan=0.6; caido=0.5; caida=0.4; pesimo=0.6; pesima=0.6; pesimo servicio=0.9; mal
servicio=0.8; servicio al cliente=0.3; atencion al cliente=0.4; reclamacion=0.7; reclamo=0.6;
queja=0.6; denuncia=0.5; estafa=0.7; estafadores=0.7; vergüenza=0.5; verguenza=0.5; nadie
responde=0.8; nadie me responde=0.8; no contestan=0.7; no responden=0.7; todavia no=0.5; aun
no=0.4; sigo esperando=0.8; llevo esperando=0.8; sin respuesta=0.7; no llega=0.6; no ha
llegado=0.7; no llego=0.6; pedido=0.2; retraso=0.5; averia=0.6; no puedo=0.4; imposible=0.4;
cancelar=0.3; dar de baja=0.5; darme de baja=0.6; me quiero ir=0.6; harto=0.6; harta=0.6;
inaceptable=0.7; una hora=0.3; horas=0.2; dias=0.2; otra vez=0.4; de nuevo=0.3; error=0.3;
fallo=0.4; roto=0.5; rota=0.5; defectuoso=0.7; factura=0.3; cobro=0.4; incompetentes=0.7;
ladrones=0.7; solucion=0.3; solucionen=0.6; arreglen=0.6; que pasa con=0.5; por que=0.2
    """,
    # English
    """
doesn't work=0.8; doesnt work=0.8; does not work=0.8; not working=0.8; isn't working=0.8;
stopped working=0.8; no service=0.8; out of service=0.6; refund=0.6; charged twice=0.9;
overcharged=0.8; double charged=0.9; charged me=0.6; billed=0.3; cancelled=0.4; canceled=0.4;
delayed=0.5; delay=0.4; lost my=0.7; lost luggage=0.8; lost bag=0.8; still waiting=0.8; still
no=0.6; still not=0.6; been waiting=0.7; on hold=0.6; no response=0.7; no reply=0.7; never
received=0.8; hasn't arrived=0.7; never arrived=0.8; where is my=0.7; customer service=0.4;
worst=0.6; terrible=0.5; horrible=0.5; awful=0.5; unacceptable=0.7; ridiculous=0.5;
disappointed=0.5; complaint=0.6; fix=0.4; broken=0.5; outage=0.6; down again=0.7; is down=0.5;
can't=0.3; cannot=0.3; why=0.2; again=0.3; hours=0.3; days=0.2; rude=0.6; useless=0.6;
scam=0.7; fraud=0.6; seriously=0.3; really=0.1; ever=0.1; fail=0.5
    """,
)

# Words that mark a text as Spanish or English beyond the stopword lists (short texts need them).
LANGUAGE_HINTS: dict[str, frozenset[str]] = {
    "es": frozenset(
        _words("""el los las del al una unos unas es son esta estan estoy fue muy pero porque
        que con por para como mas ya hay tengo tiene hoy ayer gracias hola buenos buenas
        nuestro nuestra vez todo todos cuando donde quien nos les se su sus yo tu usted
        ustedes mi mis lo le ahora siempre nunca bien mal bueno malo servicio ni sin""")
    ),
    "en": frozenset(
        _words("""the and is are was were be been this that with for from have has had not you your
        my me we our they their it's i'm don't can't what why how when where who just
        get got will would should could there here thanks thank hi hello today yesterday
        service flight please all any""")
    ),
}

# Default topic taxonomy: topic → keywords (single words matched by stem, phrases as written).
TOPICS: dict[str, tuple[str, ...]] = {
    "outage": (
        "caido",
        "caida",
        "caidas",
        "sin servicio",
        "sin internet",
        "sin conexion",
        "sin senal",
        "sin luz",
        "no funciona",
        "no carga",
        "averia",
        "corte",
        "interrupcion",
        "apagon",
        "outage",
        "down",
        "not working",
        "no service",
        "offline",
        "error",
        "fallo",
        "crash",
        "conexion",
        "signal",
        "internet",
        "wifi",
        "app",
        "web",
        "servidor",
        "server",
    ),
    "billing": (
        "cobro",
        "cobrar",
        "cobraron",
        "factura",
        "facturacion",
        "cargo",
        "recibo",
        "tarjeta",
        "reembolso",
        "devolucion",
        "pago",
        "pagar",
        "bill",
        "billing",
        "billed",
        "charge",
        "charged",
        "invoice",
        "refund",
        "payment",
        "card",
        "fee",
        "fees",
        "money",
        "dinero",
    ),
    "delivery": (
        "envio",
        "entrega",
        "pedido",
        "paquete",
        "repartidor",
        "mensajero",
        "llegado",
        "correos",
        "seguimiento",
        "delivery",
        "delivered",
        "shipping",
        "shipment",
        "package",
        "parcel",
        "order",
        "tracking",
        "courier",
        "luggage",
        "bag",
        "bags",
        "baggage",
        "maleta",
        "equipaje",
    ),
    "data_privacy": (
        "datos",
        "privacidad",
        "filtracion",
        "hackeo",
        "hackeado",
        "contraseña",
        "contrasena",
        "phishing",
        "privacy",
        "data breach",
        "breach",
        "leak",
        "leaked",
        "hacked",
        "password",
        "gdpr",
        "rgpd",
        "personal data",
        "datos personales",
    ),
    "product_quality": (
        "defecto",
        "defectuoso",
        "roto",
        "rota",
        "calidad",
        "mala calidad",
        "estropeado",
        "broken",
        "defective",
        "quality",
        "faulty",
        "damaged",
        "dañado",
        "danado",
        "seat",
        "seats",
        "asiento",
        "food",
        "comida",
    ),
    "customer_service": (
        "atencion al cliente",
        "servicio al cliente",
        "agente",
        "operador",
        "llamada",
        "esperando",
        "espera",
        "respuesta",
        "responden",
        "customer service",
        "agent",
        "representative",
        "hold",
        "call",
        "phone",
        "waiting",
        "response",
        "reply",
        "rude",
        "staff",
        "personal",
        "trato",
    ),
    "price": (
        "precio",
        "precios",
        "caro",
        "cara",
        "subida",
        "tarifa",
        "oferta",
        "descuento",
        "price",
        "prices",
        "expensive",
        "cheap",
        "fare",
        "fares",
        "discount",
        "cost",
    ),
    "competitor": (
        "competencia",
        "cambiarme",
        "me cambio",
        "portabilidad",
        "me voy a",
        "switch",
        "switching",
        "competitor",
        "leaving",
        "other airline",
    ),
    "politics": (
        "gobierno",
        "presidente",
        "elecciones",
        "partido",
        "politica",
        "politico",
        "congreso",
        "ministro",
        "government",
        "president",
        "election",
        "elections",
        "politics",
        "congress",
        "senate",
        "minister",
        "vote",
    ),
}

# Two-word phrases whose first word would otherwise be dropped as a stopword ("sin servicio").
PHRASE_HEADS = frozenset(_words("no sin not without never nunca muy very"))
