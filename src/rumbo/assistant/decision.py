"""Whether the assistant answers, asks one question back, or hands over to a person.

People come first: a customer who asks for a person, is angry, or raises a sensitive matter is
handed over whatever the knowledge base holds. Otherwise the search's calibrated confidence
decides: too low means the knowledge base does not cover the question (hand over); two
plausible articles that search ranks about equally mean one question back; else answer from the
best article. The thresholds
were chosen on one half of the evaluation questions, the other half measuring
(``bench/fit_fusion.py``, ``rumbo eval retrieval``): ``ANSWER_MIN`` hands over three in four
questions the knowledge base does not cover.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rumbo.assistant.signals import Signals
from rumbo.knowledge.search.types import SearchResult

DecisionKind = Literal["answer", "clarify", "escalate"]

ANSWER_MIN = 0.83  # below: the best article is unlikely to be right, a person should answer
OUT_OF_SCOPE_BELOW = 0.3  # below: nothing in the knowledge base is even close
# Search's fused scores are log-odds between candidates: a runner-up this close is at least 90%
# as likely as the best (e^-0.1). On the evaluation questions, such pairs had the right article
# first and second about equally often (0.5% of questions): a coin flip worth one question.
CLARIFY_GAP = 0.1
SUGGESTIONS = 3


@dataclass(frozen=True)
class Decision:
    decision: DecisionKind
    confidence: float
    reason: str | None = None
    article_ids: list[int] = field(default_factory=list)


def decide(question: str, result: SearchResult, signals: Signals) -> Decision:
    """The assistant's move for ``question`` given what search found and what the text says.

    ``article_ids`` are the articles to cite (answer), to offer (clarify: the two candidates) or
    to hand to the person who takes over (escalate), best first.
    """
    hits = result.hits
    top = hits[0].confidence if hits else 0.0
    suggested = [h.article_id for h in hits[:SUGGESTIONS]]
    if signals.wants_person:
        return Decision("escalate", top, "wants_person", suggested)
    if signals.angry:
        return Decision("escalate", top, "angry", suggested)
    if signals.sensitive_topic:
        return Decision("escalate", top, f"sensitive:{signals.sensitive_topic}", suggested)
    if not hits or top < OUT_OF_SCOPE_BELOW:
        return Decision("escalate", top, "out_of_scope", suggested)
    if top < ANSWER_MIN:
        return Decision("escalate", top, "low_confidence", suggested)
    close = len(hits) > 1 and hits[0].score - hits[1].score <= CLARIFY_GAP
    if close and hits[1].confidence >= ANSWER_MIN:
        return Decision("clarify", top, "ambiguous", [hits[0].article_id, hits[1].article_id])
    return Decision("answer", top, None, [hits[0].article_id])
