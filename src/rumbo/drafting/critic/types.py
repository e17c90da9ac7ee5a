"""What the critic reads (:class:`CriticContext`) and what it says (:class:`Finding`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from rumbo.drafting.voice import BrandVoice

Severity = Literal["info", "warning", "error"]
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}

CODES = (
    "too_long",
    "repetition",
    "unnatural_greeting",
    "sensitive_detail",
    "hashtags",
    "unfilled_placeholder",
    "missing_apology",
    "missing_contact",
    "negative_terms",
    "banned_term",
    "register_mismatch",
    "overpromise",
    "missing_legal_review",
    "unsupported_claim",
    "generic",
)

# Beyond the codes every critic must report: the voice's emoji policy.
EXTRA_CODES = ("emoji",)

# Situations in which the reader was harmed or let down: a reply without an apology reads cold.
APOLOGY_SITUATIONS = frozenset({"outage", "unhappy_customer", "data_leak"})


@dataclass(frozen=True)
class Finding:
    """One thing the critic noticed, with where (``start``/``end`` in the text) and a fix.

    For plans, ``start``/``end`` are the index of the stage (``end`` = ``start + 1``), or
    ``0``/``0`` when the finding is about the plan as a whole.
    """

    code: str
    severity: Severity
    message: str
    start: int
    end: int
    suggestion: str | None = None
    # The exact text the finding is about, so revision never has to guess from offsets alone.
    excerpt: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "start": self.start,
            "end": self.end,
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class CriticContext:
    """Everything the critic may compare a text against; every field is optional."""

    language: str = "es"
    kind: str = "message"
    channel: str | None = None
    register: str | None = None
    market: str | None = None
    voice: BrandVoice | None = None
    situation: str | None = None
    apology_due: bool | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)
    crm: Mapping[str, Any] | None = None

    @property
    def wants_apology(self) -> bool:
        if self.apology_due is not None:
            return self.apology_due
        return self.situation in APOLOGY_SITUATIONS

    def expected_register(self) -> str | None:
        """tú/usted/vos asked for, else the voice's for the market and channel, else none."""
        if self.register:
            return self.register
        if self.voice is not None and (self.market or "default" in self.voice.register):
            return self.voice.register_for(self.market, self.channel)
        return None

    def max_length(self) -> int:
        if self.voice is not None:
            return self.voice.max_length_for(self.channel)
        from rumbo.drafting.voice import DEFAULT_MAX_LENGTH

        return DEFAULT_MAX_LENGTH.get(self.channel or "default", DEFAULT_MAX_LENGTH["default"])

    def with_changes(self, **changes: Any) -> CriticContext:
        return replace(self, **changes)


def worst(findings: list[Finding]) -> Severity | None:
    """The most severe level among ``findings`` (``None`` when there are none)."""
    if not findings:
        return None
    return max((f.severity for f in findings), key=lambda s: SEVERITY_RANK[s])
