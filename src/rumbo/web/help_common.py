"""What every help-center page shares: the reader's language, addresses, errors and the layout.

The help center is public: nothing here asks who the visitor is, and every page it draws uses
the public layout (``help/layout.html``), which has no staff navigation.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse

from rumbo.knowledge.actions import slugify
from rumbo.knowledge.links import article_path
from rumbo.web.help_text import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, count, text
from rumbo.web.templating import render


class HelpError(Exception):
    """A help-center failure shown to the reader as a page in their language."""

    def __init__(
        self, status_code: int, language: str, title_key: str, text_key: str, query: str = ""
    ) -> None:
        super().__init__(text_key)
        self.status_code = status_code
        self.language = language
        self.title_key = title_key
        self.text_key = text_key
        self.query = query


def reader_language(value: str | None) -> str:
    """The page language from ``?lang=``: Spanish when absent, a 400 page when not offered."""
    if value is None or value == "":
        return DEFAULT_LANGUAGE
    if value not in LANGUAGES:
        raise HelpError(400, DEFAULT_LANGUAGE, "error_title", "bad_language")
    return value


def home_url(language: str) -> str:
    return "/help" if language == DEFAULT_LANGUAGE else f"/help?lang={language}"


def _with_lang(path: str, language: str) -> str:
    return path if language == DEFAULT_LANGUAGE else f"{path}?lang={language}"


def category_url(category: str, language: str) -> str:
    return _with_lang(f"/help/categories/{slugify(category)}", language)


# The assistant cites the same paths: one function decides them (rumbo.knowledge.links).
article_url = article_path


def search_url(query: str, language: str) -> str:
    return "/help/search?" + urlencode({"q": query, "lang": language})


_MARKUP = re.compile(r"[*_`>#~|]+|!?\[([^\]]*)\]\([^)]*\)")


def excerpt(body_md: str, limit: int = 170) -> str:
    """The first paragraph of an article as plain text, shortened at a word boundary."""
    first = next((p for p in body_md.split("\n\n") if p.strip() and not p.startswith("#")), "")
    plain = " ".join(_MARKUP.sub(lambda m: m.group(1) or "", first).split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def switch_links(urls: dict[str, str], current: str) -> list[dict[str, Any]]:
    """The language switch: each offered language, its address, and whether it is this one."""
    return [
        {"code": code, "name": LANGUAGE_NAMES[code], "url": urls[code], "current": code == current}
        for code in LANGUAGES
    ]


def help_page(
    request: Request,
    template: str,
    language: str,
    *,
    status_code: int = 200,
    switch: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render a help-center page in ``language`` with the public layout's needs filled in."""
    urls = {code: home_url(code) for code in LANGUAGES}
    urls.update(switch or {})
    return render(
        request,
        template,
        status_code=status_code,
        lang=language,
        t=text(language),
        count=lambda key, n: count(language, key, n),
        home=home_url(language),
        switch=switch_links(urls, language),
        category_url=lambda name: category_url(name, language),
        article_url=article_url,
        **context,
    )


def error_page(request: Request, exc: HelpError) -> HTMLResponse:
    """The page for a :class:`HelpError`; a failed search keeps its words in the search box."""
    return help_page(
        request,
        "help/error.html",
        exc.language,
        status_code=exc.status_code,
        title=text(exc.language)[exc.title_key],
        message=text(exc.language)[exc.text_key],
        # A hostile 100 kB query is not worth echoing back in full.
        query=exc.query[:200],
    )
