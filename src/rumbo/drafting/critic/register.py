"""tú, usted or vos: which form of address a Spanish text uses, word by word.

Each marker is a pronoun, possessive or verb form that only one register uses: ``puedes`` (tú),
``podés`` (vos), ``escríbanos`` (usted). Forms shared by tú and vos (``te``, ``tu cuenta``,
``contactanos`` without an accent) are "informal": they fit either, never usted. Present-tense
``usted`` forms ("puede") are also third person, so they are not markers on their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rumbo.drafting.critic.textspan import fold_same_length

FormOfAddress = str  # 'tu' | 'vos' | 'usted' | 'informal'

# infinitive[:changed stem][:n] — "n" when the tú present form is also a common noun
# ("cuentas", "facturas"), so it is no evidence of anything.
_VERBS = """
usar revisar contactar llamar esperar:n intentar cambiar necesitar encontrar:encuentr
probar:prueb:n actualizar verificar consultar:n descargar:n confirmar ayudar:n pagar:n ingresar
activar registrar comunicar olvidar preocupar tomar:n dejar mandar avisar quedar visitar:n buscar
completar:n seleccionar aceptar comprar:n cobrar facturar:n contar:cuent:n recordar:recuerd
entrar conectar reiniciar evaluar guardar:n notar:n mirar cerrar:cierr recomendar:recomiend
disculpar:n acompañar enviar:enví cargar:n
poder:pued querer:quier deber responder leer acceder perder:pierd volver:vuelv mover:muev
encender:enciend entender:entiend comprender
recibir escribir abrir imprimir compartir:n decidir permitir preferir:prefier sentir:sient
pedir:pid seguir:sig elegir:elig
"""
# (tú present, vos present, usted imperative, tú imperative, vos imperative) for irregular verbs.
_IRREGULAR = {
    "tener": ("tienes", "tenés", "tenga", "ten", "tené"),
    "hacer": ("haces", "hacés", "haga", "haz", "hacé"),
    "decir": ("dices", "decís", "diga", "di", "decí"),
    "poner": ("pones", "ponés", "ponga", "pon", "poné"),
    "venir": ("vienes", "venís", "venga", "ven", "vení"),
    "ver": ("ves", "", "vea", "", ""),
    "saber": ("sabes", "sabés", "sepa", "", "sabé"),
    "ser": ("eres", "sos", "sea", "sé", ""),
    "ir": ("", "", "vaya", "", ""),
    "conocer": ("conoces", "conocés", "conozca", "", "conocé"),
    "ofrecer": ("ofreces", "ofrecés", "ofrezca", "", ""),
    "salir": ("", "salís", "salga", "sal", "salí"),
}
_CLITIC = re.compile(r"^(.+?)(nos|me|lo|la|los|las|le|les|se|te)$")
_ACCENTED = re.compile(r"[áéíóú]")
_IMPERATIVE_POSITION = re.compile(
    r"(?:^|[.:;!?¡¿\n(,]\s*)(?:por\s+favor,?\s+)?(?:no\s+(?:se\s+|lo\s+|la\s+|le\s+|me\s+)?)?$"
)


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    word: str
    form: FormOfAddress
    verb: str | None = None
    slot: str | None = None  # 'pres' | 'imp' | 'imp+clitic' | 'pron' — for rewriting


@dataclass
class _Tables:
    strict: dict[str, tuple[FormOfAddress, str, str]]  # word -> (form, verb, slot)
    imp_usted: dict[str, str]  # folded usted imperative -> verb
    imp_usted_position: dict[str, str]  # usted imperative counted only in imperative position
    imp_tu: dict[str, str]  # folded tú imperative -> verb
    imp_vos: dict[str, str]  # folded vos imperative (unaccented) -> verb
    conjugations: dict[str, dict[str, str]]  # verb -> slot/form key -> word


def _soften(stem: str, vowel: str) -> str:
    """Spelling before e: busc→busqu, pag→pagu, actualiz→actualic."""
    if vowel == "e":
        if stem.endswith("c"):
            return stem[:-1] + "qu"
        if stem.endswith("g"):
            return stem + "u"
        if stem.endswith("z"):
            return stem[:-1] + "c"
    if vowel == "a" and stem.endswith("g") and not stem.endswith("ng"):
        return stem[:-1] + "j"  # elegir → elija
    return stem


@lru_cache(maxsize=1)
def tables() -> _Tables:
    t = _Tables({}, {}, {}, {}, {}, {})
    for spec in _VERBS.split():
        parts = spec.split(":")
        infinitive = parts[0]
        changed = next((p for p in parts[1:] if p != "n"), None)
        noun_clash = "n" in parts[1:]
        stem, ending = infinitive[:-2], infinitive[-2:]
        cs = changed or stem
        if ending == "ar":
            forms = (cs + "as", stem + "ás", _soften(cs, "e") + "e", cs + "a", stem + "á")
        else:
            vos_vowel = "é" if ending == "er" else "í"
            forms = (
                cs + "es",
                stem + vos_vowel + "s",
                _soften(cs, "a") + "a",
                cs + "e",
                stem + vos_vowel,
            )
        _register(t, infinitive, forms, noun_clash)
    for infinitive, forms in _IRREGULAR.items():
        _register(t, infinitive, forms, False)
    for word, form in (
        ("ti", "tu"),
        ("contigo", "tu"),
        ("tú", "tu"),
        ("vos", "vos"),
        ("usted", "usted"),
        ("te", "informal"),
        ("tu", "informal"),
        ("tus", "informal"),
        ("estás", "informal"),
    ):
        t.strict[word] = (form, "", "pron")
    return t


def _register(t: _Tables, verb: str, forms: tuple[str, ...], noun_clash: bool) -> None:
    tu_pres, vos_pres, usted_imp, tu_imp, vos_imp = forms
    t.conjugations[verb] = {
        "tu:pres": tu_pres,
        "vos:pres": vos_pres,
        "usted:pres": tu_imp,
        "tu:imp": tu_imp,
        "vos:imp": vos_imp,
        "usted:imp": usted_imp,
    }
    if tu_pres and not noun_clash:
        t.strict[tu_pres] = ("tu", verb, "pres")
    if vos_pres and vos_pres != tu_pres:
        t.strict[vos_pres] = ("vos", verb, "pres")
        unaccented = fold_same_length(vos_pres)
        if unaccented != fold_same_length(tu_pres):
            t.strict.setdefault(unaccented, ("vos", verb, "pres"))
    if vos_imp and _ACCENTED.search(vos_imp) and len(vos_imp) > 2:
        t.strict.setdefault(vos_imp, ("vos", verb, "imp"))
    if usted_imp:
        t.imp_usted[fold_same_length(usted_imp)] = verb
        t.imp_usted_position[usted_imp] = verb
    if tu_imp:
        t.imp_tu[fold_same_length(tu_imp)] = verb
    if vos_imp:
        t.imp_vos[fold_same_length(vos_imp)] = verb


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_FORMAL_POSSESSIVE = re.compile(
    r"(?:^|[.:;!?¡¿\n]\s*)(su|sus)\b|\b(su|sus)\s+(?=(?:cuenta|pedido|factura|caso|consulta|"
    r"tarjeta|compra|plan|equipo|negocio|correo|contrasena|contraseña|reclamo|paciencia|"
    r"comprension|comprensión|confianza|tienda|datos|pago|suscripcion|suscripción|"
    r"solicitud|mensaje|comercio|empresa)\b)",
    re.IGNORECASE,
)
_FORMAL_CLITIC = re.compile(
    r"\b(le)\s+(?=(?:pedimos|escribimos|escribiremos|informamos|informaremos|avisamos|avisaremos|"
    r"contamos|ofrecemos|enviamos|enviaremos|mandamos|damos|recordamos|agradecemos|ayudamos|"
    r"llamamos|llamaremos|confirmamos|contactaremos|respondemos|responderemos|sugerimos|"
    r"recomendamos|invitamos|garantizo|aseguramos|explicamos|dijimos)\b)",
    re.IGNORECASE,
)


def markers(text: str) -> list[Marker]:
    """Every tú/vos/usted marker in ``text`` (Spanish), in order."""
    t = tables()
    lower = text.lower()
    found: list[Marker] = []
    for match in _WORD.finditer(lower):
        word = match.group()
        start, end = match.span()
        hit = t.strict.get(word)
        if hit is not None:
            found.append(Marker(start, end, text[start:end], hit[0], hit[1] or None, hit[2]))
            continue
        if word in t.imp_usted_position and _IMPERATIVE_POSITION.search(lower[:start]):
            verb = t.imp_usted_position[word]
            found.append(Marker(start, end, text[start:end], "usted", verb, "imp"))
            continue
        marker = _clitic_marker(t, word, start, end, text)
        if marker is not None:
            found.append(marker)
    for match in _FORMAL_POSSESSIVE.finditer(text):
        group = 1 if match.group(1) else 2
        found.append(
            Marker(match.start(group), match.end(group), match.group(group), "usted", None, "pron")
        )
    for match in _FORMAL_CLITIC.finditer(text):
        found.append(Marker(match.start(1), match.end(1), match.group(1), "usted", None, "pron"))
    return sorted(found, key=lambda m: m.start)


def _clitic_marker(t: _Tables, word: str, start: int, end: int, text: str) -> Marker | None:
    folded = fold_same_length(word)
    match = _CLITIC.match(folded)
    if match is None or len(match.group(1)) < 3:
        return None
    base = match.group(1)
    original = text[start:end]
    accented = bool(_ACCENTED.search(original.lower()))
    if base in t.imp_usted:
        return Marker(start, end, original, "usted", t.imp_usted[base], "imp+clitic")
    vos_verb = t.imp_vos.get(base)
    tu_verb = t.imp_tu.get(base)
    if vos_verb and not tu_verb:
        return Marker(start, end, original, "vos", vos_verb, "imp+clitic")
    if tu_verb:
        ending = tu_verb[-2:]
        if accented or (ending == "ir" and base.endswith("e")):
            return Marker(start, end, original, "tu", tu_verb, "imp+clitic")
        return Marker(start, end, original, "informal", tu_verb, "imp+clitic")
    return None


def fits(form: FormOfAddress, expected: str) -> bool:
    """Whether a marker of ``form`` belongs in a text written in ``expected``."""
    if form == expected:
        return True
    return form == "informal" and expected in {"tu", "vos"}


def dominant(found: list[Marker]) -> str | None:
    """The register most markers point to (informal markers lean to tú), or ``None``."""
    counts: dict[str, float] = {"tu": 0, "vos": 0, "usted": 0}
    for marker in found:
        if marker.form == "informal":
            counts["tu"] += 0.5
            counts["vos"] += 0.5
        else:
            counts[marker.form] += 1
    best = max(counts.items(), key=lambda kv: kv[1])
    return best[0] if best[1] > 0 else None
