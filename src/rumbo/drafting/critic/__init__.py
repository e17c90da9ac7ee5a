"""The critic: computed findings on any draft or plan, and mechanical revision.

Every finding is explainable from the text: a stable ``code``, a severity, the span it is about,
a message in the reader's language and, where one exists, a suggested fix.
"""

from rumbo.drafting.critic.engine import critique
from rumbo.drafting.critic.plans import critique_plan
from rumbo.drafting.critic.revision import revise
from rumbo.drafting.critic.types import CODES, CriticContext, Finding, Severity, worst

__all__ = [
    "CODES",
    "CriticContext",
    "Finding",
    "Severity",
    "critique",
    "critique_plan",
    "revise",
    "worst",
]
