"""Alert rules set by admins, and notifications through a real SMTP server and HTTP receiver."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from rumbo.app import Rumbo
from rumbo.listening.pipeline import ingest
from rumbo.settings import Settings
from tests.conftest import SYSTEM, client_for, mail_settings
from tests.servers import Inbox, QuietHandler, free_port, http_server


class Receiver:
    """What a local HTTP server was POSTed: every JSON body, in order."""

    def __init__(self, url: str, bodies: list[dict[str, Any]]) -> None:
        self.url = url
        self.bodies = bodies


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    bodies: list[dict[str, Any]] = []

    class Handler(QuietHandler):
        def do_POST(self) -> None:  # noqa: N802
            bodies.append(self.read_json())
            self.send_body(b"ok", "text/plain")

    with http_server(Handler) as url:
        yield Receiver(f"{url}/hook", bodies)


@pytest.fixture
def settings(database_url: str, inbox: Inbox) -> Settings:
    return mail_settings(database_url, inbox, "Rumbo <alertas@example.com>")


def posts(word: str, count: int, hour: int = 10) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{word}{i}",
            "created_at": f"2026-03-02T{hour:02d}:{i:02d}:00Z",
            "author": f"cliente{i}",
            "text": f"quiero mi {word} ya, llevo semanas esperando",
        }
        for i in range(count)
    ]


def test_a_keyword_rule_notifies_by_email_and_webhook_and_logs_failures(
    app: Rumbo, client, inbox: Inbox, receiver: Receiver
):
    dead = f"http://127.0.0.1:{free_port()}/nobody"
    rule = client.post(
        "/api/v1/alert-rules",
        json={
            "name": "Reembolsos",
            "terms": ["Reembolso"],
            "threshold": 3,
            "window_minutes": 30,
            "severity": "high",
            "channels": [
                {"notifier": "email", "target": "ops@example.com"},
                {"notifier": "webhook", "target": receiver.url},
                {"notifier": "webhook", "target": dead},
            ],
        },
    )
    assert rule.status_code == 201, rule.text
    ingest(app, SYSTEM, posts("reembolso", 2), default_source="x")
    assert client.get("/api/v1/alerts").json()["total"] == 0  # two are not three
    report = ingest(app, SYSTEM, posts("reembolso", 5), default_source="x")
    assert len(report.alerts) == 1
    alert = client.get(f"/api/v1/alerts/{report.alerts[0]}").json()
    assert (alert["kind"], alert["severity"], alert["rule_id"]) == (
        "keyword",
        "high",
        rule.json()["id"],
    )
    assert alert["fired_at"].startswith("2026-03-02T10:02:00")  # the third mention

    assert len(inbox.messages) == 1
    mail = inbox.messages[0]
    assert mail["To"] == "ops@example.com"
    assert "[HIGH]" in mail["Subject"]
    assert "reembolso" in mail["Subject"]
    assert "reembolso" in mail.get_content()
    assert len(receiver.bodies) == 1
    assert "reembolso" in receiver.bodies[0]["text"]
    assert receiver.bodies[0]["blocks"][0]["type"] == "header"
    log = client.get(f"/api/v1/alerts/{alert['id']}/notifications").json()
    assert [(n["channel"], n["status"]) for n in log] == [
        ("email", "sent"),
        ("webhook", "sent"),
        ("webhook", "failed"),
    ]
    assert log[2]["error"]


def test_quiet_hours_hold_back_notifications_but_not_the_alert(app: Rumbo, client, inbox: Inbox):
    client.post(
        "/api/v1/alert-rules",
        json={
            "name": "Facturas de noche",
            "terms": ["factura"],
            "threshold": 2,
            "channels": [{"notifier": "email", "target": "ops@example.com"}],
            "quiet_start": "22:00",
            "quiet_end": "07:00",
            "timezone": "America/Mexico_City",
        },
    ).raise_for_status()
    ingest(app, SYSTEM, posts("factura", 3, hour=5), default_source="x")  # 23:00 in Mexico City
    alerts = client.get("/api/v1/alerts").json()["items"]
    assert len(alerts) == 1
    log = client.get(f"/api/v1/alerts/{alerts[0]['id']}/notifications").json()
    assert [(n["status"], n["error"]) for n in log] == [("suppressed", "quiet hours")]
    assert inbox.messages == []


def test_rules_are_checked_and_only_admins_change_them(app: Rumbo, client):
    bad = client.post("/api/v1/alert-rules", json={"name": "x", "threshold": 3})
    assert bad.status_code == 422
    assert bad.json()["error"]["fields"] == {"terms": "required with threshold"}
    clock = client.post("/api/v1/alert-rules", json={"name": "x", "quiet_start": "25:00"})
    assert clock.status_code == 422
    assert "quiet_start" in clock.json()["error"]["fields"]
    zone = client.post("/api/v1/alert-rules", json={"name": "x", "timezone": "Marte/Olimpo"})
    assert zone.status_code == 422
    assert client.get("/api/v1/alert-rules").json() == []

    created = client.post("/api/v1/alert-rules", json={"name": "Caídas", "terms": ["caida"]})
    rule_id = created.json()["id"]
    changed = client.patch(f"/api/v1/alert-rules/{rule_id}", json={"min_severity": "high"})
    assert changed.json()["min_severity"] == "high"
    with client_for(app, "agent") as agent:
        assert agent.get("/api/v1/alert-rules").status_code == 200
        assert agent.delete(f"/api/v1/alert-rules/{rule_id}").status_code == 403
    assert client.delete(f"/api/v1/alert-rules/{rule_id}").status_code == 204
    assert client.get("/api/v1/alert-rules").json() == []


def test_a_signal_rule_filters_the_detector_and_routes_its_alerts(
    app: Rumbo, client, receiver: Receiver
):
    from tests.test_listen_ingest import stream

    rule = client.post(
        "/api/v1/alert-rules",
        json={
            "name": "Caídas del servicio",
            "terms": ["caida"],
            "severity": "critical",
            "channels": [{"notifier": "webhook", "target": receiver.url}],
        },
    ).json()
    ingest(app, SYSTEM, stream(600, burst_at=500, burst=100), default_source="x")
    alerts = client.get("/api/v1/alerts").json()["items"]
    assert alerts, "the outage wave raised no alert"
    assert {a["rule_id"] for a in alerts} == {rule["id"]}  # nothing the rule does not match
    assert {a["severity"] for a in alerts} == {"critical"}
    assert len(receiver.bodies) == len(alerts)
    assert "caida" in receiver.bodies[0]["text"]


def test_quiet_hours_span_midnight_in_the_rule_time_zone():
    import datetime as dt

    from rumbo.listening.models import AlertRule
    from rumbo.listening.notify.dispatch import in_quiet_hours

    night = AlertRule(quiet_start="22:00", quiet_end="07:00", timezone="America/Bogota")
    day = AlertRule(quiet_start="12:00", quiet_end="14:00", timezone=None)
    at = dt.datetime(2026, 3, 2, 4, 30, tzinfo=dt.UTC)  # 23:30 in Bogotá
    assert in_quiet_hours(night, at, "UTC")
    assert not in_quiet_hours(night, at + dt.timedelta(hours=8), "UTC")  # 07:30 there
    assert in_quiet_hours(day, at + dt.timedelta(hours=8), "UTC")  # 12:30 UTC, the default
    assert not in_quiet_hours(day, at + dt.timedelta(hours=8), "America/Bogota")  # 07:30
    assert not in_quiet_hours(None, at, "UTC")
