"""Runs every check over one text and orders the findings."""

from __future__ import annotations

from rumbo.drafting.critic import checks, exposure
from rumbo.drafting.critic.claims import generic, unsupported_claims
from rumbo.drafting.critic.repetition import repetition
from rumbo.drafting.critic.textspan import fold_same_length
from rumbo.drafting.critic.types import CriticContext, Finding

TEXT_CHECKS: tuple[checks.Check, ...] = (
    checks.too_long,
    checks.unnatural_greeting,
    exposure.sensitive_detail,
    exposure.hashtags,
    checks.placeholders,
    checks.missing_apology,
    checks.missing_contact,
    checks.terms,
    checks.overpromise,
    checks.register_mismatch,
    exposure.emoji,
    repetition,
    generic,
)
# Spans other findings already explain: a number inside them is not reported again as a claim.
_COVERING = {"sensitive_detail", "overpromise", "unfilled_placeholder", "hashtags"}


def critique(text: str, ctx: CriticContext) -> list[Finding]:
    """Every finding on ``text``, ordered by position (whole-text findings first)."""
    if not text.strip():
        return []
    folded = fold_same_length(text)
    found: list[Finding] = []
    for check in TEXT_CHECKS:
        found += check(text, folded, ctx)
    covered = [(f.start, f.end) for f in found if f.code in _COVERING]
    found += unsupported_claims(text, folded, ctx, covered)
    return sorted(found, key=lambda f: (f.start, f.end, f.code))
