"""The settings workspace under ``/settings``: an index and one page per section.

Each section lives in its own module; this one gathers their routes behind one router.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.responses import HTMLResponse

from rumbo.web import (
    settings_alerts,
    settings_brand,
    settings_integrations,
    settings_playbooks,
    settings_users,
)
from rumbo.web.deps import CurrentPage
from rumbo.web.settings_common import allowed_sections, forbidden, render

router = APIRouter()


@router.get("/settings")
def settings_index(page: CurrentPage) -> HTMLResponse:
    """Links to the sections the signed-in person may use; none at all is a refusal."""
    if not allowed_sections(page):
        raise forbidden(page)
    return render(page, "", "settings/index.html")


for _module in (
    settings_brand,
    settings_alerts,
    settings_playbooks,
    settings_users,
    settings_integrations,
):
    router.include_router(_module.router)
