"""The assistant's decision: people first, then what search is sure of."""

from __future__ import annotations

from rumbo.assistant.decision import ANSWER_MIN, Decision, decide
from rumbo.assistant.signals import Signals
from rumbo.knowledge.search import SearchHit, SearchResult


def result(*confidences: float, scores: tuple[float, ...] = ()) -> SearchResult:
    """Hits with these confidences; their fused scores (log-odds between candidates) are
    ``scores`` when given, else far apart."""
    scores = scores or tuple(10.0 - 5 * i for i in range(len(confidences)))
    hits = [
        SearchHit(
            article_id=i + 1,
            title=f"Artículo {i + 1}",
            slug=f"articulo-{i + 1}",
            language="es",
            category="ayuda",
            score=s,
            confidence=c,
        )
        for i, (c, s) in enumerate(zip(confidences, scores, strict=True))
    ]
    return SearchResult(query="¿dónde está mi pedido?", language="es", hits=hits)


CALM = Signals()


def test_a_confident_match_is_answered_from_the_best_article():
    assert decide("¿dónde está mi pedido?", result(0.93, 0.2), CALM) == Decision(
        "answer", 0.93, None, [1]
    )


def test_a_runner_up_search_ranks_clearly_lower_is_not_asked_about():
    """Both articles look answerable, but search prefers the first by e^0.5: it is answered."""
    assert decide("pedido", result(0.95, 0.9, scores=(7.0, 6.5)), CALM).decision == "answer"


def test_two_plausible_articles_ranked_about_equally_get_one_question_back():
    decision = decide("pedido", result(0.9, 0.89, 0.1, scores=(7.0, 6.95, 1.0)), CALM)
    assert (decision.decision, decision.reason, decision.article_ids) == (
        "clarify",
        "ambiguous",
        [1, 2],
    )


def test_an_implausible_runner_up_does_not_trigger_a_question_however_close():
    decision = decide("pedido", result(0.9, ANSWER_MIN - 0.01, scores=(7.0, 6.99)), CALM)
    assert decision.decision == "answer"


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
