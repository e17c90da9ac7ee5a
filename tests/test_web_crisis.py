"""The crisis room at /crisis and its incident pages, driven like a browser would.

Alerts, incidents and status updates are made through the domain actions (or the API, as an
admin's ``client``); the pages are then read and their forms posted with the session's token.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.context import Actor
from rumbo.crisis import actions as incident_actions
from rumbo.crisis import queries as crisis_queries
from rumbo.crisis import status_actions
from rumbo.crisis.models import IncidentTask
from rumbo.crisis.schemas import IncidentIn, StatusUpdateIn
from rumbo.db import utcnow
from rumbo.drafting import queries as drafting_queries
from rumbo.listening.models import Alert, TermCount
from tests.conftest import SYSTEM, make_user
from tests.test_incident_from_alert import _alert_with_mentions
from tests.test_web import PASSWORD, csrf_of, sign_in
from tests.test_web_i18n import spanish_giveaways
from tests.test_web_polish import Controls

WEB = Path(__file__).parents[1] / "src/rumbo/web"
CRISIS_SOURCES = [*WEB.glob("templates/crisis/*.html"), *WEB.glob("crisis*.py")]


def person(app: Rumbo, role: str) -> tuple[TestClient, Actor]:
    """A browser signed in as a new user of ``role``, and that user as an actor."""
    email = f"{role}-crisis@example.com"
    user_id = make_user(app, email, role, PASSWORD)
    browser = TestClient(app.asgi())
    assert sign_in(browser, email).status_code == 303
    return browser, Actor(label=email, role=role, user_id=user_id)


def declared_incident(app: Rumbo, title: str = "Caída de pagos con tarjeta") -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        incident = incident_actions.open_incident(ctx, IncidentIn(title=title, type="outage"))
        incident_actions.declare(ctx, incident.id)
        return incident.id


def drafted_update(app: Rumbo, author: Actor, incident_id: int, title: str) -> int:
    with app.unit_of_work(author) as ctx:
        data = StatusUpdateIn(incident_id=incident_id, title=title, body=f"{title}. Seguimos.")
        return status_actions.draft_update(ctx, data).id


def post_form(browser: TestClient, page: str, action: str, **fields: str):
    """Post a form of ``page`` with its CSRF token, as the browser would, without following."""
    token = csrf_of(browser.get(page).text)
    return browser.post(action, data={"csrf_token": token, **fields}, follow_redirects=False)


def test_the_room_shows_volume_terms_alerts_incidents_approvals_and_revenue(
    app: Rumbo, client: TestClient
):
    alert_id, _companies, _mentions = _alert_with_mentions(app)
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    with app.unit_of_work(SYSTEM) as ctx:  # what ingestion counts per day for the insight
        ctx.session.add(TermCount(bucket=today, term="pos", mentions=6, negative=6, complaints=0))
    incident_id = declared_incident(app)
    with app.unit_of_work(SYSTEM) as ctx:  # one task of the playbook is already late
        first = ctx.session.scalars(
            select(IncidentTask).where(IncidentTask.incident_id == incident_id)
        ).first()
        assert first is not None
        first.due_at = utcnow() - dt.timedelta(minutes=5)
        late_task = first.title
    author = Actor(label="someone@example.com", role="communications")
    drafted_update(app, author, incident_id, "Investigamos los cobros rechazados")
    browser, _me = person(app, "communications")

    page = browser.get("/crisis")
    assert page.status_code == 200
    html = page.text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "Menciones por hora, últimas 24 h" in html
    # The rising term with the ARR of the two accounts whose people used it.
    assert '<th scope="row">pos</th>' in html
    assert "Pico de menciones: pos, sin servicio" in html
    assert f'action="/crisis/alerts/{alert_id}/incident"' in html
    assert "Abrir incidente" in html
    assert "15,000.00" in html  # the alert's ARR at risk, and the accounts' sum
    assert "Caída de pagos con tarjeta" in html
    assert f'href="/crisis/incidents/{incident_id}"' in html
    assert "Vencida" in html
    assert late_task in html
    assert "Investigamos los cobros rechazados" in html
    assert "Aprobar actualización" in html  # written by someone else: this person may approve
    assert "Ferretería Norte" in html
    assert "Café Sur" in html
    assert 'data-pulse="open_alerts">1<' in html
    # The API agrees on what is open: the page reads the same records.
    assert client.get("/api/v1/alerts?status=active").json()["total"] == 1


def test_the_chart_period_is_chosen_and_bounded(app: Rumbo):
    browser, _me = person(app, "viewer")
    assert "últimas 6 h" in browser.get("/crisis?hours=6").text
    refused = browser.get("/crisis?hours=1000")
    assert refused.status_code == 400
    assert "horas" in refused.text


def test_an_alert_becomes_an_incident_from_its_form_then_is_declared(app: Rumbo):
    alert_id, _companies, _mentions = _alert_with_mentions(app)
    browser, _me = person(app, "admin")
    opened = post_form(browser, "/crisis", f"/crisis/alerts/{alert_id}/incident", type="outage")
    assert opened.status_code == 303
    location = opened.headers["location"]
    assert location.startswith("/crisis/incidents/")
    incident_id = int(location.rsplit("/", 1)[1])

    detail = browser.get(location).text
    assert "Incidente abierto a partir de la alerta." in detail
    assert "Pico de menciones: pos, sin servicio" in detail
    assert "Detectado" in detail
    assert "Ferretería Norte" in detail  # the alert's accounts came along
    with app.reading() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.status == "acknowledged"
    # The room now links the alert to its incident instead of offering to open another.
    room = browser.get("/crisis").text
    assert f'href="/crisis/incidents/{incident_id}">Ver el incidente #{incident_id}' in room
    assert f'action="/crisis/alerts/{alert_id}/incident"' not in room

    declared = post_form(browser, location, f"/crisis/incidents/{incident_id}/declare")
    assert declared.status_code == 303
    detail = browser.get(location).text
    assert "Incidente declarado" in detail
    assert "Marcar como hecha" in detail
    again = post_form(browser, location, f"/crisis/incidents/{incident_id}/declare")
    assert again.status_code == 409
    assert "no se puede declarar ahora" in again.text


def test_an_alert_is_acknowledged_then_resolved_from_the_room(app: Rumbo):
    alert_id, _companies, _mentions = _alert_with_mentions(app)
    browser, _me = person(app, "agent")
    acked = post_form(browser, "/crisis", f"/crisis/alerts/{alert_id}/ack")
    assert acked.status_code == 303
    with app.reading() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.status == "acknowledged"
    assert f'action="/crisis/alerts/{alert_id}/ack"' not in browser.get("/crisis").text
    resolved = post_form(browser, "/crisis", f"/crisis/alerts/{alert_id}/resolve")
    assert resolved.status_code == 303
    # A resolved alert leaves the room; acknowledging it afterwards is refused, and says why.
    late = post_form(browser, "/crisis", f"/crisis/alerts/{alert_id}/ack")
    assert late.status_code == 409
    assert "ya estaba resuelta" in late.text
    with app.reading() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.status == "resolved"


def test_a_task_is_marked_done_from_the_incident_page(app: Rumbo):
    incident_id = declared_incident(app)
    browser, me = person(app, "communications")
    page = f"/crisis/incidents/{incident_id}"
    with app.reading() as session:
        task = session.scalars(
            select(IncidentTask).where(IncidentTask.incident_id == incident_id)
        ).first()
        assert task is not None
    done = post_form(browser, page, f"{page}/tasks/{task.id}/done")
    assert done.status_code == 303
    with app.reading() as session:
        stored = session.get(IncidentTask, task.id)
        assert stored is not None
        assert stored.done_by == me.label
    assert f"hecha por {me.label}" in browser.get(page).text


def test_the_incident_moves_along_its_lifecycle_from_its_page(app: Rumbo):
    incident_id = declared_incident(app)
    browser, _me = person(app, "communications")
    page = f"/crisis/incidents/{incident_id}"
    assert 'value="mitigating"' in browser.get(page).text  # the steps the lifecycle allows
    note = "Rollback en curso"
    moved = post_form(browser, page, f"{page}/status", status="mitigating", note=note)
    assert moved.status_code == 303
    with app.reading() as session:
        assert crisis_queries.get_incident(session, incident_id).status == "mitigating"
    assert note in browser.get(page).text  # the note is on the timeline
    # A step the lifecycle does not allow is refused on the page, and nothing changes.
    refused = post_form(browser, page, f"{page}/status", status="review")
    assert refused.status_code == 409
    assert "no puede pasar" in refused.text
    with app.reading() as session:
        assert crisis_queries.get_incident(session, incident_id).status == "mitigating"


def test_a_status_update_is_approved_and_published_by_someone_else(app: Rumbo, anon):
    incident_id = declared_incident(app)
    writer, writer_actor = person(app, "communications")
    page = f"/crisis/incidents/{incident_id}"
    written = post_form(
        writer,
        page,
        f"{page}/updates",
        title="Pagos con tarjeta intermitentes",
        body="Algunos cobros con tarjeta fallan. Próxima actualización en 30 minutos.",
        phase="investigating",
    )
    assert written.status_code == 303
    too_short = post_form(writer, page, f"{page}/updates", title="a", body="Texto", phase="x")
    assert too_short.status_code == 422
    assert "Revisa los datos: título, fase" in too_short.text
    assert 'value="a"' in too_short.text  # what was typed is kept
    html = writer.get(page).text
    assert "La escribiste tú: la aprueba otra persona." in html
    with app.reading() as session:
        update = crisis_queries.status_updates(session, incident_id=incident_id)[0]
    assert update.drafted_by == writer_actor.label
    # Forcing the form anyway: refused, with the reason in words.
    own = post_form(writer, page, f"/crisis/updates/{update.id}/approve", back="incident")
    assert own.status_code == 403
    assert "No puedes aprobar una actualización que escribiste tú" in own.text
    assert 'role="alert"' in own.text

    legal, _legal_actor = person(app, "legal")
    approved = post_form(legal, page, f"/crisis/updates/{update.id}/approve", back="incident")
    assert approved.status_code == 303
    assert approved.headers["location"] == page
    assert "Pagos con tarjeta intermitentes" not in anon.get("/status").text
    published = post_form(legal, page, f"/crisis/updates/{update.id}/publish", back="room")
    assert published.status_code == 303
    assert published.headers["location"] == "/crisis"
    assert "Actualización publicada" in legal.get("/crisis").text
    assert "Pagos con tarjeta intermitentes" in anon.get("/status").text
    twice = post_form(legal, page, f"/crisis/updates/{update.id}/publish", back="incident")
    assert twice.status_code == 409
    assert "Publicada" in twice.text


def test_a_viewer_reads_the_room_but_its_forms_are_refused(app: Rumbo):
    alert_id, _companies, _mentions = _alert_with_mentions(app)
    incident_id = declared_incident(app)
    author = Actor(label="someone@example.com", role="communications")
    update_id = drafted_update(app, author, incident_id, "Investigamos")
    viewer, _me = person(app, "viewer")
    html = viewer.get("/crisis").text
    assert "Pico de menciones" in html
    assert "Abrir incidente" not in html
    assert "Aprobar actualización" not in html
    opened = post_form(viewer, "/crisis", f"/crisis/alerts/{alert_id}/incident", type="outage")
    assert opened.status_code == 403
    assert "no permite abrir ni cambiar incidentes" in opened.text
    approve = post_form(viewer, "/crisis", f"/crisis/updates/{update_id}/approve", back="room")
    assert approve.status_code == 403
    assert "no permite aprobar ni publicar" in approve.text
    with app.reading() as session:
        alert = session.get(Alert, alert_id)
        assert alert is not None
        assert alert.status == "open"  # nothing changed


def test_the_room_needs_sign_in(anon):
    answer = anon.get("/crisis", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fcrisis"
    assert anon.get("/crisis/events", follow_redirects=False).status_code == 303


def test_the_event_stream_sends_the_room_counters(app: Rumbo):
    _alert_with_mentions(app)
    declared_incident(app)
    browser, _me = person(app, "agent")
    answer = browser.get("/crisis/events?events=1")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/event-stream")
    blocks = [b for b in answer.text.split("\n\n") if b.strip()]
    assert blocks[0].startswith("retry: ")
    lines = blocks[1].split("\n")
    assert lines[0] == "event: pulse"
    assert lines[1].startswith("data: ")
    pulse = json.loads(lines[1].removeprefix("data: "))
    assert pulse["open_alerts"] == 1
    assert pulse["active_incidents"] == 1
    with app.reading() as session:  # declaring asked the studio for the playbook's drafts
        _drafts, in_review = drafting_queries.list_drafts(session, status="in_review", limit=0)
    assert in_review > 0
    assert pulse["pending_approvals"] == in_review
    assert dt.datetime.fromisoformat(pulse["last_mention_at"]) <= utcnow()
    assert len(blocks) == 2  # one event asked for, then the stream ends


def test_an_unknown_incident_is_a_404_page(app: Rumbo):
    browser, _me = person(app, "viewer")
    missing = browser.get("/crisis/incidents/999")
    assert missing.status_code == 404
    assert "No existe el incidente 999." in missing.text


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_control_is_labelled_and_english_pages_show_no_spanish(app: Rumbo, language: str):
    alert_id, _companies, _mentions = _alert_with_mentions(app)
    with app.reading() as session:  # what people wrote stays as written, in Spanish
        alert = session.get(Alert, alert_id)
        assert alert is not None
        written = [alert.title, alert.explanation["summary"]]
    incident_id = declared_incident(app)
    drafted_update(
        app, Actor(label="someone@example.com", role="communications"), incident_id, "Hola"
    )
    browser, _me = person(app, "admin")
    browser.get(f"/crisis?lang={language}")
    # Spanish of these pages' own strings; the test data (alert titles) is Spanish on purpose.
    sources = "".join(p.read_text() for p in CRISIS_SOURCES)
    giveaways = [g for g in spanish_giveaways() if g in sources] if language == "en" else []
    for path in ("/crisis", f"/crisis/incidents/{incident_id}"):
        html = browser.get(path).text
        controls = Controls()
        controls.feed(html)
        assert controls.controls, f"{path} has forms"
        assert controls.unlabelled() == [], path
        assert f'<html lang="{language}">' in html
        for text in written:
            html = html.replace(text, "")
        assert [g for g in giveaways if g in html] == [], path


def test_drafts_in_review_are_approved_from_the_queue_by_someone_else(app: Rumbo):
    declarer, declarer_actor = person(app, "communications")
    with app.unit_of_work(declarer_actor) as ctx:  # declaring asks the studio for drafts
        incident = incident_actions.open_incident(ctx, IncidentIn(title="Caída", type="outage"))
        incident_actions.declare(ctx, incident.id)
    with app.reading() as session:
        drafts, total = drafting_queries.list_drafts(session, status="in_review")
    assert total > 0
    draft_id = drafts[0].id
    html = declarer.get("/crisis").text
    assert f"Borrador {draft_id}" in html
    assert "Lo escribiste tú: lo aprueba otra persona." in html
    own = post_form(declarer, "/crisis", f"/crisis/drafts/{draft_id}/approve")
    assert own.status_code == 403
    assert "Escribiste este borrador: lo aprueba otra persona." in own.text

    legal, legal_actor = person(app, "legal")
    approved = post_form(legal, "/crisis", f"/crisis/drafts/{draft_id}/approve")
    assert approved.status_code == 303
    assert "Borrador aprobado." in legal.get("/crisis").text
    with app.reading() as session:
        draft = drafting_queries.get_draft(session, draft_id)
        assert draft is not None
        assert [a.actor_label for a in draft.approvals] == [legal_actor.label]
