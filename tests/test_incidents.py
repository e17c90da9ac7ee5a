"""Incidents through the API: the lifecycle and its refusals, declaring, tasks, links, roles."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import func, select

from rumbo.app import Rumbo
from rumbo.crisis import tasks as incident_tasks
from rumbo.crisis.models import STATUSES, TRANSITIONS, Incident, IncidentTask
from rumbo.crisis.playbook import parse_duration, parse_playbook, shipped_playbook_text
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.schemas import TicketIn
from tests.conftest import SYSTEM

# One walk through the lifecycle that takes every allowed edge at least once.
WALK = [
    "declared",
    "mitigating",
    "monitoring",
    "mitigating",
    "resolved",
    "mitigating",
    "monitoring",
    "resolved",
    "review",
]


def role_client(app: Rumbo, role: str):  # type: ignore[no-untyped-def]
    """An API client for a new user of ``role`` (no password: tokens are enough here)."""
    from fastapi.testclient import TestClient

    from tests.conftest import make_token, make_user

    user_id = make_user(app, f"{role}-{uuid.uuid4().hex[:6]}@example.com", role, password=None)
    return TestClient(app.asgi(), headers={"Authorization": f"Bearer {make_token(app, user_id)}"})


def _open(client, title: str = "Caída del punto de venta", kind: str = "outage") -> dict:
    response = client.post("/api/v1/incidents", json={"title": title, "type": kind})
    assert response.status_code == 201, response.text
    return response.json()


def _move(client, incident_id: int, status: str):
    return client.post(f"/api/v1/incidents/{incident_id}/status", json={"status": status})


def test_every_lifecycle_transition_is_allowed_or_refused_with_409(client):
    """At each status, every move the lifecycle forbids is a 409 that changes nothing, and the
    walk then takes an allowed one; the walk covers every allowed edge."""
    incident = _open(client)
    taken: set[tuple[str, str]] = set()
    current = "detected"
    checked: set[str] = set()
    for target in [*WALK, None]:
        forbidden = (
            [] if current in checked else [s for s in STATUSES if s not in TRANSITIONS[current]]
        )
        checked.add(current)
        for illegal in forbidden:
            response = _move(client, incident["id"], illegal)
            assert response.status_code == 409, (current, illegal)
            error = response.json()["error"]
            assert error["code"] == "conflict"
            assert error["fields"] == {"status": "illegal_transition"}
            assert current in error["message"]
            assert illegal in error["message"]
        assert client.get(f"/api/v1/incidents/{incident['id']}").json()["status"] == current
        if target is None:
            break
        moved = _move(client, incident["id"], target)
        assert moved.status_code == 200, (current, target, moved.text)
        assert moved.json()["status"] == target
        assert moved.json()["next_statuses"] == list(TRANSITIONS[target])
        taken.add((current, target))
        current = target
    assert taken == {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert checked == set(STATUSES)
    detail = client.get(f"/api/v1/incidents/{incident['id']}").json()
    # Declared once, however often it relapsed: the playbook's tasks exist once.
    assert len({t["title"] for t in detail["tasks"]}) == len(detail["tasks"])
    assert detail["resolved_at"] is not None


def test_declaring_instantiates_the_playbook_with_due_times_from_declaration(app: Rumbo, client):
    incident = _open(client)
    assert client.get(f"/api/v1/incidents/{incident['id']}").json()["tasks"] == []
    declared = client.post(f"/api/v1/incidents/{incident['id']}/declare", json={"note": "POS"})
    assert declared.status_code == 200
    detail = client.get(f"/api/v1/incidents/{incident['id']}").json()
    spec = parse_playbook(shipped_playbook_text("outage"))
    expected = [(s.name, t.title, t.owner, t.due) for s in spec.stages for t in s.tasks]
    assert [(t["stage"], t["title"], t["owner_role"]) for t in detail["tasks"]] == [
        e[:3] for e in expected
    ]
    declared_at = dt.datetime.fromisoformat(detail["declared_at"])
    for task, (_stage, _title, _owner, due) in zip(detail["tasks"], expected, strict=True):
        assert dt.datetime.fromisoformat(task["due_at"]) - declared_at == parse_duration(due)
    assert {(c["audience"], c["channel"]) for c in detail["communications"]} == {
        (c.audience, c.channel) for c in spec.communications
    }
    # Each communication has a draft from the studio waiting in review: nothing is sent.
    assert {c["status"] for c in detail["communications"]} == {"in_review"}
    drafts = [
        client.get(f"/api/v1/drafts/{c['draft_id']}").json() for c in detail["communications"]
    ]
    assert {d["status"] for d in drafts} == {"in_review"}
    # Approving in the studio (someone other than the declarer) shows on the incident.
    first = detail["communications"][0]["draft_id"]
    assert client.post(f"/api/v1/drafts/{first}/approve", json={}).status_code == 403
    with role_client(app, "communications") as comms:
        assert comms.post(f"/api/v1/drafts/{first}/approve", json={}).status_code == 200
    again = client.get(f"/api/v1/incidents/{incident['id']}").json()["communications"]
    assert [c["status"] for c in again if c["draft_id"] == first] == ["approved"]
    kinds = [e["kind"] for e in detail["timeline"]]
    assert kinds[:3] == ["opened", "status", "playbook"]
    assert detail["playbook_version_id"] is not None
    # The version it followed is stored, so later playbook edits do not rewrite its history.
    versions = client.get("/api/v1/playbooks/outage/versions").json()
    assert [v["id"] for v in versions] == [detail["playbook_version_id"]]


def test_roles_decide_who_opens_and_declares(app: Rumbo, client):
    with role_client(app, "viewer") as viewer, role_client(app, "agent") as agent:
        for who in (viewer, agent):
            refused = who.post("/api/v1/incidents", json={"title": "Caída", "type": "outage"})
            assert refused.status_code == 403
            assert "incidents.write" in refused.json()["error"]["message"]
        assert viewer.get("/api/v1/incidents").status_code == 200
    with role_client(app, "communications") as comms:
        incident = _open(comms)
        assert comms.post(f"/api/v1/incidents/{incident['id']}/declare", json={}).status_code == 200
    with app.reading() as session:
        assert session.scalar(select(func.count()).select_from(Incident)) == 1


BAD_BODIES = [
    ({"title": "Caída", "type": "meteor"}, "type"),
    ({"title": "Caída", "type": "outage", "severity": "apocalyptic"}, "severity"),
    ({"title": "", "type": "outage"}, "title"),
    ({"title": "Caída", "type": "outage", "ticket_ids": [99999]}, "ticket_ids"),
    ({"title": "Caída", "type": "outage", "ticket_ids": [0]}, "ticket_ids.0"),
    ({"title": "Caída", "type": "outage", "colour": "red"}, "colour"),
]


def test_bad_input_is_a_clear_422_and_stores_nothing(app: Rumbo, client):
    for body, field in BAD_BODIES:
        response = client.post("/api/v1/incidents", json=body)
        assert response.status_code == 422, body
        assert field in response.json()["error"]["fields"], response.json()
    with app.reading() as session:
        assert session.scalar(select(func.count()).select_from(Incident)) == 0


def test_open_from_a_ticket_links_it_and_its_account(app: Rumbo, client):
    with app.unit_of_work(SYSTEM) as ctx:
        ticket = ticket_actions.open_ticket(
            ctx,
            TicketIn(subject="No puedo cobrar con el POS", channel="chat"),
        )
        ticket_id = ticket.id
    created = client.post(
        "/api/v1/incidents/from-ticket", json={"ticket_id": ticket_id, "type": "outage"}
    )
    assert created.status_code == 201
    assert created.json()["ticket_ids"] == [ticket_id]
    assert created.json()["title"] == "No puedo cobrar con el POS"
    missing = client.post(
        "/api/v1/incidents/from-ticket", json={"ticket_id": 999, "type": "outage"}
    )
    assert missing.status_code == 404
    with app.unit_of_work(SYSTEM) as ctx:
        short = ticket_actions.open_ticket(ctx, TicketIn(subject="Ay", channel="chat")).id
    untitled = client.post(
        "/api/v1/incidents/from-ticket", json={"ticket_id": short, "type": "outage"}
    )
    assert untitled.status_code == 422
    assert "title" in untitled.json()["error"]["fields"]
    titled = client.post(
        "/api/v1/incidents/from-ticket",
        json={"ticket_id": short, "type": "outage", "title": "Caída en caja"},
    )
    assert titled.status_code == 201


def test_members_links_notes_and_tasks(app: Rumbo, client):
    from tests.conftest import make_user

    engineer = make_user(app, "ingenieria@example.com", "agent", password=None)
    incident = _open(client)
    base = f"/api/v1/incidents/{incident['id']}"
    client.post(f"{base}/declare", json={})
    assert client.post(
        f"{base}/members", json={"user_id": engineer, "role": "engineering"}
    ).is_success
    commander = client.post(f"{base}/members", json={"user_id": engineer, "role": "commander"})
    assert commander.json()["commander_id"] == engineer
    bad_role = client.post(f"{base}/members", json={"user_id": engineer, "role": "wizard"})
    assert bad_role.status_code == 422
    detail = client.get(base).json()
    engineering = [t for t in detail["tasks"] if t["owner_role"] == "engineering"]
    assert engineering
    assert all(t["assignee_id"] == engineer for t in engineering)
    linked = client.post(f"{base}/links", json={"mention_ids": [5, 5, 6], "alert_ids": [3]})
    assert linked.json()["mention_ids"] == [5, 6]
    again = client.post(f"{base}/links", json={"mention_ids": [6, 7]})
    assert again.json()["mention_ids"] == [5, 6, 7]
    assert client.post(f"{base}/notes", json={"message": "Revertido el despliegue"}).is_success
    task = detail["tasks"][0]
    done = client.post(f"{base}/tasks/{task['id']}/done")
    assert done.status_code == 200
    assert done.json()["done_at"] is not None
    assert client.post(f"{base}/tasks/{task['id']}/done").status_code == 409
    timeline = [e["message"] for e in client.get(base).json()["timeline"]]
    assert "Revertido el despliegue" in timeline
    assert any(m.startswith("Tarea hecha") for m in timeline)


def test_overdue_tasks_are_reminded_once_per_interval(app: Rumbo, client):
    incident = _open(client)
    client.post(f"/api/v1/incidents/{incident['id']}/declare", json={})
    with app.reading() as session:
        tasks = list(session.scalars(select(IncidentTask).order_by(IncidentTask.due_at)))
    first_due = tasks[0].due_at
    later = first_due + dt.timedelta(minutes=1)
    expected = sum(1 for t in tasks if t.due_at < later)
    with app.unit_of_work(SYSTEM) as ctx:
        report = incident_tasks.remind_overdue(ctx, now=later)
    assert report.overdue == expected
    assert report.reminded == expected
    with app.unit_of_work(SYSTEM) as ctx:  # ten minutes on: already reminded, not again
        again = incident_tasks.remind_overdue(ctx, now=later + dt.timedelta(minutes=10))
    assert again.task_ids
    assert set(again.task_ids).isdisjoint(report.task_ids)
    with app.unit_of_work(SYSTEM) as ctx:
        third = incident_tasks.remind_overdue(ctx, now=later + dt.timedelta(minutes=45))
    assert set(report.task_ids) <= set(third.task_ids)
    with app.reading() as session:
        counts = {t.id: t.reminders_sent for t in session.scalars(select(IncidentTask))}
    assert counts[tasks[0].id] == 2
    # Resolved incidents stop nagging.
    _move(client, incident["id"], "mitigating")
    _move(client, incident["id"], "resolved")
    with app.unit_of_work(SYSTEM) as ctx:
        assert incident_tasks.remind_overdue(ctx, now=later + dt.timedelta(days=2)).overdue == 0


def test_the_reminder_runs_as_a_registered_job(app: Rumbo, client):
    from rumbo.crisis.jobs import REMIND, register_jobs

    incident = _open(client)
    client.post(f"/api/v1/incidents/{incident['id']}/declare", json={})
    with app.unit_of_work(SYSTEM) as ctx:  # make the first task overdue
        task = ctx.session.scalars(select(IncidentTask).order_by(IncidentTask.position)).first()
        assert task is not None
        task.due_at = task.due_at - dt.timedelta(days=1)
        task_id = task.id
    register_jobs(app)
    register_jobs(app)  # idempotent
    assert app.jobs.execute(REMIND, {}, None) is True
    with app.reading() as session:
        reminded = session.get(IncidentTask, task_id)
        assert reminded is not None
        assert reminded.reminders_sent == 1


def test_a_lapsed_status_update_cadence_is_reminded_once_per_period(app: Rumbo, client):
    incident = _open(client)
    client.post(f"/api/v1/incidents/{incident['id']}/declare", json={})
    # The outage playbook's public-update cadence (30 min) lapsed: one reminder per period.
    declared = dt.datetime.fromisoformat(
        client.get(f"/api/v1/incidents/{incident['id']}").json()["declared_at"]
    )
    with app.unit_of_work(SYSTEM) as ctx:
        early = incident_tasks.remind_overdue(ctx, now=declared + dt.timedelta(minutes=20))
        lapsed = incident_tasks.remind_overdue(ctx, now=declared + dt.timedelta(minutes=31))
        soon = incident_tasks.remind_overdue(ctx, now=declared + dt.timedelta(minutes=40))
        later_on = incident_tasks.remind_overdue(ctx, now=declared + dt.timedelta(minutes=62))
    assert early.status_updates_due == []
    assert lapsed.status_updates_due == [incident["id"]]
    assert soon.status_updates_due == []
    assert later_on.status_updates_due == [incident["id"]]
