"""The generic connectors: files and feeds, registered like any third-party connector.

A connector for a social network implements the same :class:`rumbo.plugins.Connector` protocol:
``fetch(since)`` yields raw events in the documented shape (``id``, ``created_at``, ``text``,
optional ``author``, ``author_followers``, ``url``, ``lang``, ``email``) and the pipeline does
the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from rumbo.plugins import Features, PluginRegistry


class FileConnector:
    """Events from a JSON Lines or CSV file."""

    features = Features(
        key="file",
        title="JSON Lines / CSV file",
        capabilities=frozenset({"fetch"}),
        default_config={"path": ""},
    )

    def __init__(self, path: str = "") -> None:
        self.path = Path(path)

    def fetch(self, since: Any | None = None) -> Iterable[Mapping[str, Any]]:
        from rumbo.listening.sources.files import read_events

        return read_events(self.path)


class FeedConnector:
    """Items of an RSS 2.0 or Atom feed; ``transport`` lets tests use a local server's replies."""

    features = Features(
        key="rss",
        title="RSS / Atom feed",
        capabilities=frozenset({"fetch"}),
        default_config={"url": "", "source": "rss"},
        requires=("httpx",),
    )

    def __init__(self, url: str = "", source: str = "rss", transport: Any = None) -> None:
        self.url = url
        self.source = source
        self.transport = transport

    def fetch(self, since: Any | None = None) -> Iterable[Mapping[str, Any]]:
        from rumbo.listening.sources.rss import fetch_feed, parse_feed

        return list(parse_feed(fetch_feed(self.url, transport=self.transport), self.source))


def register_connectors(registry: PluginRegistry) -> None:
    registry.connectors.register(FileConnector.features, FileConnector)
    registry.connectors.register(FeedConnector.features, FeedConnector)
