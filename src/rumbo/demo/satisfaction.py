"""Survey answers: CSAT after a solved ticket, NPS from the quarterly survey.

Scores follow how the conversation went (a ticket's ``mood``), so the outage and the key account
show up as low scores, as they would in real data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TypeVar

from rumbo.crm.schemas import SatisfactionIn
from rumbo.demo.conversation import Draft
from rumbo.demo.people import SOURCE, UNHAPPY_INFLUENCER, Person
from rumbo.demo.text import pick, roughen

T = TypeVar("T")


@dataclass(frozen=True)
class SurveyAnswer:
    """A satisfaction row plus the ticket it is about, known here only by external id."""

    row: SatisfactionIn
    ticket_external_id: str | None


CSAT_COMMENTS = {
    5: (
        "Excelente atención, muy rápidos.",
        "Resolvieron todo en minutos, gracias!",
        "Muy amable el agente.",
        "Súper claro, gracias.",
    ),
    4: (
        "Bien, aunque tardaron un poco en responder.",
        "Buena atención.",
        "Se resolvió, pero tuve que escribir dos veces.",
    ),
    3: ("Regular, la respuesta fue muy general.", "Tardaron mucho."),
    2: ("Tardaron demasiado y no resolvieron del todo.", "Perdimos ventas esperando respuesta."),
    1: (
        "Pésimo. Nadie sabía qué pasaba.",
        "Sin sistema toda la mañana y solo respuestas automáticas.",
        "Muy mala experiencia.",
    ),
}
NPS_COMMENTS = {
    "promoter": (
        "El sistema es fácil y el soporte responde rápido.",
        "Lo recomiendo a otros comerciantes de la zona.",
        "Nos ordenó el inventario por completo.",
    ),
    "passive": (
        "Funciona bien, pero los reportes podrían ser mejores.",
        "Buen producto, un poco caro para una tienda chica.",
    ),
    "detractor": (
        "Se cae seguido y perdemos ventas.",
        "El precio sube y el servicio no mejora.",
        "Demasiadas fallas de sincronización.",
    ),
}
EN_COMMENTS = ("Quick and helpful.", "Good, but it took a while.", "Not great, still waiting.")
SPECIAL_NPS = {
    "Lorena Castañeda Ruiz": (
        3,
        "El servicio se ha vuelto inestable y la competencia nos ofrece más por menos.",
    ),
    "Mauricio Treviño": (
        5,
        "La plataforma está bien, pero la caída nos afectó en todas las sucursales.",
    ),
    UNHAPPY_INFLUENCER: (1, "Compré un kit hace un mes y sigo esperando. Nadie responde."),
}


def survey(
    rng: random.Random, anchor: dt.datetime, drafts: list[Draft], people: list[Person], total: int
) -> list[SurveyAnswer]:
    """About ``total`` answers: three quarters CSAT about solved tickets, the rest NPS."""
    solved = [d for d in drafts if d.status in {"solved", "closed"}]
    csat_count = min(len(solved), round(total * 0.76))
    answers = [_csat(rng, anchor, d) for d in _sample(rng, solved, csat_count)]
    specials = [p for p in people if p.row.name in SPECIAL_NPS]
    others = [p for p in people if p.account is not None and p.row.name not in SPECIAL_NPS]
    nps_people = specials + _sample(rng, others, max(0, total - len(answers) - len(specials)))
    answers += [_nps(rng, anchor, p) for p in nps_people]
    answers.sort(key=lambda a: (a.row.responded_at, a.row.contact_email or ""))
    return [
        SurveyAnswer(
            a.row.model_copy(update={"external_id": f"demo-sat-{i:06d}"}), a.ticket_external_id
        )
        for i, a in enumerate(answers, start=1)
    ]


def _sample(rng: random.Random, items: list[T], count: int) -> list[T]:
    return rng.sample(items, min(count, len(items)))


def _csat(rng: random.Random, anchor: dt.datetime, draft: Draft) -> SurveyAnswer:
    last = max(line.at for line in draft.lines)
    at = min(anchor, last + dt.timedelta(minutes=rng.randint(5, 2 * 24 * 60)))
    # mood -1 … 1 maps to 1 … 5, with a little noise either way.
    score = max(1, min(5, round(3 + 2 * draft.mood + rng.uniform(-0.8, 0.8))))
    comment = None
    if rng.random() < 0.4:
        comment = (
            pick(rng, EN_COMMENTS)
            if draft.language == "en"
            else roughen(pick(rng, CSAT_COMMENTS[score]), rng, 0.3)
        )
    row = SatisfactionIn(
        source=SOURCE,
        contact_email=draft.person.email,
        kind="csat",
        score=score,
        comment=comment,
        responded_at=at,
    )
    return SurveyAnswer(row, draft.external_id)


def _nps(rng: random.Random, anchor: dt.datetime, person: Person) -> SurveyAnswer:
    at = anchor - dt.timedelta(minutes=rng.randint(60, 95 * 24 * 60))
    comment: str | None
    if person.row.name in SPECIAL_NPS:
        score, comment = SPECIAL_NPS[person.row.name]
        at = anchor - dt.timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 8))
    else:
        health = person.account.row.health if person.account else "healthy"
        base = {"healthy": 8.3, "watch": 6.5, "at_risk": 4.5}[health]
        score = max(0, min(10, round(rng.gauss(base, 1.6))))
        kind = "promoter" if score >= 9 else "passive" if score >= 7 else "detractor"
        comment = pick(rng, NPS_COMMENTS[kind]) if rng.random() < 0.35 else None
        if comment and person.row.language == "en":
            comment = pick(rng, EN_COMMENTS)
    row = SatisfactionIn(
        source=SOURCE,
        contact_email=person.email,
        kind="nps",
        score=score,
        comment=comment,
        responded_at=at,
    )
    return SurveyAnswer(row, None)
