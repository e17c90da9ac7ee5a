"""Rising problem terms joined to the CRM: who says them, what they are worth, how they feel."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.cli.main import cli
from rumbo.crm import actions as crm
from rumbo.crm.schemas import CompanyIn, ContactIn, HandleIn, OrderIn, SatisfactionIn
from rumbo.db import utcnow
from rumbo.listening.pipeline import ingest
from tests.conftest import SYSTEM


def setup_crm(app: Rumbo, now: dt.datetime) -> dict[str, int]:
    with app.unit_of_work(SYSTEM) as ctx:
        angry = crm.create_company(
            ctx, CompanyIn(name="Ferretería Norte", arr=Decimal("90000"), renewal_date=now.date())
        )
        calm = crm.create_company(ctx, CompanyIn(name="Café Sur", arr=Decimal("5000")))
        ana = crm.create_contact(
            ctx,
            ContactIn(
                name="Ana", company_id=angry.id, handles=[HandleIn(network="x", handle="ana")]
            ),
        )
        luis = crm.create_contact(
            ctx,
            ContactIn(
                name="Luis", company_id=calm.id, handles=[HandleIn(network="x", handle="luis")]
            ),
        )
        crm.upsert_satisfaction(
            ctx,
            [
                SatisfactionIn(kind="csat", score=2, contact_id=ana.id, responded_at=now),
                SatisfactionIn(kind="csat", score=5, contact_id=luis.id, responded_at=now),
                SatisfactionIn(kind="nps", score=10, contact_id=luis.id, responded_at=now),
            ],
        )
        crm.upsert_orders(
            ctx,
            [
                OrderIn(
                    number="A1",
                    contact_id=ana.id,
                    total=Decimal("300"),
                    placed_at=now - dt.timedelta(hours=20),
                ),
                OrderIn(
                    number="A2",
                    contact_id=ana.id,
                    total=Decimal("100"),
                    status="shipped",
                    placed_at=now - dt.timedelta(hours=1),
                ),
            ],
        )
    return {"angry": angry.id, "ana": ana.id}


def test_rising_problem_terms_with_customers_value_satisfaction_and_plain_questions(
    app: Rumbo, client, monkeypatch
):
    now = utcnow()
    ids = setup_crm(app, now)
    events = []
    for i in range(12):  # this week: the refund complaint rises, Ana among those who write it
        events.append(
            {
                "id": f"new{i}",
                "created_at": (now - dt.timedelta(hours=2 + i)).isoformat(),
                "author": "ana" if i < 3 else f"anon{i}",
                "text": "no me devuelven el reembolso, pésimo servicio, exijo una solución",
            }
        )
    for i in range(4):  # a month ago it was rare
        events.append(
            {
                "id": f"old{i}",
                "created_at": (now - dt.timedelta(days=10 + 4 * i)).isoformat(),
                "author": "luis",
                "text": "no me devuelven el reembolso, pésimo servicio",
            }
        )
    for i in range(10):  # happy chatter does not count as a problem
        events.append(
            {
                "id": f"happy{i}",
                "created_at": (now - dt.timedelta(hours=i)).isoformat(),
                "author": "luis",
                "text": "me encanta la nueva app, excelente",
            }
        )
    ingest(app, SYSTEM, events, default_source="x")

    answer = client.get("/api/v1/insights/terms", params={"since": "7d"})
    assert answer.status_code == 200, answer.text
    terms = {t["term"]: t for t in answer.json()["terms"]}
    assert "reembolso" in terms
    assert "encanta" not in terms
    assert "excelente" not in terms
    refund = terms["reembolso"]
    assert refund["now"] == 12
    assert refund["baseline"] == 1.0  # four mentions over the four weeks before
    assert (refund["customers"], refund["accounts"]) == (1, 1)
    assert Decimal(refund["arr"]) == Decimal("90000")
    assert refund["renewals_90d"] == 1
    assert (refund["open_orders"], refund["open_order_value"]) == (2, "400.00")
    satisfaction = refund["satisfaction"]
    assert satisfaction["customers"]["csat"] == 2
    assert satisfaction["everyone_else"]["csat"] == 5
    assert satisfaction["everyone_else"]["nps"] == 100.0
    change = refund["orders_change"]
    assert (change["orders_before"], change["orders_after"]) == (1, 1)
    assert "opportunity" in answer.json()["note"]

    monkeypatch.setenv("RUMBO_DATABASE_URL", app.settings.database_url)
    cli_result = CliRunner().invoke(cli, ["insights", "terms", "--since", "7d", "--json"])
    assert cli_result.exit_code == 0, cli_result.output
    assert json.loads(cli_result.stdout)["terms"][0]["term"] == answer.json()["terms"][0]["term"]
    bad = CliRunner().invoke(cli, ["insights", "terms", "--since", "semana"])
    assert bad.exit_code == 2
    assert "since" in bad.output
    assert client.get("/api/v1/insights/terms", params={"since": "0d"}).status_code == 422

    # The same question in plain Spanish, answered offline from the catalogue.
    asked = CliRunner().invoke(
        cli, ["ask", "¿Qué problemas mencionan más los clientes esta semana?", "--json"]
    )
    assert asked.exit_code == 0, asked.output
    answer = json.loads(asked.stdout)
    assert (answer["analytic"], answer["span_hours"]) == ("rising_terms", 168)
    assert "reembolso" in answer["summary"]
    accounts = json.loads(
        CliRunner().invoke(cli, ["ask", "which accounts complained today?", "--json"]).stdout
    )
    assert accounts["analytic"] == "accounts"
    assert accounts["span_hours"] == 24
    assert [a["name"] for a in accounts["answer"]["accounts"]] == ["Ferretería Norte"]
    assert ids["ana"]
