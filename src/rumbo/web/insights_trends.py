"""Insights over time: volume forecasts, the assistant's deflection, and response times."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter
from starlette.responses import Response

from rumbo.assistant.queries import decisions_over_time
from rumbo.db import utcnow
from rumbo.listening.queries import topic_outlook, volume_forecasts
from rumbo.tickets.models import SLA_HOURS
from rumbo.tickets.queries import response_times_by_week
from rumbo.web.charts import Series, line_chart
from rumbo.web.deps import CurrentPage
from rumbo.web.exports import csv_response, wants_csv
from rumbo.web.i18n import N_, gettext
from rumbo.web.insights_common import days_up_to, period_days, period_links, url
from rumbo.web.insights_terms import source_label
from rumbo.web.listing import choice

router = APIRouter()

FORECAST_PERIODS = ("7", "14", "28")
ASSISTANT_PERIODS = ("7", "30", "90")
RESPONSE_PERIODS = ("30", "90", "180")
ALL_SOURCES = "all"
# Two charts side by side are drawn smaller, so their text is not scaled down to a whisper.
HALF_WIDTH, HALF_HEIGHT = 480, 260

REASONS = {
    "wants_person": N_("Pidió hablar con una persona"),
    "angry": N_("Cliente enojado"),
    "out_of_scope": N_("Fuera del centro de ayuda"),
    "low_confidence": N_("Respuesta poco segura"),
    "sensitive:data_leak": N_("Tema delicado: datos personales"),
    "sensitive:legal": N_("Tema delicado: legal"),
    "sensitive:cancellation": N_("Tema delicado: baja del servicio"),
    "unknown": N_("Sin motivo registrado"),
}


def reason_label(code: str) -> str:
    return gettext(REASONS[code]) if code in REASONS else code


def hours(value: float | None) -> str:
    """``3.5 h``; durations of two days or more in days (``2.3 d``)."""
    if value is None:
        return "—"
    if value >= 48:
        return f"{value / 24:.1f} d"
    return f"{value:.1f} h"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ---------------------------------------------------------------------------------------------


@router.get("/insights/forecasts")
def forecasts_page(page: CurrentPage) -> Response:
    """Each source's volume against what the forecast expected, and the forecast ahead."""
    page.require("listening.read")
    days = period_days(page, FORECAST_PERIODS, "14")
    today = utcnow().date()
    if wants_csv(page.request) and page.request.query_params.get("table") == "topics":
        outlook = topic_outlook(page.session, days, today=today)
        return csv_response(
            f"rumbo-prevision-temas-{days}d.csv",
            [
                gettext(N_("Tema")),
                gettext(N_("Habitual")),
                gettext(N_("Previsto")),
                gettext(N_("Oleada prevista")),
            ],
            (
                [o.topic, o.usual_total, o.expected_total, gettext(N_("Sí")) if o.surge else ""]
                for o in outlook
            ),
        )
    forecasts = volume_forecasts(page.session, days, today=today)
    if wants_csv(page.request):
        return csv_response(
            f"rumbo-prevision-{days}d.csv",
            [
                gettext(N_("Fuente")),
                gettext(N_("Real")),
                gettext(N_("Previsto")),
                gettext(N_("Desvío (%)")),
                gettext(N_("Error medio por día")),
                gettext(N_("Previsto para los próximos días")),
            ],
            (
                [
                    f.source or gettext(N_("Todas")),
                    f.actual_total,
                    f.predicted_total,
                    f.total_error_pct,
                    f.mean_abs_error,
                    f.upcoming_total,
                ]
                for f in forecasts
            ),
        )
    keys = [f.source or ALL_SOURCES for f in forecasts]
    chosen_key = choice(page.request, "source", keys, N_("fuente")) or ALL_SOURCES
    chosen = next((f for f in forecasts if (f.source or ALL_SOURCES) == chosen_key), None)
    name = source_name(chosen.source) if chosen else gettext(N_("Todas"))
    chart = line_chart(
        [
            Series(gettext(N_("Real")), chosen.actual),
            Series(gettext(N_("Previsto")), chosen.predicted),
            Series(gettext(N_("Próximos días")), chosen.upcoming),
        ]
        if chosen and chosen.actual_total + len(chosen.upcoming) > 0
        else [],
        title=gettext(N_("Menciones por día: %(source)s")) % {"source": name},
        y_label=gettext(N_("Menciones por día")),
        zone=dt.UTC,  # days are UTC days, as counted
    )
    return page.render(
        "insights/forecasts.html",
        forecasts=forecasts,
        outlook=topic_outlook(page.session, days, today=today),
        topics_csv_url=url("/insights/forecasts", days=days, format="csv", table="topics"),
        days=days,
        chart=chart,
        chosen_key=chosen_key,
        source_links=[
            (key, source_name(f.source), url("/insights/forecasts", days=days, source=key))
            for key, f in zip(keys, forecasts, strict=True)
        ],
        source_name=source_name,
        periods=period_links("/insights/forecasts", FORECAST_PERIODS, days, source=chosen_key),
        csv_url=url("/insights/forecasts", days=days, format="csv"),
    )


def source_name(source: str | None) -> str:
    return gettext(N_("Todas las fuentes")) if source is None else source_label(source)


# ---------------------------------------------------------------------------------------------


@router.get("/insights/assistant")
def assistant_page(page: CurrentPage) -> Response:
    """How much the assistant answered alone, and why it handed the rest to people."""
    page.require("tickets.read")
    days = period_days(page, ASSISTANT_PERIODS, "30")
    weekly = days > 31
    until = utcnow()
    periods = decisions_over_time(page.session, days_up_to(days, until), until, weekly=weekly)
    reasons: dict[str, int] = {}
    for period in periods:
        for code, count in period.reasons.items():
            reasons[code] = reasons.get(code, 0) + count
    ranked = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))
    escalated = sum(p.escalated for p in periods)
    table = page.request.query_params.get("table")
    if wants_csv(page.request) and table == "reasons":
        return csv_response(
            f"rumbo-asistente-motivos-{days}d.csv",
            [gettext(N_("Motivo")), gettext(N_("Derivadas")), gettext(N_("Parte (%)"))],
            ([reason_label(c), n, round(100 * n / escalated, 1)] for c, n in ranked),
        )
    if wants_csv(page.request):
        return csv_response(
            f"rumbo-asistente-{days}d.csv",
            [
                gettext(N_("Desde")),
                gettext(N_("Preguntas")),
                gettext(N_("Respondidas")),
                gettext(N_("Aclaradas")),
                gettext(N_("Derivadas")),
                gettext(N_("Desvío (%)")),
            ],
            (
                [
                    p.start.isoformat(),
                    p.questions,
                    p.answered,
                    p.clarified,
                    p.escalated,
                    None if p.deflection_rate is None else round(100 * p.deflection_rate, 1),
                ]
                for p in periods
            ),
        )
    asked = [p for p in periods if p.questions]
    rate_chart = line_chart(
        [
            Series(
                gettext(N_("Resueltas sin una persona")),
                [(p.start, round(100 * (p.deflection_rate or 0), 1)) for p in asked],
            )
        ],
        title=gettext(N_("Desvío del asistente")),
        y_label=gettext(N_("% de preguntas")),
        zone=dt.UTC,
        width=HALF_WIDTH,
        height=HALF_HEIGHT,
    )
    top = [code for code, _count in ranked[:5]]
    reason_chart = line_chart(
        [
            Series(reason_label(code), [(p.start, p.reasons.get(code, 0)) for p in asked])
            for code in top
        ],
        title=gettext(N_("Motivos de derivación")),
        y_label=gettext(N_("Preguntas derivadas")),
        zone=dt.UTC,
        width=HALF_WIDTH,
        height=HALF_HEIGHT,
    )
    questions = sum(p.questions for p in periods)
    answered = sum(p.answered for p in periods)
    return page.render(
        "insights/assistant.html",
        days=days,
        weekly=weekly,
        periods=periods,
        questions=questions,
        answered=answered,
        escalated=escalated,
        rate=round(100 * answered / questions, 1) if questions else None,
        reasons=[(reason_label(code), count) for code, count in ranked],
        rate_chart=rate_chart,
        reason_chart=reason_chart,
        period_links=period_links("/insights/assistant", ASSISTANT_PERIODS, days),
        csv_url=url("/insights/assistant", days=days, format="csv"),
        reasons_csv_url=url("/insights/assistant", days=days, format="csv", table="reasons"),
    )


# ---------------------------------------------------------------------------------------------


@router.get("/insights/response-times")
def response_times_page(page: CurrentPage) -> Response:
    """First response and resolution per week of opening, p50 and p90, with missed deadlines."""
    page.require("tickets.read")
    days = period_days(page, RESPONSE_PERIODS, "90")
    now = utcnow()
    weeks = response_times_by_week(page.session, days_up_to(days, now), now, now=now)
    if wants_csv(page.request):
        return csv_response(
            f"rumbo-tiempos-de-respuesta-{days}d.csv",
            [
                gettext(N_("Semana")),
                gettext(N_("Tickets")),
                gettext(N_("Primera respuesta p50 (h)")),
                gettext(N_("Primera respuesta p90 (h)")),
                gettext(N_("Resolución p50 (h)")),
                gettext(N_("Resolución p90 (h)")),
                gettext(N_("Primera respuesta fuera de plazo")),
                gettext(N_("Resolución fuera de plazo")),
            ],
            (
                [
                    w.week.isoformat(),
                    w.tickets,
                    _round(w.first_response_p50),
                    _round(w.first_response_p90),
                    _round(w.resolution_p50),
                    _round(w.resolution_p90),
                    w.first_response_breaches,
                    w.resolution_breaches,
                ]
                for w in weeks
            ),
        )
    with_tickets = [w for w in weeks if w.tickets]

    def points(values: list[tuple[dt.date, float | None]]) -> list[tuple[dt.date, float]]:
        return [(week, round(v, 1)) for week, v in values if v is not None]

    first_chart = line_chart(
        [
            Series("p50", points([(w.week, w.first_response_p50) for w in with_tickets])),
            Series("p90", points([(w.week, w.first_response_p90) for w in with_tickets])),
        ],
        title=gettext(N_("Primera respuesta por semana")),
        y_label=gettext(N_("Horas")),
        zone=dt.UTC,
        width=HALF_WIDTH,
        height=HALF_HEIGHT,
    )
    resolution_chart = line_chart(
        [
            Series("p50", points([(w.week, w.resolution_p50) for w in with_tickets])),
            Series("p90", points([(w.week, w.resolution_p90) for w in with_tickets])),
        ],
        title=gettext(N_("Resolución por semana")),
        y_label=gettext(N_("Horas")),
        zone=dt.UTC,
        width=HALF_WIDTH,
        height=HALF_HEIGHT,
    )
    return page.render(
        "insights/response_times.html",
        days=days,
        weeks=weeks,
        tickets=sum(w.tickets for w in weeks),
        first_breaches=sum(w.first_response_breaches for w in weeks),
        resolution_breaches=sum(w.resolution_breaches for w in weeks),
        first_chart=first_chart,
        resolution_chart=resolution_chart,
        sla_hours=SLA_HOURS,
        hours=hours,
        period_links=period_links("/insights/response-times", RESPONSE_PERIODS, days),
        csv_url=url("/insights/response-times", days=days, format="csv"),
    )
