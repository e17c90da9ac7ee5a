"""The assistant's decision: people first, then what search is sure of."""

from __future__ import annotations

from rumbo.assistant.decision import ANSWER_MIN, Decision, decide
from rumbo.assistant.signals import Signals
from rumbo.knowledge.search import SearchHit, SearchResult


def result(*confidences: float) -> SearchResult:
    hits = [
        SearchHit(
            article_id=i + 1,
            title=f"Artículo {i + 1}",
            slug=f"articulo-{i + 1}",
            language="es",
            category="ayuda",
            score=c,
            confidence=c,
        )
        for i, c in enumerate(confidences)
    ]
    return SearchResult(query="¿dónde está mi pedido?", language="es", hits=hits)


CALM = Signals()


def test_a_confident_match_is_answered_from_the_best_article():
    assert decide("¿dónde está mi pedido?", result(0.93, 0.2), CALM) == Decision(
        "answer", 0.93, None, [1]
    )


def test_a_confident_match_is_answered_even_when_the_runner_up_is_close():
    assert decide("pedido", result(0.95, 0.9), CALM).decision == "answer"


def test_two_close_plausible_articles_get_one_question_back():
    decision = decide("pedido", result(0.8, 0.79, 0.1), CALM)
    assert (decision.decision, decision.reason, decision.article_ids) == (
        "clarify",
        "ambiguous",
        [1, 2],
    )


def test_a_distant_runner_up_does_not_trigger_a_question():
    assert decide("pedido", result(0.8, 0.5), CALM).decision == "answer"


def test_low_confidence_hands_over_to_a_person():
    decision = decide("pedido", result(ANSWER_MIN - 0.01, 0.1), CALM)
    assert (decision.decision, decision.reason) == ("escalate", "low_confidence")
    assert decision.article_ids == [1, 2]  # the person who takes over sees the candidates


def test_nothing_close_is_out_of_scope():
    assert decide("¿venden bicicletas?", result(0.02), CALM).reason == "out_of_scope"
    assert decide("¿venden bicicletas?", result(), CALM) == Decision(
        "escalate", 0.0, "out_of_scope", []
    )


def test_people_signals_escalate_whatever_search_found():
    sure = result(0.99)
    assert decide("quiero hablar con una persona", sure, Signals(wants_person=True)).reason == (
        "wants_person"
    )
    assert decide("¡¡¡pésimo!!!", sure, Signals(angry=True)).reason == "angry"
    leak = decide("me robaron los datos", sure, Signals(sensitive_topic="data_leak"))
    assert (leak.decision, leak.reason) == ("escalate", "sensitive:data_leak")
