"""Article Markdown turned into HTML that is safe to put in a page.

Two layers, so one mistake is not enough for a script to reach a reader: the Markdown parser
treats raw HTML as text and refuses ``javascript:``-style links, and then an allow-list sanitiser
removes any tag, attribute or address scheme that is not plainly needed for an article.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

EXTERNAL_REL = "noopener nofollow"

ALLOWED_TAGS = frozenset(
    {
        "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "img", "li", "ol", "p", "pre", "s", "strong", "table", "tbody", "td", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def is_external(href: str) -> bool:
    """Whether a link leaves this site: an absolute web address or a protocol-relative one."""
    parts = urlsplit(href.strip())
    return bool(parts.netloc) and parts.scheme in {"", "http", "https"}


def _link_open(renderer: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if is_external(href):
        # Readers following a link elsewhere must not hand that site a handle on this page,
        # and articles must not lend their ranking to whatever they link to.
        token.attrSet("rel", EXTERNAL_REL)
    rendered: str = renderer.renderToken(tokens, idx, options, env)
    return rendered


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    parser.add_render_rule("link_open", _link_open)
    return parser


def to_html(markdown: str) -> str:
    """Render article Markdown as sanitised HTML (no scripts, handlers or script addresses)."""
    return sanitize(_parser().render(markdown))


def sanitize(html: str) -> str:
    """Keep only the tags, attributes and address schemes an article needs."""
    cleaned: str = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        # ``rel`` is kept only with the exact value the renderer sets on external links.
        tag_attribute_values={"a": {"rel": {EXTERNAL_REL}}},
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties={"text-align"},
        allowed_classes={"code": {f"language-{name}" for name in _CODE_LANGUAGES}},
        strip_comments=True,
    )
    return cleaned


# Fenced code blocks name their language as a class; only common names survive sanitising.
_CODE_LANGUAGES = (
    "bash", "css", "csv", "html", "javascript", "js", "json", "python", "shell", "sql", "text",
    "xml", "yaml",
)  # fmt: skip
