"""Knowledge gaps: unanswered questions grouped by meaning, ranked by how often and how much ARR.

The questions are asked through the assistant itself, against a knowledge base that has nothing
on these topics, so each one is really handed over for lack of an article.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from rumbo.app import Rumbo
from rumbo.assistant import actions as assistant_actions
from rumbo.assistant.gaps import content_terms, is_gap, knowledge_gaps, similarity
from rumbo.assistant.models import AssistantQuestion
from rumbo.assistant.schemas import AskIn
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn, ContactIn
from rumbo.db import utcnow
from rumbo.errors import ValidationFailed
from tests.conftest import SYSTEM, client_for, make_user

PASSWORD = "contraseña-segura"


def customers(app: Rumbo) -> dict[str, int]:
    """Ana and Luis work at Acme (ARR 12,000); Carla at Beta (ARR 30,000)."""
    with app.unit_of_work(SYSTEM) as ctx:
        acme = crm_actions.create_company(ctx, CompanyIn(name="Acme", arr=Decimal("12000")))
        beta = crm_actions.create_company(ctx, CompanyIn(name="Beta", arr=Decimal("30000")))
        ids = {}
        for name, company in (("ana", acme), ("luis", acme), ("carla", beta)):
            contact = crm_actions.create_contact(
                ctx,
                ContactIn(name=name.title(), company_id=company.id, emails=[f"{name}@x.com"]),
            )
            ids[name] = contact.id
        return ids


def ask(app: Rumbo, question: str, contact_id: int | None = None) -> str:
    with app.unit_of_work(SYSTEM) as ctx:
        result = assistant_actions.ask(
            ctx, AskIn(question=question, language="es", contact_id=contact_id)
        )
        return result.decision


@pytest.fixture
def asked(app: Rumbo) -> Rumbo:
    who = customers(app)
    for question, contact in [
        ("¿Cómo exporto mis facturas a Excel?", "ana"),
        ("¿Aceptan pagos con criptomonedas?", "ana"),
        ("exportar facturas a excel", "luis"),
        ("¿Tienen app para Android?", "carla"),
        ("Necesito exportar las facturas en Excel", "carla"),
        ("pagos con criptomonedas", None),
        ("app android", "luis"),
        ("Quiero hablar con una persona", "ana"),
    ]:
        assert ask(app, question, who[contact] if contact else None) == "escalate"
    return app


def test_unanswered_questions_are_grouped_and_ranked(asked: Rumbo):
    with asked.reading() as session:
        gaps = knowledge_gaps(session)

    # Three topics; asking for a person is not a gap in the knowledge base.
    assert [(g.count, g.customers, g.revenue_at_stake) for g in gaps] == [
        (3, 3, Decimal("42000")),  # Excel export: Acme counted once, plus Beta
        (2, 2, Decimal("42000")),  # Android app: Beta and Acme
        (2, 1, Decimal("12000")),  # crypto payments: Ana, and someone unknown
    ]
    excel, android, crypto = gaps
    assert excel.question == "¿Cómo exporto mis facturas a Excel?"  # all differ: the first
    assert set(excel.examples) == {
        "exportar facturas a excel",
        "Necesito exportar las facturas en Excel",
    }
    assert android.question == "¿Tienen app para Android?"
    assert crypto.question == "¿Aceptan pagos con criptomonedas?"
    assert all(g.languages == ["es"] for g in gaps)
    assert all("persona" not in g.question for g in gaps)
    assert excel.first_asked_at <= excel.last_asked_at


def test_the_period_and_the_limit(asked: Rumbo):
    # The Excel questions were asked four months ago.
    long_ago = utcnow() - dt.timedelta(days=120)
    with asked.sessionmaker.begin() as session:
        session.execute(
            update(AssistantQuestion)
            .where(AssistantQuestion.question.ilike("%excel%"))
            .values(asked_at=long_ago)
        )
    with asked.reading() as session:
        recent = knowledge_gaps(session, days=90)
        year = knowledge_gaps(session, days=365, limit=1)
        with pytest.raises(ValidationFailed) as refused:
            knowledge_gaps(session, days=0)
    assert [g.question for g in recent] == [
        "¿Tienen app para Android?",
        "¿Aceptan pagos con criptomonedas?",
    ]
    assert [g.question for g in year] == ["¿Cómo exporto mis facturas a Excel?"]
    assert "days" in refused.value.fields


def test_the_most_frequent_wording_represents_its_group(app: Rumbo):
    for question in ("exportar facturas a excel", "¿Cómo exporto facturas a Excel?"):
        ask(app, question)
    ask(app, "Exportar  facturas a Excel")
    with app.reading() as session:
        [gap] = knowledge_gaps(session)
    assert gap.question == "exportar facturas a excel"
    assert gap.count == 3
    assert gap.customers == 0
    assert gap.revenue_at_stake == 0


def test_grouping_rules():
    same = similarity(
        content_terms("¿Cómo cambio mi contraseña?", "es"),
        content_terms("No puedo cambiar la contraseña de mi cuenta", "es"),
    )
    different = similarity(
        content_terms("¿Cómo cambio mi contraseña?", "es"),
        content_terms("¿Cuánto tarda el envío?", "es"),
    )
    assert same >= 0.5 > different
    assert content_terms("ENVÍO envio", "es") == content_terms("envío", "es")
    assert is_gap("clarify", "ambiguous")
    assert is_gap("escalate", "low_confidence")
    assert is_gap("escalate", "out_of_scope")
    assert not is_gap("escalate", "wants_person")
    assert not is_gap("escalate", "angry")
    assert not is_gap("answer", None)


def test_the_api_lists_gaps_for_readers(asked: Rumbo):
    with client_for(asked, "viewer") as viewer:
        response = viewer.get("/api/v1/assistant/gaps", params={"limit": 2})
        assert response.status_code == 200
        body = response.json()
        assert [g["count"] for g in body] == [3, 2]
        assert Decimal(body[0]["revenue_at_stake"]) == Decimal("42000")
        assert body[0]["question"] == "¿Cómo exporto mis facturas a Excel?"
        bad = viewer.get("/api/v1/assistant/gaps", params={"days": 0})
        assert bad.status_code == 422
    with TestClient(asked.asgi()) as anonymous:
        assert anonymous.get("/api/v1/assistant/gaps").status_code == 401


def test_the_staff_page_shows_the_table(asked: Rumbo):
    make_user(asked, "agente@example.com", "agent", PASSWORD)
    with TestClient(asked.asgi()) as browser:
        login = browser.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', login)
        assert token
        form = {"email": "agente@example.com", "password": PASSWORD, "csrf_token": token[1]}
        browser.post("/login", data=form, follow_redirects=False)
        page = browser.get("/insights/knowledge-gaps")
        assert page.status_code == 200
        rows = re.findall(
            r"<tr>\s*<td class=\"cell-subject\">\s*<strong>([^<]+)</strong>", page.text
        )
        assert rows == [
            "¿Cómo exporto mis facturas a Excel?",
            "¿Tienen app para Android?",
            "¿Aceptan pagos con criptomonedas?",
        ]
        assert "42,000.00" in page.text
        assert 'href="/insights" aria-current="page"' in page.text  # in the nav
        assert browser.get("/insights/knowledge-gaps?days=7").status_code == 400
