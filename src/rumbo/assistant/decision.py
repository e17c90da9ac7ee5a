"""Whether the assistant answers, asks one question back, or hands over to a person.

People come first: a customer who asks for a person, is angry, or raises a sensitive matter is
handed over whatever the knowledge base holds. Otherwise the search's calibrated confidence
decides: too low means the knowledge base does not cover the question (hand over); two close,
plausible articles mean one question back; else answer from the best article. The thresholds
were chosen on a held-out half of the evaluation questions (``rumbo eval retrieval``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from rumbo.assistant.signals import Signals
from rumbo.knowledge.search.types import SearchResult

DecisionKind = Literal["answer", "clarify", "escalate"]

ANSWER_MIN = 0.65  # below: the best article is unlikely to be right, a person should answer
OUT_OF_SCOPE_BELOW = 0.3  # below: nothing in the knowledge base is even close
CLARIFY_MIN = 0.65  # the runner-up must be plausible enough to answer on its own...
CLARIFY_RATIO = 0.97  # ...and about as likely as the best one
CLARIFY_ABOVE = 0.9  # a best article this likely is answered without asking
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
    if len(hits) > 1 and top < CLARIFY_ABOVE:
        second = hits[1].confidence
        if second >= CLARIFY_MIN and second >= CLARIFY_RATIO * top:
            return Decision("clarify", top, "ambiguous", [hits[0].article_id, hits[1].article_id])
    return Decision("answer", top, None, [hits[0].article_id])
