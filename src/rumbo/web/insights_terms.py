"""Problem terms × customers × revenue, and the mentions and tickets behind each term."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import Response

from rumbo.crm import queries as crm_queries
from rumbo.db import utcnow
from rumbo.listening.insights import (
    TICKETS_SOURCE,
    mentions_with_term,
    problem_terms_at_risk,
    term_window,
)
from rumbo.web.charts import Bar, bar_chart
from rumbo.web.deps import CurrentPage, PageError
from rumbo.web.exports import csv_response, wants_csv
from rumbo.web.i18n import N_, gettext
from rumbo.web.insights_common import amount, period_days, period_links, url, zone_of
from rumbo.web.labels import message

router = APIRouter()

PERIODS = ("7", "30", "90")
CHARTED = 10  # bars; the table below lists every term
SHOWN_MENTIONS = 100  # rows on the page; the CSV holds them all

SENTIMENTS = {"negative": N_("Negativo"), "neutral": N_("Neutral"), "positive": N_("Positivo")}


def sentiment_label(code: str) -> str:
    return gettext(SENTIMENTS[code]) if code in SENTIMENTS else code


def source_label(source: str) -> str:
    return gettext(N_("Tickets")) if source == TICKETS_SOURCE else source


def terms_url(term: str, days: int, **params: str | None) -> str:
    return url("/insights/problem-terms/mentions", term=term, days=days, **params)


@router.get("/insights/problem-terms")
def problem_terms_page(page: CurrentPage) -> Response:
    """Problem terms of the period, the ones whose customers pay the most first."""
    page.require("listening.read")
    page.require("crm.read")
    days = period_days(page, PERIODS, "7")
    terms = problem_terms_at_risk(page.session, days, until=utcnow())
    if wants_csv(page.request):
        return csv_response(
            f"rumbo-terminos-problema-{days}d.csv",
            [
                gettext(N_("Término")),
                gettext(N_("Menciones")),
                gettext(N_("Negativas o quejas")),
                gettext(N_("De ellas, en tickets")),
                gettext(N_("Periodo anterior")),
                gettext(N_("Cambio")),
                gettext(N_("Cambio (%)")),
                gettext(N_("Clientes")),
                gettext(N_("Cuentas")),
                gettext(N_("ARR en riesgo")),
            ],
            (
                [
                    t.term,
                    t.mentions,
                    t.problem_mentions,
                    t.from_tickets,
                    t.previous,
                    t.change,
                    t.change_pct,
                    t.customers,
                    t.accounts,
                    t.arr,
                ]
                for t in terms
            ),
        )
    chart = bar_chart(
        [Bar(t.term, float(t.arr), href=terms_url(t.term, days)) for t in terms[:CHARTED]],
        title=gettext(N_("Los diez términos con más ARR en riesgo")),
        value_label=gettext(N_("ARR en riesgo")),
        format_value=amount,
    )
    return page.render(
        "insights/problem_terms.html",
        terms=terms,
        days=days,
        periods=period_links("/insights/problem-terms", PERIODS, days),
        chart=chart,
        csv_url=url("/insights/problem-terms", days=days, format="csv"),
        terms_url=terms_url,
    )


@router.get("/insights/problem-terms/mentions")
def term_mentions_page(page: CurrentPage) -> Response:
    """Every mention (tickets included) that carries one term in the period, newest first."""
    page.require("listening.read")
    days = period_days(page, PERIODS, "7")
    term = page.request.query_params.get("term", "").strip()[:200]
    if not term:
        raise PageError(
            400,
            message("bad_filter_title"),
            message("bad_filter", value="", field=gettext(N_("término"))),
        )
    mentions = mentions_with_term(page.session, term, *term_window(days, utcnow()))
    names = (
        crm_queries.contact_names(
            page.session, {m.contact_id for m in mentions if m.contact_id is not None}
        )
        if page.allows("crm.read")
        else {}
    )
    if wants_csv(page.request):
        zone = zone_of(page)
        return csv_response(
            f"rumbo-menciones-{days}d.csv",
            [
                gettext(N_("Fecha")),
                gettext(N_("Fuente")),
                gettext(N_("Ticket")),
                gettext(N_("Autor")),
                gettext(N_("Cliente")),
                gettext(N_("Sentimiento")),
                gettext(N_("Queja")),
                gettext(N_("Texto")),
            ],
            (
                [
                    m.created_at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
                    source_label(m.source),
                    m.external_id if m.source == TICKETS_SOURCE else None,
                    m.author,
                    names.get(m.contact_id) if m.contact_id is not None else None,
                    sentiment_label(m.sentiment),
                    gettext(N_("Sí")) if m.complaint else gettext(N_("No")),
                    m.text,
                ]
                for m in mentions
            ),
        )
    return page.render(
        "insights/term_mentions.html",
        term=term,
        days=days,
        total=len(mentions),
        mentions=mentions[:SHOWN_MENTIONS],
        names=names,
        periods=period_links("/insights/problem-terms/mentions", PERIODS, days, term=term),
        csv_url=terms_url(term, days, format="csv"),
        back_url=url("/insights/problem-terms", days=days),
        sentiment_label=sentiment_label,
        source_label=source_label,
        tickets_source=TICKETS_SOURCE,
        can_read_tickets=page.allows("tickets.read"),
    )
