"""Plain-language questions over the listening analytics, answered offline.

A question in Spanish or English is mapped to one entry of a small catalogue (rising problem
terms, alerts, sentiment, volume by topic, affected accounts, the volume forecast by topic) by the
words it uses, and its time span ("hoy", "esta semana", "last 30 days"…) is read from it (days
ahead for the forecast); the answer is that analytic's data plus a one-line summary. Nothing
leaves the machine.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.db import utcnow
from rumbo.listening.models import Mention
from rumbo.text import fold

MAX_FORECAST_DAYS = 28


@dataclass(frozen=True)
class Analytic:
    key: str
    title: str
    words: frozenset[str]
    run: Callable[[Session, dt.timedelta], dict[str, Any]]


def _rising(session: Session, span: dt.timedelta) -> dict[str, Any]:
    from rumbo.listening.insights import rising_problem_terms

    result = rising_problem_terms(session, span, limit=10)
    top = ", ".join(f"{t['term']} ({t['now']})" for t in result["terms"][:5])
    result["summary"] = f"Términos de problema en aumento: {top}." if top else "Nada en aumento."
    return result


def _alerts(session: Session, span: dt.timedelta) -> dict[str, Any]:
    from rumbo.listening.queries import list_alerts

    since = utcnow() - span
    rows = [a for a in list_alerts(session, limit=200)[0] if a.last_seen_at >= since]
    items = [
        {
            "id": a.id,
            "title": a.title,
            "severity": a.severity,
            "status": a.status,
            "fired_at": a.fired_at.isoformat(),
            "arr": str(a.affected_arr),
        }
        for a in rows
    ]
    active = sum(1 for a in rows if a.status != "resolved")
    return {"alerts": items, "summary": f"{len(items)} alertas, {active} sin resolver."}


def _sentiment(session: Session, span: dt.timedelta) -> dict[str, Any]:
    end = utcnow()

    def shares(start: dt.datetime, stop: dt.datetime) -> dict[str, int]:
        rows = session.execute(
            select(Mention.sentiment, func.count())
            .where(Mention.created_at >= start, Mention.created_at < stop)
            .group_by(Mention.sentiment)
        )
        return {str(s): int(n) for s, n in rows}

    now, before = shares(end - span, end), shares(end - 2 * span, end - span)
    total = sum(now.values())
    negative = round(100 * now.get("negative", 0) / total, 1) if total else 0.0
    return {"now": now, "before": before, "summary": f"{negative} % negativo de {total} menciones."}


def _topics(session: Session, span: dt.timedelta) -> dict[str, Any]:
    rows = session.execute(
        select(Mention.topic, func.count())
        .where(Mention.created_at >= utcnow() - span)
        .group_by(Mention.topic)
        .order_by(func.count().desc())
    )
    topics = {str(t or "otros"): int(n) for t, n in rows}
    top = ", ".join(f"{t} ({n})" for t, n in list(topics.items())[:5])
    return {"topics": topics, "summary": f"Menciones por tema: {top or 'ninguna'}."}


def _accounts(session: Session, span: dt.timedelta) -> dict[str, Any]:
    from rumbo.crm.models import Company

    rows = session.execute(
        select(Company.id, Company.name, Company.arr, func.count(Mention.id))
        .join(Mention, Mention.company_id == Company.id)
        .where(Mention.created_at >= utcnow() - span, Mention.complaint.is_(True))
        .group_by(Company.id, Company.name, Company.arr)
        .order_by(func.count(Mention.id).desc())
        .limit(20)
    )
    accounts: list[dict[str, Any]] = []
    total = Decimal("0")
    for ident, name, arr, complaints in rows:
        total += arr or Decimal("0")
        accounts.append({"id": ident, "name": name, "arr": str(arr), "complaints": complaints})
    return {
        "accounts": accounts,
        "summary": f"{len(accounts)} cuentas con quejas, ARR {total}.",
    }


def _outlook(session: Session, span: dt.timedelta) -> dict[str, Any]:
    from rumbo.listening.queries import topic_outlook

    days = min(max(span.days, 1), MAX_FORECAST_DAYS)  # the span is read as days ahead here
    outlook = topic_outlook(session, days, today=utcnow().date())
    topics = [
        {
            "topic": o.topic,
            "expected": o.expected_total,
            "usual": o.usual_total,
            "ratio": o.ratio,
            "surge": o.surge,
            "per_day": [{"day": d.isoformat(), "expected": v} for d, v in o.expected],
        }
        for o in outlook
    ]
    surges = [o for o in outlook if o.surge]
    shown = ", ".join(f"{o.topic} ({o.expected_total} frente a {o.usual_total})" for o in surges)
    if surges:
        summary = f"Oleada prevista en los próximos {days} días: {shown}."
    elif outlook:
        summary = f"Sin oleadas previstas en los próximos {days} días ({len(outlook)} temas)."
    else:
        summary = "Aún no hay una semana de historia por tema para pronosticar."
    return {"days_ahead": days, "topics": topics, "summary": summary}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


CATALOGUE = (
    Analytic(
        "rising_terms",
        "Rising problem terms",
        _words(
            "problema problemas queja quejas mencionan menciona dicen terminos palabras "
            "problem problems complaint complaints issue issues mention mentioning saying "
            "terms words"
        ),
        _rising,
    ),
    Analytic(
        "alerts",
        "Alerts",
        _words(
            "alerta alertas crisis pico picos caida caidas alert alerts spike spikes outage outages"
        ),
        _alerts,
    ),
    Analytic(
        "sentiment",
        "Sentiment",
        _words(
            "sentimiento negativo negativos negativas positivo enojados molestos humor "
            "sentiment negative positive angry upset mood"
        ),
        _sentiment,
    ),
    Analytic(
        "topics",
        "Volume by topic",
        _words("tema temas topico topicos volumen cuantas cuantos topic topics volume many"),
        _topics,
    ),
    Analytic(
        "accounts",
        "Accounts complaining",
        _words(
            "cuenta cuentas empresa empresas arr ingresos riesgo afectados afectadas "
            "account accounts company companies revenue risk affected"
        ),
        _accounts,
    ),
    Analytic(
        "forecast",
        "Volume forecast by topic",
        _words(
            "pronostico pronosticos prevision previsiones prever previsto prevista esperamos "
            "esperar vendra vendran proximo proxima proximos proximas futuro oleada "
            "oleadas forecast forecasts predict prediction expect expected upcoming coming next "
            "surge surges"
        ),
        _outlook,
    ),
)

SPANS = (
    (r"\b(hoy|today)\b", dt.timedelta(days=1)),
    (r"\b(ayer|yesterday)\b", dt.timedelta(days=2)),
    (r"\b(semana|week)\b", dt.timedelta(days=7)),
    (r"\b(mes|month)\b", dt.timedelta(days=30)),
)


def read_span(folded: str) -> dt.timedelta:
    if match := re.search(r"(\d{1,3})\s*(dias|days|horas|hours)\b", folded):
        amount = int(match[1]) or 1
        hours = match[2] in {"horas", "hours"}
        return dt.timedelta(hours=amount) if hours else dt.timedelta(days=amount)
    for pattern, span in SPANS:
        if re.search(pattern, folded):
            return span
    return dt.timedelta(days=7)


def choose(question: str) -> tuple[Analytic, dt.timedelta]:
    """The catalogue entry whose words the question uses most (rising terms on a tie)."""
    folded = fold(question)
    words = set(re.findall(r"[a-z0-9]+", folded))
    scores = [(len(words & a.words), -i, a) for i, a in enumerate(CATALOGUE)]
    best = max(scores, key=lambda s: (s[0], s[1]))
    return best[2], read_span(folded)


def ask(session: Session, question: str) -> dict[str, Any]:
    analytic, span = choose(question)
    data = analytic.run(session, span)
    return {
        "question": question,
        "analytic": analytic.key,
        "title": analytic.title,
        "span_hours": int(span.total_seconds() // 3600),
        "summary": data.pop("summary"),
        "answer": data,
    }
