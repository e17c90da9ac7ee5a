"""The insights screens: problem terms × customers × revenue, forecasts, the assistant's
deflection, response times, each with a CSV export that reads back with the same numbers.

Data is created through the domain actions (CRM, tickets, the listening pipeline, the assistant);
the pages are read like a browser would, signed in with a session cookie.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from rumbo.accounts import access
from rumbo.app import Rumbo
from rumbo.assistant import actions as assistant_actions
from rumbo.assistant.schemas import AskIn
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn, ContactIn
from rumbo.db import utcnow
from rumbo.knowledge import actions as kb_actions
from rumbo.knowledge.schemas import ArticleIn
from rumbo.listening.pipeline import ingest
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.schemas import MessageIn, TicketIn
from rumbo.web.exports import csv_text
from tests.conftest import SYSTEM
from tests.test_web import browser_for


def read_csv(response) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """The rows of a CSV download, after checking it is one Excel opens with its accents."""
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith('attachment; filename="rumbo-')
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8").removeprefix("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def cells(html: str) -> list[str]:
    """The text of every cell of the page's visible tables (not the charts' hidden ones), tags
    and spacing dropped, in page order."""
    tables = re.findall(r'<table class="table[^"]*">(.*?)</table>', html, flags=re.S)
    found = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", "".join(tables), flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in found]


def mention(ident: str, text: str, *, ago: dt.timedelta, email: str | None = None) -> dict:
    return {
        "id": ident,
        "text": text,
        "created_at": (utcnow() - ago).isoformat(),
        "email": email,
        "lang": "es",
    }


def listen(app: Rumbo, events: list[dict], source: str = "social") -> None:
    report = ingest(app, SYSTEM, events, default_source=source)
    assert report.accepted == len(events), report.rejected


# Problem terms × customers × revenue


@pytest.fixture
def complaints(app: Rumbo) -> dict[str, int]:
    """Ana (Norte, ARR 12,000) and Beto (Sur, ARR 3,000) complain about the courier; Carla
    (Oeste, ARR 50,000) praises it; Beto also opens a ticket about it; one complaint is older."""
    ids: dict[str, int] = {}
    with app.unit_of_work(SYSTEM) as ctx:
        for key, company, arr in (
            ("ana", "Norte", "12000"),
            ("beto", "Sur", "3000"),
            ("carla", "Oeste", "50000"),
        ):
            made = crm_actions.create_company(ctx, CompanyIn(name=company, arr=Decimal(arr)))
            ids[key] = crm_actions.create_contact(
                ctx,
                ContactIn(
                    name=f"{key.title()} {company}", company_id=made.id, emails=[f"{key}@x.mx"]
                ),
            ).id
    day = dt.timedelta(days=1)
    listen(
        app,
        [
            mention(
                "m1",
                "Otra vez el courierx perdió mi pedido, pésimo servicio, exijo una solución",
                ago=day,
                email="ana@x.mx",
            ),
            mention(
                "m2",
                "Pedido sin llegar. El courierx no llega y nadie responde",
                ago=2 * day,
                email="ana@x.mx",
            ),
            mention(
                "m3",
                "El courierx no entrega nunca, estoy harta, quiero el reembolso",
                ago=day,
                email="beto@x.mx",
            ),
            mention("m4", "Gracias, el courierx llegó rápido", ago=day, email="carla@x.mx"),
            mention("m0", "El courierx perdió otro pedido, pésimo servicio", ago=10 * day),
        ],
    )
    with app.unit_of_work(SYSTEM) as ctx:
        ids["ticket"] = ticket_actions.open_ticket(
            ctx,
            TicketIn(
                subject="Pedido sin llegar",
                contact_id=ids["beto"],
                messages=[MessageIn(body="El courierx no llega y nadie responde, pésimo.")],
            ),
        ).id
    return ids


def test_problem_terms_rank_by_arr_at_risk_and_export_the_same_numbers(
    app: Rumbo, complaints: dict[str, int]
):
    browser, _ = browser_for(app, "viewer")
    page = browser.get("/insights/problem-terms?days=7")
    assert page.status_code == 200
    html = page.text
    # Five mentions this week (one a ticket), four unhappy from two customers of two accounts;
    # Carla's praise does not put her ARR at risk. One mention the week before: +4 (+400 %).
    row = cells(html)[cells(html).index("courierx") :][:8]
    assert row == ["courierx", "5", "4", "1", "+4 (+400 %)", "2", "2", "15,000.00"]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert 'href="/insights/problem-terms/mentions?term=courierx&amp;days=7"' in html

    rows = read_csv(browser.get("/insights/problem-terms?days=7&format=csv"))
    assert rows[0][:3] == ["Término", "Menciones", "Negativas o quejas"]
    by_term = {r[0]: r for r in rows[1:]}
    assert by_term["courierx"] == [
        "courierx",
        "5",
        "4",
        "1",
        "1",
        "4",
        "400.0",
        "2",
        "2",
        "15000.00",
    ]
    assert rows[1][0] == "courierx"  # the most ARR at risk, then the most unhappy mentions

    # Thirty days hold the older mention too: six, nothing before them.
    month = {r[0]: r for r in read_csv(browser.get("/insights/problem-terms?days=30&format=csv"))}
    assert month["courierx"][1:7] == ["6", "5", "1", "0", "6", ""]


def test_a_term_lists_the_mentions_and_the_ticket_behind_it(app: Rumbo, complaints: dict[str, int]):
    browser, _ = browser_for(app, "agent")
    html = browser.get("/insights/problem-terms/mentions?term=courierx&days=7").text
    assert "5 menciones en los últimos 7 días." in html
    assert f'href="/tickets/{complaints["ticket"]}"' in html
    assert f'href="/customers/{complaints["ana"]}">Ana Norte</a>' in html
    assert "Gracias, el courierx llegó rápido" in html
    assert "El courierx perdió otro pedido" not in html  # ten days ago: outside the week

    rows = read_csv(browser.get("/insights/problem-terms/mentions?term=courierx&days=7&format=csv"))
    assert rows[0] == [
        "Fecha", "Fuente", "Ticket", "Autor", "Cliente", "Sentimiento", "Queja", "Texto"
    ]  # fmt: skip
    assert len(rows) == 6
    tickets = [r for r in rows[1:] if r[1] == "Tickets"]
    assert [(r[2], r[4]) for r in tickets] == [(str(complaints["ticket"]), "Beto Sur")]
    assert sorted(r[4] for r in rows[1:]) == [
        "Ana Norte", "Ana Norte", "Beto Sur", "Beto Sur", "Carla Oeste"
    ]  # fmt: skip

    missing = browser.get("/insights/problem-terms/mentions?days=7")
    assert missing.status_code == 400


# Forecasts


def test_the_forecast_is_compared_with_what_came(app: Rumbo):
    # Two posts a day, every day for three weeks, until yesterday.
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    events = [
        {
            "id": f"p{day}-{n}",
            "text": "¿Alguien sabe si abren el domingo?",
            "created_at": (today - dt.timedelta(days=day, hours=-9 - n)).isoformat(),
        }
        for day in range(1, 22)
        for n in range(2)
    ]
    listen(app, events)
    browser, _ = browser_for(app, "viewer")
    page = browser.get("/insights/forecasts?days=7&source=social")
    assert page.status_code == 200
    assert "Menciones por día: social" in page.text

    rows = read_csv(browser.get("/insights/forecasts?days=7&format=csv"))
    assert rows[0][:3] == ["Fuente", "Real", "Previsto"]
    everything, social = rows[1], rows[2]
    assert everything[0] == "Todas"
    assert social[:2] == ["social", "14"]  # seven days of two
    assert float(social[2]) == pytest.approx(14, abs=0.1)  # a steady stream is foreseen
    assert float(social[5]) == pytest.approx(14, abs=0.1)  # and so is the next week
    assert everything[1:] == social[1:]
    assert browser.get("/insights/forecasts?days=7&source=nowhere").status_code == 400


# The assistant


def test_deflection_and_hand_over_reasons(app: Rumbo):
    with app.unit_of_work(SYSTEM) as ctx:
        kb_actions.upsert_articles(
            ctx,
            [
                ArticleIn(
                    title="Cómo restablecer tu contraseña",
                    category="Cuenta",
                    status="published",
                    body_md=(
                        "Si olvidaste tu contraseña, entra en la pantalla de inicio de sesión y "
                        "pulsa «¿Olvidaste tu contraseña?». Te enviaremos un enlace por correo."
                    ),
                )
            ],
        )
    decisions = []
    for question in (
        "olvide mi contrasena, como la cambio?",
        "Quiero hablar con una persona",
        "¿Aceptan pagos con criptomonedas?",
    ):
        with app.unit_of_work(SYSTEM) as ctx:
            decisions.append(
                assistant_actions.ask(ctx, AskIn(question=question, language="es")).decision
            )
    assert decisions == ["answer", "escalate", "escalate"]

    browser, _ = browser_for(app, "viewer")
    html = browser.get("/insights/assistant?days=7").text
    assert "1 (33.3 %)" in html  # answered without a person
    assert "Pidió hablar con una persona" in html

    reasons = read_csv(browser.get("/insights/assistant?days=7&format=csv&table=reasons"))
    assert reasons[0] == ["Motivo", "Derivadas", "Parte (%)"]
    assert sorted(reasons[1:]) == [
        ["Pidió hablar con una persona", "1", "50.0"],
        ["Respuesta poco segura", "1", "50.0"],  # the one article was not close enough
    ]
    days = read_csv(browser.get("/insights/assistant?days=7&format=csv"))
    assert days[0] == ["Desde", "Preguntas", "Respondidas", "Aclaradas", "Derivadas", "Desvío (%)"]
    assert len(days) == 1 + 7  # one row per day, the quiet ones too
    assert days[-1] == [utcnow().date().isoformat(), "3", "1", "0", "2", "33.3"]


# Response times


def test_response_times_per_week_with_missed_deadlines(app: Rumbo):
    now = utcnow()
    monday = (now - dt.timedelta(days=14)).date()
    monday -= dt.timedelta(days=monday.weekday())
    opened = dt.datetime.combine(monday, dt.time(10), tzinfo=dt.UTC) + dt.timedelta(days=1)

    def ticket(answers_after: list[float], status: str, priority: str = "normal") -> None:
        messages = [MessageIn(body="¿Dónde está mi pedido?", created_at=opened)]
        messages += [
            MessageIn(
                body="Lo revisamos.", author_kind="agent", created_at=opened + dt.timedelta(hours=h)
            )
            for h in answers_after
        ]
        with app.unit_of_work(SYSTEM) as ctx:
            ticket_actions.open_ticket(
                ctx,
                TicketIn(
                    subject="Pedido",
                    status=status,
                    priority=priority,
                    created_at=opened,
                    messages=messages,
                ),
            )

    # Normal priority: first answer within 8 h, solved within 48 h.
    ticket([2], "solved")
    ticket([4, 30], "solved")
    ticket([10, 60], "solved")  # late on both
    ticket([], "open", priority="urgent")  # still waiting: late on both already

    browser, _ = browser_for(app, "viewer")
    html = browser.get("/insights/response-times?days=90").text
    assert "8.8 h" in html  # first response p90
    assert "30.0 h" in html  # resolution p50

    rows = read_csv(browser.get("/insights/response-times?days=90&format=csv"))
    assert rows[0][:2] == ["Semana", "Tickets"]
    week = {r[0]: r for r in rows[1:]}[monday.isoformat()]
    # p50 and p90 of 2, 4, 10 h and of 2, 30, 60 h; two late first answers, two late solutions.
    assert week == [monday.isoformat(), "4", "4.0", "8.8", "30.0", "54.0", "2", "2"]


# Access, the index and the file format


def test_the_index_links_every_screen_and_the_knowledge_gaps(app: Rumbo):
    browser, _ = browser_for(app, "viewer")
    html = browser.get("/insights").text
    for path in (
        "/insights/problem-terms",
        "/insights/forecasts",
        "/insights/assistant",
        "/insights/response-times",
        "/insights/knowledge-gaps",
    ):
        assert f'href="{path}"' in html
    gaps = read_csv(browser.get("/insights/knowledge-gaps?days=90&format=csv"))
    assert gaps == [
        [
            "Pregunta representativa", "Veces", "Clientes", "Ingresos en juego (ARR)",
            "Primera vez", "Última vez", "Ejemplos",
        ]
    ]  # fmt: skip


PAGES = [
    "/insights/problem-terms",
    "/insights/problem-terms?format=csv",
    "/insights/problem-terms/mentions?term=courierx",
    "/insights/forecasts",
    "/insights/assistant",
    "/insights/response-times?format=csv",
    "/insights/knowledge-gaps",
]


def test_a_role_without_read_permissions_is_refused(app: Rumbo, monkeypatch):
    reader = access.PERMISSIONS["viewer"]
    monkeypatch.setitem(
        access.PERMISSIONS,
        "viewer",
        reader - {"listening.read", "tickets.read", "crm.read", "knowledge.read"},
    )
    browser, _ = browser_for(app, "viewer")
    for path in PAGES:
        response = browser.get(path)
        assert response.status_code == 403, path
        assert "no permite ver esta página" in response.text
    index = browser.get("/insights")
    assert index.status_code == 200
    assert "/insights/problem-terms" not in index.text
    assert TestClient(app.asgi()).get("/insights", follow_redirects=False).status_code == 303


def test_csv_cells_are_never_formulas_and_semicolons_stay_in_their_cell():
    text = csv_text(["Texto", "n"], [['=HYPERLINK("x")', -3], ["uno; dos", 1.5], ["@a", None]])
    assert text.startswith("\ufeffTexto;n\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1:] == [['\'=HYPERLINK("x")', "-3"], ["uno; dos", "1.5"], ["'@a", ""]]
