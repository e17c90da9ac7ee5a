"""Staged plans: legal and compliance first where the risk is legal; a leak's duties per market."""

from __future__ import annotations

import pytest

from rumbo.drafting.critic import CriticContext, critique_plan
from rumbo.drafting.plans import make_plan, render_plan
from rumbo.drafting.studio import make_draft
from rumbo.drafting.understanding import understand
from rumbo.drafting.vocabulary import OWNER_ROLES, SITUATIONS

PLAN_REQUESTS = {
    "outage": "Plan de respuesta para la caída del servidor",
    "unhappy_customer": "Plan para atender a un cliente molesto por un cobro doble",
    "data_leak": "Plan de respuesta para una fuga de datos",
    "political": "Plan para la polémica política de las elecciones",
    "competitor": "Plan para responder a un competidor que difama nuestro servicio",
    "key_account": "Plan para retener a una cuenta clave que quiere cancelar el contrato",
    "surge": "Plan para el pico de pedidos del Buen Fin",
    "general": "Plan para anunciar el nuevo horario de atención",
}


@pytest.mark.parametrize("situation", SITUATIONS)
@pytest.mark.parametrize("language", ["es", "en"])
def test_every_situation_has_a_staged_plan_with_owners_and_due_times(situation, language):
    understood = understand(PLAN_REQUESTS[situation])
    assert understood.situation == situation
    if language == "en":
        understood = understood.__class__(**{**understood.__dict__, "language": "en"})
    plan = make_plan(understood)
    assert len(plan) >= 3
    for stage in plan:
        assert stage["name"]
        assert stage["time_frame"]
        assert stage["tasks"]
        for task in stage["tasks"]:
            assert task["title"]
            assert task["due"]
            assert task["owner_roles"]
            assert set(task["owner_roles"]) <= set(OWNER_ROLES)
    first_roles = {r for task in plan[0]["tasks"] for r in task["owner_roles"]}
    risky = situation in {"data_leak", "competitor", "political", "key_account"}
    if risky:
        assert {"legal", "compliance"} <= first_roles
    findings = critique_plan(
        plan, CriticContext(language=language, kind="plan", situation=situation)
    )
    assert [f for f in findings if f.severity != "info"] == []


def test_a_leak_plan_names_each_markets_authority_and_deadline():
    understood = understand("Plan de respuesta para una fuga de datos en Colombia y Perú")
    plan = make_plan(understood, markets=understood.facts["markets"])
    text = render_plan(plan, "es")
    assert "SIC" in text
    assert "15 días hábiles" in text
    assert "ANPD" in text
    assert "48 horas" in text
    assert "AEPD" not in text  # only the markets affected
    assert "phishing" in text
    assert text.count("según la normativa") >= 4


def test_a_leak_plan_without_markets_lists_every_known_rule_for_legal_to_confirm():
    plan = make_plan(understand("Data breach response plan"))
    titles = " ".join(t["title"] for stage in plan for t in stage["tasks"])
    for authority in ("AEPD", "LFPDPPP", "SIC", "AAIP", "21.719", "ANPD"):
        assert authority in titles
    assert "72 hours" in " ".join(t["due"] for t in plan[1]["tasks"])


def test_plan_and_statement_drafts_carry_both_and_the_critic_reads_both():
    result = make_draft("Comunicado y plan por etapas por una fuga de datos en México")
    assert result.understood.output == "plan_and_statement"
    assert result.plan
    assert result.text
    assert result.subject
    assert "phishing" in render_plan(result.plan, "es")
    assert [f for f in result.critique if f.severity != "info"] == []


def test_a_plan_without_legal_in_its_first_stage_is_flagged_by_the_critic():
    plan = make_plan(understand("Plan de respuesta para una fuga de datos"))
    others = [t for t in plan[0]["tasks"] if not {"legal", "compliance"} & set(t["owner_roles"])]
    stripped = [{**plan[0], "tasks": others}, *plan[1:]]
    assert not any("legal" in t["owner_roles"] for t in stripped[0]["tasks"])
    findings = critique_plan(stripped, CriticContext(kind="plan", situation="data_leak"))
    assert "missing_legal_review" in {f.code for f in findings}


def test_a_spanish_plan_names_the_roles_in_spanish_and_keeps_the_keys_in_json():
    plan = make_plan(understand("Plan para retener una cuenta clave"))
    assert plan[0]["tasks"][0]["owner_roles"] == ["legal", "compliance"]
    assert "legal, cumplimiento" in render_plan(plan, "es")
    english = make_plan(understand("Key account retention plan"))
    assert english[0]["name"] == "Diagnosis"
    assert "legal, compliance" in render_plan(english, "en")
