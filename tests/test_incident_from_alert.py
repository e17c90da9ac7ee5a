"""An alert becomes an incident in one call: its explanation, terms and affected accounts come
along, and the review counts the linked mentions and the revenue of the accounts affected."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn
from rumbo.db import utcnow
from rumbo.listening.models import Alert, Mention
from tests.conftest import SYSTEM


def _alert_with_mentions(app: Rumbo) -> tuple[int, list[int], list[int]]:
    """What listening records for a burst: mentions, and an alert that explains them."""
    now = utcnow()
    with app.unit_of_work(SYSTEM) as ctx:
        companies = [
            crm_actions.create_company(
                ctx, CompanyIn(name=name, arr=Decimal(arr), currency="USD", plan="pro")
            )
            for name, arr in (("Ferretería Norte", "12000"), ("Café Sur", "3000"))
        ]
        mentions = [
            Mention(
                source="x",
                external_id=f"post-{i}",
                author=f"@cliente{i}",
                text="el pos no funciona, sin servicio",
                created_at=now - dt.timedelta(minutes=40 - i),
                sentiment="negative",
                company_id=companies[i % 2].id,
                terms=["pos", "sin servicio"],
            )
            for i in range(6)
        ]
        ctx.session.add_all(mentions)
        ctx.session.flush()
        alert = Alert(
            dedupe_key="burst:pos",
            kind="burst",
            severity="critical",
            title="Pico de menciones: pos, sin servicio",
            terms=["pos", "sin servicio", "producto:Terminal T2"],
            explanation={
                "summary": "Pico de menciones: «pos» 6 vs 0.4 esperadas; 2 cuentas",
                "rising_terms": [{"term": "pos", "now": 6, "baseline": 0.4}],
                "samples": [{"id": f"x:post-{i}", "text": "el pos no funciona"} for i in (0, 1)],
                "affected": {
                    "contacts": 0,
                    "company_count": 2,
                    "arr_total": "15000",
                    "companies": [{"id": c.id, "name": c.name} for c in companies],
                },
            },
            affected_companies=2,
            affected_arr=Decimal("15000"),
            fired_at=now - dt.timedelta(minutes=30),
            last_seen_at=now,
        )
        ctx.session.add(alert)
        ctx.session.flush()
        return alert.id, [c.id for c in companies], [m.id for m in mentions[:2]]


def test_an_alert_opens_an_incident_with_its_explanation(app: Rumbo, client):
    alert_id, company_ids, sample_ids = _alert_with_mentions(app)
    created = client.post(
        "/api/v1/incidents/from-alert", json={"alert_id": alert_id, "type": "outage"}
    )
    assert created.status_code == 201, created.text
    incident = created.json()
    assert incident["title"] == "Pico de menciones: pos, sin servicio"
    assert incident["severity"] == "critical"
    assert incident["alert_ids"] == [alert_id]
    assert sorted(incident["affected_company_ids"]) == sorted(company_ids)
    assert sorted(incident["mention_ids"]) == sorted(sample_ids)
    assert incident["keywords"][:3] == ["pos", "sin servicio", "Terminal T2"]
    assert incident["affected_products"] == ["Terminal T2"]
    assert incident["summary"].startswith("Pico de menciones")
    detail = client.get(f"/api/v1/incidents/{incident['id']}").json()
    assert detail["explanation"]["affected"]["arr_total"] == "15000"
    with app.reading() as session:  # the alert is now being handled, by this incident
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.status == "acknowledged"
        assert alert.note == f"Incidente #{incident['id']}"
    assert "alert" in detail["timeline"][0]["message"]
    missing = client.post("/api/v1/incidents/from-alert", json={"alert_id": 999, "type": "outage"})
    assert missing.status_code == 404


def test_the_review_counts_linked_mentions_and_affected_revenue(app: Rumbo, client):
    alert_id, _company_ids, _samples = _alert_with_mentions(app)
    incident = client.post(
        "/api/v1/incidents/from-alert", json={"alert_id": alert_id, "type": "outage"}
    ).json()
    with app.reading() as session:
        every_mention = list(session.scalars(select(Mention.id)))
    client.post(f"/api/v1/incidents/{incident['id']}/links", json={"mention_ids": every_mention})
    text = client.get(f"/api/v1/incidents/{incident['id']}/review").text
    assert "2 cuentas" in text
    assert "15000.00 USD" in text
    assert "### Menciones vinculadas" in text
    bars = [line for line in text.splitlines() if "(neg " in line]
    assert sum(int(line.split("(neg ")[1].rstrip(")")) for line in bars) == 6
