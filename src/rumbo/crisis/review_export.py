"""The review as Markdown (for a wiki or a repository) and as one printable HTML file."""

from __future__ import annotations

import datetime as dt
from typing import Any

STATUS_NAMES = {
    "detected": "detectado",
    "declared": "declarado",
    "mitigating": "mitigando",
    "monitoring": "en observación",
    "resolved": "resuelto",
    "review": "en revisión",
}
BAR_WIDTH = 30


def _when(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "—" if value is None else str(value)


def _num(value: Any) -> str:
    return "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _bars(series: list[dict[str, Any]]) -> list[str]:
    peak = max((b["total"] for b in series), default=0) or 1
    return [
        f"{b['start'].astimezone(dt.UTC):%m-%d %H:%M} "
        f"{'█' * round(b['total'] / peak * BAR_WIDTH):<{BAR_WIDTH}} {b['total']}"
        f" (neg {b['negative']})"
        for b in series
        if b["total"] or series.index(b) % 6 == 0
    ]


def to_markdown(review: dict[str, Any]) -> str:
    inc = review["incident"]
    rt = review["response_times"]
    aff = review["affected"]
    out = [
        f"# Revisión del incidente #{inc['id']}: {inc['title']}",
        "",
        f"- Tipo: {inc['type']} · Severidad: {inc['severity']} · "
        f"Estado: {STATUS_NAMES.get(inc['status'], inc['status'])}",
        f"- Detectado: {_when(inc['detected_at'])} · Declarado: {_when(inc['declared_at'])} · "
        f"Resuelto: {_when(inc['resolved_at'])}",
        f"- Generado: {_when(review['generated_at'])}",
        "",
        "## Tiempos de respuesta",
        "",
        "| Medida | Minutos |",
        "|---|---|",
        f"| Detección → declaración | {_num(rt['detect_to_declare_min'])} |",
        f"| Declaración → primera actualización pública | "
        f"{_num(rt['declare_to_first_status_update_min'])} |",
        f"| Declaración → resolución | {_num(rt['declare_to_resolve_min'])} |",
        f"| Primera respuesta a tickets (mediana, {rt['tickets_answered']} tickets) | "
        f"{_num(rt['ticket_first_response_median_min'])} |",
        "",
        f"## Volumen (tramos de {review['volumes']['bucket_hours']:g} h)",
        "",
    ]
    for name, title in (
        ("tickets", "Tickets nuevos (todos)"),
        ("linked_tickets", "Tickets del incidente"),
        ("mentions", "Menciones vinculadas"),
    ):
        series = review["volumes"][name]
        if sum(b["total"] for b in series) == 0:
            continue
        out += [f"### {title}", "", "```", *_bars(series), "```", ""]
    out += ["## Mensajes y aprobaciones", ""]
    updates = review["messages"]["status_updates"]
    if updates:
        out += [
            "| Actualización | Estado | Redactó | Aprobó | Publicada | Correos |",
            "|---|---|---|---|---|---|",
        ]
        out += [
            f"| {u['title']} | {u['state']} | {u['drafted_by']} | {u['approved_by'] or '—'} | "
            f"{_when(u['published_at'])} | {u['emails_sent']} |"
            for u in updates
        ]
    else:
        out.append("Sin actualizaciones de estado.")
    out.append("")
    for c in review["messages"]["communications"]:
        draft = f"borrador #{c['draft_id']}" if c["draft_id"] else "sin borrador"
        signed = "; ".join(f"{a['kind']} {a['by']} {_when(a['at'])}" for a in c["approvals"])
        sent = f", enviado a {c['sent']}" if c["sent"] else ""
        out.append(
            f"- {c['audience']} · {c['channel']}: {c['status']} ({draft}{sent})"
            + (f" — {signed}" if signed else "")
        )
    out += ["", "## Clientes e ingresos afectados", ""]
    arr = ", ".join(f"{v} {k}" for k, v in aff["arr_by_currency"].items()) or "—"
    out.append(
        f"{aff['company_count']} cuentas, {aff['contact_count']} contactos; ARR afectado: {arr}."
    )
    if aff["alert_company_count"]:
        out.append(
            f"La alerta contó {aff['alert_company_count']} cuentas entre quienes escribieron "
            f"(ARR {aff['alert_arr_total']})."
        )
    out += [
        f"- {c['name']} ({c['plan'] or '—'}): {c['arr']} {c['currency']}"
        for c in aff["companies"][:20]
    ]
    out += [
        "",
        f"## Tareas con retraso ({len(review['late_tasks'])} de {review['tasks']['total']})",
        "",
    ]
    out += [
        f"- {t['title']} ({t['owner_role']}): vencía {_when(t['due_at'])}, "
        f"{'hecha ' + _when(t['done_at']) if t['done_at'] else 'sin hacer'}, "
        f"{_num(t['late_by_min'])} min tarde"
        for t in review["late_tasks"]
    ] or ["Ninguna."]
    out += ["", "## Línea de tiempo", ""]
    out += [f"- {_when(e['at'])} · {e['actor']}: {e['message']}" for e in review["timeline"]]
    out += ["", "## Lecciones aprendidas", ""]
    out += [f"- {p}\n  - …" for p in review["lessons_prompts"]]
    return "\n".join(out) + "\n"


def to_html(review: dict[str, Any]) -> str:
    """A self-contained page: inline SVG charts and print styles, no script, no external files."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("rumbo.crisis", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(when=_when, num=_num)
    return env.get_template("review.html").render(
        review=review, statuses=STATUS_NAMES, charts=_charts(review)
    )


def _charts(review: dict[str, Any]) -> list[dict[str, Any]]:
    """Bar geometry for each non-empty series: negative share stacked under the total."""
    charts = []
    titles = {
        "tickets": "Tickets nuevos",
        "linked_tickets": "Tickets del incidente",
        "mentions": "Menciones vinculadas",
    }
    for name, title in titles.items():
        series = review["volumes"][name]
        peak = max((b["total"] for b in series), default=0)
        if not peak:
            continue
        width = 600 / len(series)
        bars = []
        for i, b in enumerate(series):
            height = b["total"] / peak * 120
            negative = b["negative"] / peak * 120
            bars.append(
                {
                    "x": round(i * width, 2),
                    "w": round(max(width - 1, 1), 2),
                    "y": round(140 - height, 2),
                    "h": round(height, 2),
                    "ny": round(140 - negative, 2),
                    "nh": round(negative, 2),
                    "label": f"{_when(b['start'])}: {b['total']} (neg {b['negative']})",
                }
            )
        charts.append(
            {
                "title": title,
                "peak": peak,
                "bars": bars,
                "first": _when(series[0]["start"]),
                "last": _when(series[-1]["start"]),
            }
        )
    return charts
