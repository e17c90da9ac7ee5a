"""RSS 2.0 and Atom feeds as mention events, parsed with the standard library.

Expat (bundled with Python 3.11) refuses entity-expansion bombs, and feeds are fetched from URLs
an admin configured, so the plain ElementTree parser is acceptable here.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
TAGS = re.compile(r"<[^>]+>")
MAX_FEED_BYTES = 5_000_000


class FeedError(ValueError):
    """The document is not an RSS or Atom feed."""


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    raw = "".join(element.itertext())
    return " ".join(html.unescape(TAGS.sub(" ", raw)).split())


def _join(title: str, body: str) -> str:
    if not body or body == title:
        return title
    return f"{title.rstrip('.')}. {body}" if title else body


def parse_feed(document: bytes, source: str) -> Iterator[dict[str, Any]]:
    """One event per item (RSS) or entry (Atom): id, created_at, text, author, url."""
    try:
        root = ET.fromstring(document)  # noqa: S314 - expat refuses entity bombs
    except ET.ParseError as exc:
        raise FeedError(f"not a readable feed: {exc}") from None
    if root.tag == f"{ATOM}feed":
        yield from _atom(root, source)
    elif root.tag == "rss" or root.find("channel") is not None:
        yield from _rss(root, source)
    else:
        raise FeedError(f"not an RSS or Atom feed (root element <{root.tag}>)")


def _rss(root: ET.Element, source: str) -> Iterator[dict[str, Any]]:
    for item in root.iter("item"):
        link = _text(item.find("link"))
        ident = _text(item.find("guid")) or link
        title, body = _text(item.find("title")), _text(item.find("description"))
        yield {
            "id": ident,
            "created_at": _text(item.find("pubDate")) or _text(item.find(f"{DC}date")),
            "text": _join(title, body),
            "author": _text(item.find("author")) or _text(item.find(f"{DC}creator")) or None,
            "url": link or None,
            "source": source,
        }


def _atom(root: ET.Element, source: str) -> Iterator[dict[str, Any]]:
    for entry in root.iter(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        title = _text(entry.find(f"{ATOM}title"))
        body = _text(entry.find(f"{ATOM}summary")) or _text(entry.find(f"{ATOM}content"))
        author = entry.find(f"{ATOM}author")
        yield {
            "id": _text(entry.find(f"{ATOM}id")),
            "created_at": _text(entry.find(f"{ATOM}published"))
            or _text(entry.find(f"{ATOM}updated")),
            "text": _join(title, body),
            "author": _text(author.find(f"{ATOM}name")) if author is not None else None,
            "url": link.get("href") if link is not None else None,
            "source": source,
        }


def fetch_feed(url: str, *, transport: Any = None, timeout: float = 10.0) -> bytes:
    import httpx

    with httpx.Client(transport=transport, timeout=timeout, follow_redirects=True) as client:
        response = client.get(url, headers={"Accept": "application/rss+xml, application/atom+xml"})
        response.raise_for_status()
        if len(response.content) > MAX_FEED_BYTES:
            raise FeedError(f"the feed is larger than {MAX_FEED_BYTES} bytes")
        return response.content
