"""Knowledge gaps: what customers asked that the knowledge base could not answer, grouped.

A gap is a question the assistant clarified, or handed to a person because it found nothing good
enough (``low_confidence``, ``out_of_scope``). Hand-overs for other reasons — the customer wanted a
person, was angry, raised a sensitive matter — are left out: no article would have prevented them.

Grouping is deliberately simple and deterministic. Each question becomes the set of its content
terms (accents folded, stopwords dropped, stemmed by the search analyzer of its language); questions
are taken oldest first, and one joins the first group whose seed shares most of its terms (Dice
coefficient ≥ 0.5), or starts a new group.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from rumbo.assistant.models import AssistantQuestion
from rumbo.crm.models import Company, Contact
from rumbo.db import utcnow
from rumbo.errors import ValidationFailed
from rumbo.knowledge.search.analysis import LANGUAGES, analyzer, tokens

KNOWLEDGE_REASONS = frozenset({"low_confidence", "out_of_scope"})
SIMILARITY = 0.5
EXAMPLES = 3


class KnowledgeGap(BaseModel):
    """One group of unanswered questions and what is at stake."""

    question: str
    count: int
    customers: int
    revenue_at_stake: Decimal
    languages: list[str]
    examples: list[str]
    first_asked_at: dt.datetime
    last_asked_at: dt.datetime


def is_gap(decision: str, reason: str | None) -> bool:
    """Whether a logged decision shows something missing from the knowledge base."""
    if decision == "clarify":
        return True
    return decision == "escalate" and (reason is None or reason in KNOWLEDGE_REASONS)


def content_terms(question: str, language: str) -> frozenset[str]:
    """The question as a bag of content words (stemmed); raw words when nothing else is left."""
    terms = analyzer(language if language in LANGUAGES else "es").terms(question)
    return frozenset(terms or tokens(question))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 1.0 if a == b else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


@dataclass
class _Group:
    seed: frozenset[str]
    rows: list[AssistantQuestion] = field(default_factory=list)


def _group(rows: list[AssistantQuestion]) -> list[_Group]:
    groups: list[_Group] = []
    for row in rows:
        terms = content_terms(row.question, row.language)
        home = next((g for g in groups if similarity(g.seed, terms) >= SIMILARITY), None)
        if home is None:
            home = _Group(seed=terms)
            groups.append(home)
        home.rows.append(row)
    return groups


def _representative(rows: list[AssistantQuestion]) -> str:
    """The wording asked most often (spacing and case aside); the earliest one on a tie."""
    wordings = Counter(" ".join(r.question.split()).casefold() for r in rows)
    best = max(wordings.values())
    return next(
        " ".join(r.question.split())
        for r in rows
        if wordings[" ".join(r.question.split()).casefold()] == best
    )


def _company_arr(session: Session, contact_ids: set[int]) -> dict[int, tuple[int, Decimal]]:
    """For each contact with a company: (company id, its ARR)."""
    if not contact_ids:
        return {}
    rows = session.execute(
        select(Contact.id, Company.id, Company.arr)
        .join(Company, Contact.company_id == Company.id)
        .where(Contact.id.in_(contact_ids))
    )
    return {contact: (company, arr or Decimal("0")) for contact, company, arr in rows}


def knowledge_gaps(session: Session, *, days: int = 90, limit: int = 20) -> list[KnowledgeGap]:
    """The biggest gaps of the last ``days``: most asked first, then most revenue at stake.

    Revenue at stake is the ARR of the distinct companies of the distinct contacts who asked.
    """
    if days < 1:
        raise ValidationFailed("days must be at least 1.", fields={"days": "must be ≥ 1"})
    if limit < 1:
        raise ValidationFailed("limit must be at least 1.", fields={"limit": "must be ≥ 1"})
    since = utcnow() - dt.timedelta(days=days)
    candidates = session.scalars(
        select(AssistantQuestion)
        .where(AssistantQuestion.asked_at >= since, AssistantQuestion.decision != "answer")
        .order_by(AssistantQuestion.asked_at, AssistantQuestion.id)
    )
    rows = [r for r in candidates if is_gap(r.decision, r.reason)]
    groups = _group(rows)
    companies = _company_arr(session, {r.contact_id for r in rows if r.contact_id is not None})
    gaps = []
    for group in groups:
        contacts = {r.contact_id for r in group.rows if r.contact_id is not None}
        arr_by_company = dict(companies[c] for c in contacts if c in companies)
        question = _representative(group.rows)
        others = dict.fromkeys(
            " ".join(r.question.split())
            for r in group.rows
            if " ".join(r.question.split()).casefold() != question.casefold()
        )
        gaps.append(
            KnowledgeGap(
                question=question,
                count=len(group.rows),
                customers=len(contacts),
                revenue_at_stake=sum(arr_by_company.values(), Decimal("0")),
                languages=sorted({r.language for r in group.rows}),
                examples=list(others)[:EXAMPLES],
                first_asked_at=group.rows[0].asked_at,
                last_asked_at=group.rows[-1].asked_at,
            )
        )
    gaps.sort(key=lambda g: (-g.count, -g.revenue_at_stake, g.question.casefold()))
    return gaps[:limit]
