"""A short-lived shared cache for the public help center: one rendering serves every anonymous
reader asking for the same address for a few seconds.

During a crisis thousands of customers type the same few words into the help center at once;
rendering each results page anew (search, database, template) costs milliseconds of the one
core the server has, and the queue behind them grows into seconds. What a content delivery
network does in front of a hosted help center, this does inside the server (and the headers
still say ``no-store``, so no proxy keeps a page longer than Rumbo does).

What is shared, and why it is safe:
- only ``GET`` requests under :data:`PREFIXES`, pages that do not depend on who asks, and
  never a request with an ``Authorization`` header;
- only ``200`` responses that did not read the session (Starlette's session marks a response
  that did with ``Vary: Cookie``) and set no cookie but the language choice. A page with a form
  prints its CSRF token, which reads the session, so it is never stored
  (``rumbo.web.csrf.PageToken``); neither is an article page that shows a reader's own vote;
- the key is what the layers below read of a request: the address with its query, the host,
  the scheme, ``Accept-Language`` and the remembered language cookie. A reader's session
  cookie is not in it: a stored page never looked at one. (Serving from here skips the
  session cookie's renewal on that response; the session still lasts its full age from the
  last page that used it.)

A page lives at most ``public_cache_seconds`` (a setting; 0 turns the cache off). A change to
what the pages show (articles, synonyms, notices, incidents, the status page) empties this
process's cache at once; other server processes see it when their copy expires. A page
rendered while such a change happened is not stored.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rumbo.web.i18n import COOKIE as LANGUAGE_COOKIE
from rumbo.web.i18n import remembered_language

PREFIXES = ("/help",)
# Events after which a public page may read differently. Feedback votes are not among them:
# the pages do not show the counts, and a stream of votes must not empty the cache.
CONTENT_EVENTS = (
    "article.created",
    "article.updated",
    "article.restored",
    "article.batch_upserted",
    "synonym.",
    "notice.",
    "incident.",
    "status_component.",
    "status_update.",
)
MAX_ENTRIES = 2_000
MAX_BODY_BYTES = 512 * 1024
HEADER = b"x-rumbo-cache"
_SHARED_COOKIE = f"{LANGUAGE_COOKIE}=".encode()


@dataclass(frozen=True)
class _Page:
    """A stored ``200`` page, or (``shared`` false) a note that this address's last rendering
    could not be shared, so its readers render their own without waiting for one another."""

    stored_at: float
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    body: bytes = b""
    shared: bool = True


class PublicPages:
    """The shared pages, least recently used first; one per server process."""

    def __init__(
        self,
        seconds: float,
        *,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seconds = seconds
        self.max_entries = max_entries
        self.clock = clock
        self._pages: OrderedDict[tuple[Any, ...], _Page] = OrderedDict()
        self.generation = 0
        # Content events arrive on the worker threads that committed them, while the event
        # loop reads and stores pages: each change of the order is made under this lock.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    def get(self, key: tuple[Any, ...], *, stale: bool = False) -> _Page | None:
        """The page stored for ``key`` while fresh; with ``stale``, also for as long again
        after (what readers get while one of them renders the page anew)."""
        page = self._pages.get(key)
        if page is None or self.clock() - page.stored_at >= (2 if stale else 1) * self.seconds:
            return None
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
        return page

    def put(self, key: tuple[Any, ...], page: _Page, generation: int) -> None:
        """Store ``page`` unless the content changed since its rendering began."""
        with self._lock:
            if generation != self.generation:
                return
            self._pages[key] = page
            self._pages.move_to_end(key)
            while len(self._pages) > self.max_entries:
                self._pages.popitem(last=False)

    def clear(self) -> None:
        """Forget every page; a rendering under way when this happens is not stored."""
        with self._lock:
            self._pages.clear()
            self.generation += 1

    def on_event(self, name: str, _payload: dict[str, Any]) -> None:
        """Event-bus subscriber: content changed, so the pages may have."""
        if name.startswith(CONTENT_EVENTS):
            self.clear()


class PublicPageCache:
    """ASGI middleware; the outermost layer, so a page served from it skips every other.

    When a page expires, one request renders it again while the others are served the page
    just expired; when there is no page yet, they wait for that one rendering instead of all
    rendering it at once (a crowd arriving on an expired page would otherwise queue dozens of
    identical renderings, and every reader behind them would wait for all of them).
    """

    def __init__(self, app: ASGIApp, *, pages: PublicPages) -> None:
        self.app = app
        self.pages = pages
        self._rendering: dict[tuple[Any, ...], asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        key = self._key(scope) if self.pages.seconds > 0 else None
        if key is None:
            await self.app(scope, receive, send)
            return
        page = self.pages.get(key)
        underway = self._rendering.get(key)
        if page is None and underway is not None:
            stale = self.pages.get(key, stale=True)
            if stale is not None and stale.shared:
                await _replay(stale, send, b"stale")
                return
            await underway.wait()
            page = self.pages.get(key)
            if page is None:  # that rendering was cut short or outdated: our own
                await self._pass(scope, receive, send)
                return
        if page is None:
            done = self._rendering[key] = asyncio.Event()
            try:
                await self._render(key, scope, receive, send)
            finally:
                del self._rendering[key]
                done.set()
        elif page.shared:
            await _replay(page, send, b"hit")
        else:
            await self._pass(scope, receive, send)

    async def _pass(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (HEADER, b"pass")]}
            await send(message)

        await self.app(scope, receive, marked)

    async def _render(
        self, key: tuple[Any, ...], scope: Scope, receive: Receive, send: Send
    ) -> None:
        generation = self.pages.generation
        started = self.pages.clock()
        start: dict[str, Any] = {}
        parts: list[bytes] = []
        size = 0
        complete = False

        async def capture(message: Message) -> None:
            nonlocal size, complete
            if message["type"] == "http.response.start":
                start.update(status=message["status"], headers=list(message.get("headers", [])))
                message = {**message, "headers": [*start["headers"], (HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and size <= MAX_BODY_BYTES:
                body = message.get("body", b"")
                parts.append(body)
                size += len(body)
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, capture)
        if not complete:
            return  # cut short: the next reader renders it
        headers = start["headers"]
        shareable = (
            size <= MAX_BODY_BYTES
            and start["status"] == 200
            and all(_shared(name, value) for name, value in headers)
            and not any(_varies_by_cookie(name, value) for name, value in headers)
        )
        if shareable:
            self.pages.put(key, _Page(started, headers, b"".join(parts)), generation)
        else:
            self.pages.put(key, _Page(started, shared=False), generation)

    @staticmethod
    def _key(scope: Scope) -> tuple[Any, ...] | None:
        """The page's identity, or None when the request may not share a page."""
        if scope["type"] != "http" or scope["method"] != "GET":
            return None
        path: str = scope["path"]
        if not any(path == p or path.startswith(p + "/") for p in PREFIXES):
            return None
        host = language = cookie = b""
        for name, value in scope["headers"]:
            if name == b"authorization":
                return None
            if name == b"host":
                host = value
            elif name == b"accept-language":
                language = value
            elif name == b"cookie":
                cookie = value
        remembered = remembered_language(cookie.decode("latin-1")) if cookie else None
        query = scope.get("query_string", b"")
        return (scope.get("scheme"), host, path, query, language, remembered)


def _shared(name: bytes, value: bytes) -> bool:
    """Whether a response header may be sent to every reader: anything but a cookie other than
    the language choice."""
    return name.lower() != b"set-cookie" or value.startswith(_SHARED_COOKIE)


def _varies_by_cookie(name: bytes, value: bytes) -> bool:
    return name.lower() == b"vary" and b"cookie" in value.lower()


async def _replay(page: _Page, send: Send, how: bytes) -> None:
    start = {"type": "http.response.start", "status": 200}
    await send({**start, "headers": [*page.headers, (HEADER, how)]})
    await send({"type": "http.response.body", "body": page.body})
