"""Alerts: raised from the stream with an explanation, deduplicated, acknowledged and resolved."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.crm import actions as crm
from rumbo.crm.schemas import CompanyIn, ContactIn, HandleIn
from rumbo.listening.models import Alert, AlertNotification
from rumbo.listening.pipeline import ingest
from tests.conftest import SYSTEM, client_for
from tests.test_listen_ingest import stream


def add_customers(app: Rumbo) -> dict[str, int]:
    """Two accounts whose people post as user0…user5 (the authors of the stream)."""
    ids = {}
    with app.unit_of_work(SYSTEM) as ctx:
        for name, arr, users in (("Grande SA", 250000, (0, 1, 2)), ("Chica SRL", 12000, (3,))):
            company = crm.create_company(ctx, CompanyIn(name=name, arr=arr))
            ids[name] = company.id
            for n in users:
                crm.create_contact(
                    ctx,
                    ContactIn(
                        name=f"Persona {n}",
                        company_id=company.id,
                        handles=[HandleIn(network="x", handle=f"user{n}")],
                    ),
                )
    return ids


def test_a_burst_raises_one_explained_alert_with_the_affected_accounts(app: Rumbo, client):
    ids = add_customers(app)
    # 700 calm events, an outage wave from event 600 to 700 (authors cycle through user0…299).
    events = stream(600, burst_at=600, burst=100, step=20)
    events += [{**e, "id": f"late{i}"} for i, e in enumerate(stream(100, step=20))]
    report = ingest(app, SYSTEM, events[:700], default_source="x", batch_size=50)
    assert report.alerts, "the outage wave raised no alert"

    alerts = client.get("/api/v1/alerts").json()
    assert alerts["total"] == 1, [a["title"] for a in alerts["items"]]
    alert = alerts["items"][0]
    assert alert["status"] == "open"
    assert alert["severity"] in {"medium", "high", "critical"}
    assert {"caida", "sin servicio"} <= set(alert["terms"]), alert["terms"]
    explanation = alert["explanation"]
    rising = {t["term"]: t for t in explanation["rising_terms"]}
    assert any(t["now"] > t["baseline"] for t in rising.values())
    assert explanation["samples"]
    assert all("caida" in s["text"] for s in explanation["samples"])
    assert explanation["sentiment"].get("negative", 0) > 0
    # user0…user3 wrote during the wave: both accounts are affected, the larger first.
    affected = explanation["affected"]
    assert [c["id"] for c in affected["companies"]] == [ids["Grande SA"], ids["Chica SRL"]]
    assert Decimal(affected["arr_total"]) == Decimal("262000")
    assert alert["affected_companies"] == 2
    assert "sin servicio" in explanation["summary"], explanation["summary"]
    # It fired during the wave, not before it.
    wave_start = events[600]["created_at"]
    assert wave_start <= alert["fired_at"].replace("Z", "+00:00") <= events[699]["created_at"]

    # The in-app inbox of admins got it (no rules yet: the default channel).
    with app.reading() as session:
        notes = session.scalars(select(AlertNotification)).all()
    assert [(n.channel, n.target, n.status) for n in notes] == [("inapp", "admin", "unread")]
    inbox = client.get("/api/v1/alerts/inbox").json()
    assert [(n["alert_id"], n["status"]) for n in inbox] == [(alert["id"], "unread")]
    with client_for(app, "viewer") as viewer:
        assert viewer.get("/api/v1/alerts/inbox").json() == []  # sent to admins only


def test_alert_lifecycle_and_who_may_change_it(app: Rumbo, client):
    ingest(app, SYSTEM, stream(600, burst_at=500, burst=100), default_source="x")
    listed = client.get("/api/v1/alerts").json()
    alert_id, active = listed["items"][0]["id"], listed["total"]
    assert active >= 1
    with client_for(app, "viewer") as viewer:
        assert viewer.get(f"/api/v1/alerts/{alert_id}").status_code == 200
        assert viewer.post(f"/api/v1/alerts/{alert_id}/ack").status_code == 403
    with client_for(app, "agent") as agent:
        acked = agent.post(f"/api/v1/alerts/{alert_id}/ack", json={"note": "mirando"}).json()
    assert (acked["status"], acked["note"]) == ("acknowledged", "mirando")
    assert acked["acknowledged_at"] is not None
    resolved = client.post(f"/api/v1/alerts/{alert_id}/resolve").json()
    assert resolved["status"] == "resolved"
    again = client.post(f"/api/v1/alerts/{alert_id}/ack")
    assert again.status_code == 409
    assert client.get("/api/v1/alerts", params={"status": "active"}).json()["total"] == active - 1
    assert client.get("/api/v1/alerts/999999").status_code == 404


def test_more_of_the_same_wave_updates_the_alert_instead_of_adding_one(app: Rumbo):
    events = stream(700, burst_at=500, burst=200)
    ingest(app, SYSTEM, events[:560], default_source="x")
    with app.reading() as session:
        first = session.scalars(select(Alert)).all()
    ingest(app, SYSTEM, events, default_source="x")
    with app.reading() as session:
        after = session.scalars(select(Alert)).all()
    assert len(first) == 1
    assert [a.id for a in after] == [first[0].id]
    assert after[0].last_seen_at >= first[0].last_seen_at


def test_the_demo_outage_shows_as_an_alert_with_the_affected_accounts(tmp_path, sqlite_template):
    """SQLite only: loading the demo is the slow part, and the alert logic is the same."""
    import datetime as dt
    import shutil

    from rumbo.demo.generator import generate
    from rumbo.demo.loader import load_demo
    from rumbo.settings import Settings

    anchor = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    shutil.copyfile(sqlite_template, tmp_path / "demo.db")
    app = Rumbo(Settings(database_url=f"sqlite:///{tmp_path / 'demo.db'}", secret_key="k" * 32))
    try:
        summary = load_demo(app, scale=0.1, anchor=anchor)
        assert summary.created["mentions"] > 500
        moments = generate(7, 0.1, anchor).moments
        with app.reading() as session:
            alerts = session.scalars(select(Alert).order_by(Alert.fired_at)).all()
    finally:
        app.dispose()
    during = [a for a in alerts if moments.outage_start <= a.fired_at <= moments.outage_end]
    assert len(during) == 1, [(a.fired_at, a.terms) for a in alerts]
    outage = during[0]
    assert outage.fired_at - moments.outage_start < dt.timedelta(hours=1)
    assert outage.severity in {"high", "critical"}
    assert outage.affected_companies >= 1
    assert outage.affected_arr > 0
    assert outage.explanation["affected"]["companies"][0]["name"]
    assert outage.explanation["samples"]
    assert outage.explanation["summary"]
