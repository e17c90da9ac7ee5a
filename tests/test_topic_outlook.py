"""The volume forecast per topic warns of a coming surge, in the insights and in plain questions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.cli.main import cli
from rumbo.db import utcnow
from rumbo.listening.ask_llm import tool_definitions
from rumbo.listening.pipeline import ingest
from rumbo.listening.queries import topic_outlook
from tests.conftest import SYSTEM
from tests.test_web import browser_for


def post(ident: str, day: dt.date, minute: int, text: str) -> dict[str, str]:
    at = dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC) + dt.timedelta(minutes=minute)
    return {"id": ident, "created_at": at.isoformat(), "text": text}


@pytest.fixture
def history(app: Rumbo) -> dt.date:
    """Four weeks of billing complaints at three a day, and outage reports that were one a day
    until a week ago and have grown every day since."""
    today = utcnow().date()
    events = []
    for back in range(1, 29):
        day = today - dt.timedelta(days=back)
        for n in range(3):
            events.append(post(f"bill{back}-{n}", day, n, "me cobraron dos veces la factura"))
        outages = 1 if back > 7 else 4 * (8 - back)
        for n in range(outages):
            events.append(post(f"down{back}-{n}", day, 10 + n, "la app no funciona, sin servicio"))
    report = ingest(app, SYSTEM, events, default_source="x", notify=False)
    assert report.accepted == len(events)
    return today


def test_a_rising_topic_is_forecast_as_a_coming_surge_and_a_steady_one_is_not(
    app: Rumbo, history: dt.date
):
    with app.reading() as session:
        outlook = {o.topic: o for o in topic_outlook(session, 7, today=history)}
    outage, billing = outlook["outage"], outlook["billing"]
    assert outage.surge
    assert outage.expected_total > 2 * outage.usual_total
    assert outage.expected[0][0] == history
    assert len(outage.expected) == 7
    assert not billing.surge
    assert billing.usual_per_day == 3.0
    assert 15 <= billing.expected_total <= 27  # about three a day
    with app.reading() as session:
        first = topic_outlook(session, 7, today=history)[0]
        with pytest.raises(ValueError, match="days"):
            topic_outlook(session, 0, today=history)
    assert first.topic == "outage"  # coming surges first


def test_plain_questions_about_the_coming_days_get_the_forecast(
    app: Rumbo, history: dt.date, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("RUMBO_DATABASE_URL", app.settings.database_url)
    asked = CliRunner().invoke(cli, ["ask", "¿Qué oleadas esperamos la próxima semana?", "--json"])
    assert asked.exit_code == 0, asked.output
    answer = json.loads(asked.stdout)
    assert answer["analytic"] == "forecast"
    assert answer["answer"]["days_ahead"] == 7
    assert "outage" in answer["summary"]
    assert "billing" not in answer["summary"]  # not a surge: not named among them
    surging = [t["topic"] for t in answer["answer"]["topics"] if t["surge"]]
    assert surging == ["outage"]

    english = CliRunner().invoke(cli, ["ask", "What volume do we expect in the next 3 days?"])
    assert english.exit_code == 0, english.output
    assert "3 días" in english.stdout
    assert "forecast" in {t["function"]["name"] for t in tool_definitions()}


def test_the_forecasts_page_names_the_coming_surge_in_both_languages(app: Rumbo, history: dt.date):
    browser, _ = browser_for(app, "viewer")
    page = browser.get("/insights/forecasts?days=7")
    assert page.status_code == 200
    rows = page.text.split("Temas: lo que viene")[1]
    outage, billing = rows.index(">outage<"), rows.index(">billing<")
    assert outage < billing  # the surge first
    assert rows[outage:billing].count("Oleada prevista") == 1
    assert "Oleada prevista" not in rows[billing:]
    exported = browser.get("/insights/forecasts?days=7&format=csv&table=topics")
    assert exported.status_code == 200
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Tema;Habitual;Previsto;Oleada prevista"
    assert lines[1].startswith("outage;")
    assert lines[1].endswith(";Sí")
    assert any(line.startswith("billing;") and line.endswith(";") for line in lines[2:])
    english = browser.get("/insights/forecasts?days=7", headers={"Accept-Language": "en"})
    assert "Topics: what is coming" in english.text
    assert "Surge coming" in english.text
