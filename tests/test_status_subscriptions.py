"""Email subscriptions to the status page, through a real SMTP server (aiosmtpd on loopback).

Double opt-in: nothing reaches an address until its owner follows the emailed link; each
published update reaches each confirmed subscriber once, however often delivery runs.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from rumbo.app import Rumbo
from rumbo.crisis import notify
from rumbo.crisis.models import StatusDelivery, StatusSubscription
from rumbo.settings import Settings
from tests.conftest import mail_settings
from tests.servers import Inbox
from tests.test_status_updates import _declared, _update

BASE_URL = "https://estado.example.com"


@pytest.fixture
def settings(database_url: str, inbox: Inbox) -> Settings:
    return mail_settings(
        database_url, inbox, "Estado Rumbo <estado@example.com>", base_url=BASE_URL
    )


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the form carries a CSRF token"
    return found[1]


def _subscribe(anon, email: str):  # type: ignore[no-untyped-def]
    token = _csrf(anon.get("/status").text)
    return anon.post(
        "/status/subscribe", data={"csrf_token": token, "email": email}, follow_redirects=False
    )


def _link(message, path: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(re.escape(BASE_URL) + re.escape(path) + r"[\w-]+", message.get_content())
    assert found, message.get_content()
    return found[0].removeprefix(BASE_URL)


def _publish(client, incident_id: int, title: str) -> int:  # type: ignore[no-untyped-def]
    from tests.test_incidents import role_client

    update = client.post("/api/v1/status/updates", json=_update(incident_id, title)).json()
    with role_client(client.app.state.rumbo, "legal") as legal:
        assert legal.post(f"/api/v1/status/updates/{update['id']}/approve").status_code == 200
        assert legal.post(f"/api/v1/status/updates/{update['id']}/publish").status_code == 200
    return int(update["id"])


def test_subscribe_confirm_receive_once_and_unsubscribe(app: Rumbo, client, anon, inbox: Inbox):
    answer = _subscribe(anon, "Lector@Example.com")
    assert answer.status_code == 303
    assert "notice=check_mail" in answer.headers["location"]
    [confirmation] = inbox.to("lector@example.com")
    assert "Confirma" in str(confirmation["Subject"])
    # An address that never confirms receives nothing but its confirmation.
    _subscribe(anon, "curioso@example.com")
    incident_id = _declared(client)
    first = _publish(client, incident_id, "Investigamos la caída")
    assert inbox.to("lector@example.com") == [confirmation]
    confirmed = anon.get(_link(confirmation, "/status/confirm/"), follow_redirects=False)
    assert "notice=confirmed" in confirmed.headers["location"]
    second = _publish(client, incident_id, "Causa identificada")
    received = inbox.to("lector@example.com")[1:]
    assert [str(m["Subject"]) for m in received] == ["[Estado] Causa identificada"]
    assert len(inbox.to("curioso@example.com")) == 1
    # Delivery again (a retry, the CLI): nobody is served twice; the older update reaches the
    # subscriber who confirmed after it was published only when asked for explicitly.
    assert notify.deliver_update(app, second) == 0
    assert notify.deliver_update(app, first) == 1
    assert notify.deliver_update(app, first) == 0
    with app.reading() as session:
        assert session.scalar(select(func.count()).select_from(StatusDelivery)) == 2
    unsubscribe_path = _link(received[0], "/status/unsubscribe/")
    form = anon.get(unsubscribe_path)
    assert form.status_code == 200
    with app.reading() as session:  # opening the link alone changes nothing
        assert session.scalar(select(func.count()).select_from(StatusSubscription)) == 2
    done = anon.post(
        unsubscribe_path, data={"csrf_token": _csrf(form.text)}, follow_redirects=False
    )
    assert "notice=unsubscribed" in done.headers["location"]
    _publish(client, incident_id, "Servicio en observación")
    assert len(inbox.to("lector@example.com")) == 3  # confirmation + two updates, no more


def test_bad_addresses_links_and_forged_forms_are_refused(app: Rumbo, anon, inbox: Inbox):
    bad = _subscribe(anon, "no-es-un-correo")
    assert "notice=bad_email" in bad.headers["location"]
    forged = anon.post("/status/subscribe", data={"csrf_token": "x", "email": "a@example.com"})
    assert forged.status_code == 403
    wrong = anon.get("/status/confirm/not-a-token", follow_redirects=False)
    assert "notice=bad_link" in wrong.headers["location"]
    assert inbox.messages == []
    with app.reading() as session:
        assert session.scalar(select(func.count()).select_from(StatusSubscription)) == 0
    page = anon.get("/status?notice=bad_link")
    assert "no es válido" in page.text
    # The form cannot flood a mailbox: a few confirmations an hour per address, then nothing.
    answers = [_subscribe(anon, "victima@example.com").headers["location"] for _ in range(5)]
    assert sum("notice=check_mail" in a for a in answers) == 3
    assert "notice=too_many" in answers[-1]
    assert len(inbox.to("victima@example.com")) == 3
