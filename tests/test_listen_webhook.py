"""The signed ingestion webhook: HMAC per source, replay window, per-event reasons."""

from __future__ import annotations

import json
import time
from typing import Any

from rumbo.app import Rumbo
from rumbo.listening.sources.webhook import sign

URL = "/api/v1/ingest/mentions"


def post(client: Any, secret: str, body: Any, *, source: str = "social", at: int | None = None):
    raw = json.dumps(body).encode() if not isinstance(body, bytes) else body
    stamp = str(int(time.time()) if at is None else at)
    headers = {
        "X-Rumbo-Source": source,
        "X-Rumbo-Timestamp": stamp,
        "X-Rumbo-Signature": sign(secret, stamp, raw),
        "Content-Type": "application/json",
    }
    return client.post(URL, content=raw, headers=headers)


def event(n: int, **extra: Any) -> dict[str, Any]:
    return {"id": f"p{n}", "created_at": "2026-03-02T10:00:00-06:00", "text": "hola", **extra}


def make_source(client: Any) -> str:
    created = client.post("/api/v1/listening/sources", json={"key": "social", "kind": "webhook"})
    assert created.status_code == 201, created.text
    secret: str = created.json()["secret"]
    assert secret.startswith("whsec_")
    assert "secret" not in client.get("/api/v1/listening/sources").json()[0]
    return secret


def test_a_signed_batch_is_taken_and_resending_it_changes_nothing(app: Rumbo, client, anon):
    secret = make_source(client)
    batch = {"events": [event(1), event(2, author="@ana", author_followers=120), event(3)]}
    first = post(anon, secret, batch)
    assert first.status_code == 200, first.text
    assert first.json()["accepted"] == 3
    again = post(anon, secret, batch)
    assert (again.json()["accepted"], again.json()["duplicates"]) == (0, 3)

    mentions = client.get("/api/v1/mentions", params={"source": "social"}).json()
    assert mentions["total"] == 3
    ana = next(m for m in mentions["items"] if m["external_id"] == "p2")
    assert (ana["author"], ana["author_audience"]) == ("ana", 120)
    assert ana["created_at"].startswith("2026-03-02T16:00:00")  # stored in UTC

    # A partly bad batch: the good events are taken, each bad one has its reason.
    body = [event(5), {"id": "p6", "text": "sin fecha"}, event(7, author_followers=-5), event(8)]
    answer = post(anon, secret, body)
    assert answer.status_code == 200
    report = answer.json()
    assert report["accepted"] == 2
    assert [(r["index"], r["id"], r["field"]) for r in report["rejected"]] == [
        (1, "p6", "created_at"),
        (2, "p7", "author_followers"),
    ]
    nothing = post(anon, secret, [{"id": "p9"}])
    assert nothing.status_code == 422
    assert nothing.json()["error"]["fields"] == {
        "events.0.text": "is required and must not be empty"
    }


def test_bad_signatures_stale_times_unknown_sources_and_bad_bodies_are_refused(
    app: Rumbo, client, anon
):
    secret = make_source(client)
    body = [event(1)]
    wrong = post(anon, "whsec_not-the-secret", body)
    assert wrong.status_code == 401
    assert "signature" in wrong.json()["error"]["message"]
    stale = post(anon, secret, body, at=int(time.time()) - 3600)
    assert stale.status_code == 401
    assert "X-Rumbo-Timestamp" in stale.json()["error"]["message"]
    unknown = post(anon, secret, body, source="otra")
    assert unknown.status_code == 401
    unsigned = anon.post(URL, json=body, headers={"X-Rumbo-Source": "social"})
    assert unsigned.status_code == 401
    # A body altered after signing fails too.
    stamp = str(int(time.time()))
    raw = json.dumps(body).encode()
    tampered = anon.post(
        URL,
        content=raw.replace(b"hola", b"adios"),
        headers={
            "X-Rumbo-Source": "social",
            "X-Rumbo-Timestamp": stamp,
            "X-Rumbo-Signature": sign(secret, stamp, raw),
        },
    )
    assert tampered.status_code == 401
    assert client.get("/api/v1/mentions").json()["total"] == 0

    not_json = post(anon, secret, b"{not json")
    assert not_json.status_code == 422
    assert not_json.json()["error"]["fields"] == {"body": "invalid JSON"}
    empty = post(anon, secret, [])
    assert empty.status_code == 422
    assert "no events" in empty.json()["error"]["message"]
    scalar = post(anon, secret, 42)
    assert scalar.status_code == 422
    # Nesting deep enough to exhaust the decoder's stack is malformed JSON like any other.
    deep = post(anon, secret, b"[" * 100_000 + b"]" * 100_000)
    assert deep.status_code == 422
    assert "nested too deeply" in deep.json()["error"]["message"]
    latin = post(anon, secret, '[{"id": "1", "text": "envío"}]'.encode("latin-1"))
    assert latin.status_code == 422

    # A rotated secret replaces the old one at once.
    old = secret
    new = client.post("/api/v1/listening/sources/social/rotate-secret").json()["secret"]
    assert new != old
    assert post(anon, old, [event(1)]).status_code == 401
    assert post(anon, new, [event(1)]).status_code == 200


def test_only_admins_manage_sources_and_viewers_read_mentions(app: Rumbo, client):
    from tests.conftest import client_for

    with client_for(app, "agent") as agent:
        refused = agent.post("/api/v1/listening/sources", json={"key": "x", "kind": "webhook"})
        assert refused.status_code == 403
    with client_for(app, "viewer") as viewer:
        assert viewer.get("/api/v1/mentions").status_code == 200
        assert viewer.get("/api/v1/listening/sources").status_code == 403
