"""Insights for the team: the index of the analysis screens, and what the knowledge base misses."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter
from starlette.responses import Response

from rumbo.assistant.gaps import knowledge_gaps
from rumbo.web.deps import CurrentPage
from rumbo.web.exports import csv_response, wants_csv
from rumbo.web.i18n import N_, gettext
from rumbo.web.insights_common import period_days, period_links, url

router = APIRouter()

PERIODS = ("30", "90", "365")


@dataclass(frozen=True)
class Section:
    href: str
    title: str
    text: str
    permissions: tuple[str, ...]


SECTIONS = (
    Section(
        "/insights/problem-terms",
        N_("Términos problemáticos"),
        N_("De qué se quejan los clientes, cuántos son y cuánto ARR hay detrás de cada término."),
        ("listening.read", "crm.read"),
    ),
    Section(
        "/insights/forecasts",
        N_("Previsión de volumen"),
        N_("Menciones y tickets por fuente frente a lo previsto, y lo que se espera."),
        ("listening.read",),
    ),
    Section(
        "/insights/assistant",
        N_("Asistente: desvío y derivaciones"),
        N_("Qué parte resolvió el asistente sin una persona y por qué derivó el resto."),
        ("tickets.read",),
    ),
    Section(
        "/insights/response-times",
        N_("Tiempos de respuesta"),
        N_("Primera respuesta y resolución por semana (p50 y p90), con los plazos incumplidos."),
        ("tickets.read",),
    ),
    Section(
        "/insights/knowledge-gaps",
        N_("Vacíos de conocimiento"),
        N_("Preguntas que el asistente no supo responder con el centro de ayuda."),
        ("knowledge.read",),
    ),
)


@router.get("/insights")
def insights_index(page: CurrentPage) -> Response:
    """The analysis screens this user's role may read."""
    sections = [
        Section(s.href, gettext(s.title), gettext(s.text), s.permissions)
        for s in SECTIONS
        if all(page.allows(p) for p in s.permissions)
    ]
    return page.render("insights/index.html", sections=sections)


@router.get("/insights/knowledge-gaps")
def gaps_page(page: CurrentPage) -> Response:
    """Groups of questions the assistant could not answer, most asked first."""
    page.require("knowledge.read")
    days = period_days(page, PERIODS, "90")
    gaps = knowledge_gaps(page.session, days=days, limit=50)
    if wants_csv(page.request):
        return csv_response(
            f"rumbo-vacios-de-conocimiento-{days}d.csv",
            [
                gettext(N_("Pregunta representativa")),
                gettext(N_("Veces")),
                gettext(N_("Clientes")),
                gettext(N_("Ingresos en juego (ARR)")),
                gettext(N_("Primera vez")),
                gettext(N_("Última vez")),
                gettext(N_("Ejemplos")),
            ],
            (
                [
                    gap.question,
                    gap.count,
                    gap.customers,
                    gap.revenue_at_stake,
                    gap.first_asked_at.isoformat(timespec="minutes"),
                    gap.last_asked_at.isoformat(timespec="minutes"),
                    " | ".join(gap.examples),
                ]
                for gap in gaps
            ),
        )
    return page.render(
        "insights/knowledge_gaps.html",
        gaps=gaps,
        days=days,
        periods=period_links("/insights/knowledge-gaps", PERIODS, days),
        csv_url=url("/insights/knowledge-gaps", days=days, format="csv"),
    )
