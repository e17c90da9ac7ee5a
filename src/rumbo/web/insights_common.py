"""What the insights screens share: the period in the query string, its links, the time zone."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from rumbo.web.deps import Page
from rumbo.web.i18n import N_
from rumbo.web.listing import choice
from rumbo.web.templating import templates_of


@dataclass(frozen=True)
class PeriodLink:
    days: int
    url: str
    current: bool


def period_days(page: Page, periods: tuple[str, ...], default: str) -> int:
    """``?days=`` among ``periods``; anything else is a 400 page naming the field."""
    return int(choice(page.request, "days", periods, N_("periodo")) or default)


def url(path: str, **params: str | int | None) -> str:
    """``path`` with the given query parameters (those set to None left out)."""
    query = {k: str(v) for k, v in params.items() if v is not None}
    return path + ("?" + urlencode(query) if query else "")


def period_links(
    path: str, periods: tuple[str, ...], days: int, **params: str | int | None
) -> list[PeriodLink]:
    return [PeriodLink(int(p), url(path, days=p, **params), int(p) == days) for p in periods]


def days_up_to(days: int, now: dt.datetime) -> dt.datetime:
    """The start of the last ``days`` whole UTC days, today included (so a week is seven rows)."""
    today = now.astimezone(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return today - dt.timedelta(days=days - 1)


def zone_of(page: Page) -> dt.tzinfo:
    """The configured time zone, in which charts name their days."""
    return templates_of(page.request).zone


def amount(value: float) -> str:
    """Money without cents for charts and summaries (``1,049,712``)."""
    return f"{value:,.0f}"
