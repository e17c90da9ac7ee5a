"""The crisis room in a real Chromium: from an alert to a published status update."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from rumbo.accounts import queries as account_queries
from rumbo.context import Actor
from rumbo.crisis import status_actions
from rumbo.crisis.schemas import StatusUpdateIn
from rumbo.db import utcnow
from rumbo.demo.staff import ADMIN_EMAIL, DEMO_DOMAIN, DEMO_PASSWORD
from rumbo.listening.models import Alert
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in

chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story
COMMUNICATIONS = f"mariana.quintero@{DEMO_DOMAIN}"
SYSTEM = Actor.system("tests")


def _raise_alert(server: LiveServer, title: str) -> int:
    """What listening records when card readers start failing: an open alert that explains it."""
    now = utcnow()
    with server.app.unit_of_work(SYSTEM) as ctx:
        alert = Alert(
            dedupe_key=f"burst:{title}",
            kind="burst",
            severity="high",
            title=title,
            terms=["lector de tarjetas", "no cobra"],
            explanation={"summary": f"{title} — «lector de tarjetas» 9 vs 0.5 esperadas"},
            affected_contacts=4,
            affected_companies=2,
            affected_arr=Decimal("8400"),
            fired_at=now - dt.timedelta(minutes=20),
            last_seen_at=now,
        )
        ctx.session.add(alert)
        ctx.session.flush()
        return alert.id


def _written_by_communications(server: LiveServer, incident_id: int, title: str) -> None:
    with server.app.reading() as session:
        user = account_queries.get_user_by_email(session, COMMUNICATIONS)
        assert user is not None
        actor = Actor(label=user.email, role=user.role, user_id=user.id)
    with server.app.unit_of_work(actor) as ctx:
        body = "Algunos lectores de tarjetas no cobran. Próxima actualización en 30 minutos."
        status_actions.draft_update(
            ctx, StatusUpdateIn(incident_id=incident_id, title=title, body=body)
        )


def _end_incident_mode(server: LiveServer, incident_id: int) -> None:
    """Publish the resolution, so the assistant of the other stories shows no notice."""
    with server.app.unit_of_work(SYSTEM) as ctx:
        data = StatusUpdateIn(
            incident_id=incident_id, title="Cobros restablecidos", body="Todo funciona.",
            phase="resolved",
        )  # fmt: skip
        update = status_actions.draft_update(ctx, data)
        status_actions.approve_update(ctx, update.id)
        status_actions.publish_update(ctx, update.id)


def test_an_alert_becomes_a_declared_incident_with_a_published_update(
    page: Any, live_server: LiveServer
):
    title = "Pico de menciones: lector de tarjetas"
    _raise_alert(live_server, title)
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto("/crisis")
    assert page.get_by_role("heading", level=1).inner_text() == "Sala de crisis"
    assert page.locator("svg.chart__svg").count() == 1

    # The counters follow the server while the page stays open.
    counter = page.locator('[data-pulse="open_alerts"]')
    before = int(counter.inner_text())
    _raise_alert(live_server, "Término nuevo: devolución")
    page.wait_for_function(
        "n => document.querySelector('[data-pulse=\"open_alerts\"]').textContent.trim() == n",
        arg=str(before + 1),
    )

    alert = page.locator("article", has=page.get_by_role("heading", name=title))
    assert "8,400.00" in alert.inner_text()
    assert alert.get_by_label("Tipo de incidente").input_value() == "outage"
    alert.get_by_role("button", name="Abrir incidente").click()
    page.wait_for_url(re.compile(r"/crisis/incidents/\d+$"))
    incident_id = int(page.url.rsplit("/", 1)[1])
    assert page.get_by_role("status").inner_text() == "Incidente abierto a partir de la alerta."
    assert "Detectado" in page.locator(".ticket-meta").inner_text()

    page.get_by_role("button", name="Declarar").click()
    page.wait_for_url(f"**/crisis/incidents/{incident_id}")
    assert "Incidente declarado" in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Marcar como hecha").count() > 0

    update = "Fallan algunos cobros con tarjeta"
    _written_by_communications(live_server, incident_id, update)
    try:
        page.reload()
        updates = page.locator("#actualizaciones")
        assert f"Escrita por {COMMUNICATIONS}" in updates.inner_text()
        updates.get_by_role("button", name="Aprobar actualización").click()
        page.wait_for_url(f"**/crisis/incidents/{incident_id}")
        assert page.get_by_role("status").inner_text() == "Actualización aprobada."
        page.get_by_role("button", name="Publicar en la página de estado").click()
        page.wait_for_url(f"**/crisis/incidents/{incident_id}")
        assert "publicada" in page.get_by_role("status").inner_text()

        page.goto("/status")
        assert update in page.locator("main").inner_text()
    finally:
        _end_incident_mode(live_server, incident_id)
