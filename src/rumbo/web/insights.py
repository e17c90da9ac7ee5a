"""Insights for the team: what the knowledge base is missing, and what it costs."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import HTMLResponse

from rumbo.assistant.gaps import knowledge_gaps
from rumbo.web.deps import CurrentPage
from rumbo.web.i18n import N_
from rumbo.web.listing import choice

router = APIRouter()

PERIODS = ("30", "90", "365")


@router.get("/insights/knowledge-gaps")
def gaps_page(page: CurrentPage) -> HTMLResponse:
    """Groups of questions the assistant could not answer, most asked first."""
    page.require("knowledge.read")
    days = int(choice(page.request, "days", PERIODS, N_("periodo")) or "90")
    gaps = knowledge_gaps(page.session, days=days, limit=50)
    return page.render("insights/knowledge_gaps.html", gaps=gaps, days=days, periods=PERIODS)
