"""Surge triage: near-identical requests become one group, ordered by who needs help first, and
one approved reply answers the whole group — never twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rumbo.cli.main import cli
from rumbo.triage.files import group_file
from rumbo.triage.grouping import NEW_GROUP, group_texts
from tests.conftest import client_for

OUTAGE = [
    "No puedo entrar al sistema, la caja no abre",
    "el sistema está caído, no puedo cobrar en la caja",
    "¿Se cayó el sistema? La caja no carga desde hace una hora",
    "no me deja entrar al sistema de caja, está caído",
    "CAJA CAÍDA, no puedo cobrar a los clientes",
    "la caja no abre, el sistema no responde",
]
INVOICE = [
    "Necesito la factura de mi compra de marzo",
    "¿Me pueden enviar la factura del pedido?",
    "no recibí la factura de mi pedido",
    "quiero la factura electrónica de mi compra",
    "Por favor envíenme la factura de la compra",
]
PASSWORD = [
    "Olvidé mi contraseña y no puedo cambiarla",
    "¿Cómo cambio la contraseña de mi usuario?",
    "el enlace para restablecer la contraseña no llega",
    "quiero cambiar mi contraseña",
]


def _grouped_together(labels, members) -> bool:
    return len({int(labels[i]) for i in members}) == 1


def test_requests_asking_the_same_thing_share_a_group_and_others_do_not():
    texts = OUTAGE + INVOICE + PASSWORD
    grouping = group_texts(texts)
    outage = range(len(OUTAGE))
    invoice = range(len(OUTAGE), len(OUTAGE) + len(INVOICE))
    password = range(len(OUTAGE) + len(INVOICE), len(texts))
    labels = grouping.labels
    assert _grouped_together(labels, outage)
    assert _grouped_together(labels, invoice)
    assert _grouped_together(labels, password)
    assert len({int(labels[0]), int(labels[invoice[0]]), int(labels[password[0]])}) == 3
    # The label says what the group asks, in the customers' own (folded) words.
    biggest = grouping.groups[0]
    assert len(biggest.members) == len(OUTAGE)
    assert {"caja", "sistema"} & set(biggest.terms)


def test_accents_and_case_never_split_a_group():
    texts = ["ENVÍO retrasado", "envio retrasado", "envío retrasado", "Envio Retrasado"]
    grouping = group_texts([*texts, "factura duplicada", "factura duplicada otra vez"])
    assert _grouped_together(grouping.labels, range(4))


def test_a_new_request_is_assigned_online_to_its_group_or_to_none():
    grouping = group_texts(OUTAGE + INVOICE + PASSWORD)
    outage_group = int(grouping.labels[0])
    group_id, similarity = grouping.assign("la caja está caída y no puedo cobrar")
    assert group_id == outage_group
    assert similarity > 0.5
    assert grouping.assign("zzz qqq")[0] == NEW_GROUP  # no known word: a new group


def test_every_id_of_a_file_lands_in_exactly_one_group():
    lines = [json.dumps({"id": f"r{i}", "text": t}) for i, t in enumerate(OUTAGE + INVOICE)]
    lines += [json.dumps({"id": 99, "text": ""}), ""]
    result = group_file(lines)
    members = [m for g in result["groups"] for m in g["members"]]
    assert sorted(map(str, members)) == sorted([f"r{i}" for i in range(11)] + ["99"])
    assert 99 in members  # a numeric id comes back as a number


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "Line 2 is not JSON"),
        ('{"id": "a", "text": 3}', "Line 2: 'text' must be a string"),
        ('{"text": "sin id"}', "Line 2: 'id' must be"),
        ('{"id": "x", "text": "otra vez"}', "Line 2: id 'x' appears twice"),
    ],
)
def test_the_group_command_names_the_bad_line(tmp_path: Path, line: str, message: str):
    path = tmp_path / "requests.jsonl"
    path.write_text('{"id": "x", "text": "hola"}\n' + line + "\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["surge", "group", str(path), "--json"])
    assert run.exit_code == 2
    assert message in " ".join(run.output.split())


def test_the_group_command_prints_the_contract_shape(tmp_path: Path):
    path = tmp_path / "requests.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in enumerate(OUTAGE + PASSWORD)),
        encoding="utf-8",
    )
    run = CliRunner().invoke(cli, ["surge", "group", str(path), "--json"])
    assert run.exit_code == 0, run.output
    result = json.loads(run.stdout)
    assert set(result) == {"groups"}
    assert {"id", "label", "members"} <= set(result["groups"][0])
    assert sorted(m for g in result["groups"] for m in g["members"]) == list(range(10))


def _open(client, email: str, name: str, text: str, arr: float = 0) -> int:
    company = client.post("/api/v1/companies", json={"name": f"Empresa de {name}", "arr": arr})
    assert company.status_code == 201, company.text
    contact = client.post(
        "/api/v1/contacts",
        json={"name": name, "emails": [email], "company_id": company.json()["id"]},
    )
    assert contact.status_code == 201, contact.text
    ticket = client.post(
        "/api/v1/tickets",
        json={
            "subject": text[:40],
            "contact_email": email,
            "channel": "email",
            "messages": [{"body": text}],
        },
    )
    assert ticket.status_code == 201, ticket.text
    return int(ticket.json()["id"])


@pytest.fixture
def surge(client):
    ids = [
        _open(client, f"c{i}@example.com", f"Cliente{i} Apellido", t, arr=1000 * (i + 1))
        for i, t in enumerate(OUTAGE)
    ]
    ids += [
        _open(client, f"f{i}@example.com", f"Factura{i} Apellido", t) for i, t in enumerate(INVOICE)
    ]
    return ids


def test_regrouping_the_queue_stores_surges_most_valuable_first(client, surge):
    response = client.post("/api/v1/surges/regroup", json={"hours": 24, "min_size": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["tickets_seen"] == len(surge)
    groups = body["groups"]
    assert [g["size"] for g in groups] == [6, 5]
    detail = client.get(f"/api/v1/surges/{groups[0]['id']}").json()
    ranked = [m["ticket_id"] for m in detail["members"]]
    # The outage tickets came from accounts of rising ARR: the largest account is served first.
    assert ranked[0] == surge[5]
    assert sorted(ranked) == sorted(surge[:6])
    # Regrouping again supersedes the unlinked groups instead of stacking duplicates.
    client.post("/api/v1/surges/regroup", json={})
    assert len(client.get("/api/v1/surges").json()) == 2


def test_a_bulk_reply_answers_each_ticket_personally_and_never_twice(client, surge):
    group = client.post("/api/v1/surges/regroup", json={}).json()["groups"][0]
    body = {"body": "Ya restablecimos el sistema de caja. Gracias por tu paciencia, {first_name}."}
    first = client.post(f"/api/v1/surges/{group['id']}/reply", json=body)
    assert first.status_code == 200, first.text
    assert first.json()["sent"] == 6
    again = client.post(f"/api/v1/surges/{group['id']}/reply", json=body)
    assert again.json() == {**again.json(), "sent": 0, "already_sent": 6}
    ticket = client.get(f"/api/v1/tickets/{surge[0]}").json()
    agent = [m for m in ticket["messages"] if m["author_kind"] == "agent"]
    assert len(agent) == 1
    assert agent[0]["body"].startswith("Hola Cliente0,")
    assert agent[0]["body"].endswith("paciencia, Cliente0.")
    assert ticket["status"] == "pending"
    audit = client.get("/api/v1/audit", params={"action": "surge.bulk_replied"}).json()
    assert audit["items"] if isinstance(audit, dict) else audit


def test_bulk_reply_refuses_unknown_fields_and_roles_without_send_rights(app, client, surge):
    group = client.post("/api/v1/surges/regroup", json={}).json()["groups"][0]
    bad = client.post(f"/api/v1/surges/{group['id']}/reply", json={"body": "Hola {apellido}"})
    assert bad.status_code == 422
    assert "apellido" in bad.text
    with client_for(app, "agent") as agent:
        refused = agent.post(f"/api/v1/surges/{group['id']}/reply", json={"body": "Listo."})
        assert refused.status_code == 403
    assert client.get(f"/api/v1/tickets/{surge[0]}").json()["status"] == "new"


def test_a_group_links_to_an_incident_and_survives_regrouping(client, surge):
    group = client.post("/api/v1/surges/regroup", json={}).json()["groups"][0]
    unknown = client.post(f"/api/v1/surges/{group['id']}/link", json={"incident_id": 999})
    assert unknown.status_code == 404
    incident = client.post(
        "/api/v1/incidents", json={"title": "Oleada de cobros dobles", "type": "surge"}
    ).json()
    linked = client.post(f"/api/v1/surges/{group['id']}/link", json={"incident_id": incident["id"]})
    assert linked.json()["incident_id"] == incident["id"]
    # The incident's room lists the group's tickets.
    members = client.get(f"/api/v1/surges/{group['id']}").json()["members"]
    room = client.get(f"/api/v1/incidents/{incident['id']}").json()
    assert set(room["ticket_ids"]) == {m["ticket_id"] for m in members}
    after = client.post("/api/v1/surges/regroup", json={}).json()
    # The linked group keeps its tickets; only the rest is regrouped.
    assert after["tickets_seen"] == len(surge) - group["size"]
    assert client.get(f"/api/v1/surges/{group['id']}").json()["status"] == "open"
    assert client.post("/api/v1/surges/999/link", json={"incident_id": 1}).status_code == 404
