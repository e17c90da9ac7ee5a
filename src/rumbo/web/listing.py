"""Lists with filters and pages: reading the query string and building page links."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from starlette.requests import Request

from rumbo.web.deps import PageError
from rumbo.web.i18n import N_, gettext
from rumbo.web.labels import message

PER_PAGE = 25


def choice(request: Request, name: str, allowed: Iterable[str], title: str) -> str | None:
    """A filter value from the query string: empty means no filter, unknown is a 400 page.

    ``title`` names the field in the error, marked with ``N_`` and translated here.
    """
    value = request.query_params.get(name, "").strip()
    if not value:
        return None
    if value not in set(allowed):
        raise PageError(
            400,
            message("bad_filter_title"),
            message("bad_filter", value=value, field=gettext(title)),
        )
    return value


def text(request: Request, name: str, max_length: int = 200) -> str | None:
    value = request.query_params.get(name, "").strip()[:max_length]
    return value or None


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1").strip()
    if not raw.isdigit() or int(raw) < 1:
        raise PageError(
            400,
            message("bad_filter_title"),
            message("bad_filter", value=raw, field=gettext(N_("página"))),
        )
    return int(raw)


@dataclass
class Pager:
    """Which slice of a list is shown, and the links to the others (filters kept)."""

    path: str
    page: int
    total: int
    filters: Mapping[str, str | None] = field(default_factory=dict)
    per_page: int = PER_PAGE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_shown(self) -> int:
        return min(self.total, self.offset + 1)

    @property
    def last_shown(self) -> int:
        return min(self.total, self.offset + self.per_page)

    def url(self, page: int | None = None, **changes: str | None) -> str:
        """This list's address for ``page`` with some filters changed (None removes one)."""
        params = {**self.filters, **changes}
        query = {k: v for k, v in params.items() if v}
        if page and page > 1:
            query["page"] = str(page)
        return self.path + ("?" + urlencode(query) if query else "")
