"""The public page cache: one rendering of a help-center page serves every anonymous reader of
the same address for a few seconds, and never a page that depends on who is reading.

The first half drives the real application as readers would; the second drives the middleware
with small ASGI applications that answer the way a page might (a cookie, ``Vary: Cookie``, a
streamed body, a content change mid-rendering).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from rumbo.app import Rumbo
from rumbo.knowledge import actions
from rumbo.knowledge.schemas import ArticlePatch
from rumbo.web.public_cache import HEADER, PublicPageCache, PublicPages
from tests.conftest import SYSTEM

SEARCH = "/help/search?q=env%C3%ADo&lang=es"
CACHE = HEADER.decode()


@pytest.fixture
def app(sqlite_app: Rumbo) -> Rumbo:
    # The cache lives in the server's memory whatever the store: SQLite alone covers it.
    return sqlite_app


class Clock:
    """The cache's clock, moved by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reader(app: Rumbo, shipping: int, clock: Clock):  # type: ignore[no-untyped-def]
    """A reader without cookies; the cache's clock is the test's."""
    asgi = app.asgi()
    asgi.state.public_pages.clock = clock
    with TestClient(asgi) as client:
        yield client


def test_a_search_is_rendered_once_and_shared_by_readers_without_a_session(
    reader: TestClient,
) -> None:
    first = reader.get(SEARCH)
    reader.cookies.clear()  # the next reader has never been here either
    second = reader.get(SEARCH)
    assert first.status_code == second.status_code == 200
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "hit")
    assert second.text == first.text
    assert "Plazos de envío de pedidos" in second.text
    # The language choice the address makes is remembered for this reader as for the first.
    assert second.headers["set-cookie"] == first.headers["set-cookie"]
    assert second.headers["set-cookie"].startswith("rumbo_lang=es;")


def test_help_pages_without_a_form_set_no_session_cookie(reader: TestClient) -> None:
    home = reader.get("/help")
    assert home.status_code == 200
    assert "set-cookie" not in home.headers
    assert "rumbo_session" not in reader.cookies


def test_an_article_page_with_its_vote_form_is_never_shared(reader: TestClient) -> None:
    first = reader.get("/help/articles/plazos-de-envio")
    reader.cookies.clear()
    second = reader.get("/help/articles/plazos-de-envio")
    assert (first.headers[CACHE], second.headers[CACHE]) == ("miss", "pass")
    tokens = [re.findall(r'name="csrf_token" value="([^"]+)"', r.text) for r in (first, second)]
    assert len(tokens[0]) == len(tokens[1]) == 1
    assert tokens[0] != tokens[1]  # each reader their own


def test_a_reader_with_a_session_gets_the_shared_page_and_keeps_the_session(
    reader: TestClient,
) -> None:
    reader.get("/help/articles/plazos-de-envio")  # the vote form starts a session
    session = reader.cookies["rumbo_session"]
    reader.get("/help")
    page = reader.get("/help")
    assert page.headers[CACHE] == "hit"
    assert reader.cookies["rumbo_session"] == session


def test_a_remembered_language_has_its_own_page(reader: TestClient) -> None:
    assert reader.get("/help").headers[CACHE] == "miss"
    reader.cookies.set("rumbo_lang", "en")
    # The layers below read the remembered choice, so it is part of the page's identity.
    assert reader.get("/help").headers[CACHE] == "miss"
    assert reader.get("/help").headers[CACHE] == "hit"


def test_an_article_change_reaches_the_next_reader_at_once(
    app: Rumbo, reader: TestClient, shipping: int
) -> None:
    assert reader.get(SEARCH).headers[CACHE] == "miss"
    with app.unit_of_work(SYSTEM) as ctx:
        actions.update_article(ctx, shipping, ArticlePatch(title="Tiempos de envío"))
    page = reader.get(SEARCH)
    assert page.headers[CACHE] == "miss"
    assert "Tiempos de envío" in page.text
    assert "Plazos de envío de pedidos" not in page.text


def test_a_page_is_shared_for_public_cache_seconds_only(
    app: Rumbo, reader: TestClient, clock: Clock
) -> None:
    assert app.settings.public_cache_seconds == 10
    reader.get("/help")
    clock.now += 9.9
    assert reader.get("/help").headers[CACHE] == "hit"
    clock.now += 0.2
    assert reader.get("/help").headers[CACHE] == "miss"


def test_error_pages_and_signed_in_requests_are_not_shared(
    app: Rumbo, reader: TestClient, admin_token: str
) -> None:
    for _ in range(2):
        empty = reader.get("/help/search?q=")
        assert empty.status_code == 400
        assert empty.headers[CACHE] in {"miss", "pass"}
    assert empty.headers[CACHE] == "pass"  # rendered for each reader, never stored
    signed = {"Authorization": f"Bearer {admin_token}"}
    for _ in range(2):
        assert CACHE not in reader.get("/help", headers=signed).headers
    assert CACHE not in reader.get("/status").headers  # not under /help


def test_zero_seconds_turns_the_cache_off(app: Rumbo, shipping: int) -> None:
    settings = app.settings.model_copy(update={"public_cache_seconds": 0})
    uncached = Rumbo(settings)
    try:
        with TestClient(uncached.asgi()) as client:
            pages = [client.get("/help") for _ in range(2)]
        assert all(page.status_code == 200 for page in pages)
        assert all(CACHE not in page.headers for page in pages)
    finally:
        uncached.dispose()


# -- the middleware on its own ---------------------------------------------------------------


def _page(*headers: tuple[bytes, bytes], chunks: tuple[bytes, ...] = (b"<p>hola</p>",)) -> Any:
    """An ASGI app answering 200 with ``headers`` and the body in ``chunks``; it counts calls."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        app.calls += 1  # type: ignore[attr-defined]
        await send({"type": "http.response.start", "status": 200, "headers": list(headers)})
        for i, chunk in enumerate(chunks):
            more = i < len(chunks) - 1
            await send({"type": "http.response.body", "body": chunk, "more_body": more})

    app.calls = 0  # type: ignore[attr-defined]
    return app


def _twice(inner: Any, pages: PublicPages | None = None) -> list[str]:
    pages = pages if pages is not None else PublicPages(10)
    client = TestClient(PublicPageCache(inner, pages=pages))  # no lifespan: a bare page
    return [client.get("/help/x").headers[CACHE] for _ in range(2)]


def test_a_streamed_page_is_stored_whole() -> None:
    inner = _page(chunks=(b"<p>", b"hola", b"</p>"))
    pages = PublicPages(10)
    client = TestClient(PublicPageCache(inner, pages=pages))
    bodies = [client.get("/help/x").text for _ in range(3)]
    assert bodies == ["<p>hola</p>"] * 3
    assert inner.calls == 1


@pytest.mark.parametrize(
    "header",
    [
        (b"set-cookie", b"rumbo_session=abc; path=/"),
        (b"vary", b"Accept-Encoding, Cookie"),
    ],
    ids=["sets-a-session", "read-the-session"],
)
def test_a_page_that_depends_on_its_reader_is_not_stored(header: tuple[bytes, bytes]) -> None:
    inner = _page(header)
    assert _twice(inner) == ["miss", "pass"]
    assert inner.calls == 2


def test_a_page_rendered_while_content_changed_is_not_stored() -> None:
    pages = PublicPages(10)

    async def inner(scope: Scope, receive: Receive, send: Send) -> None:
        if inner.calls == 0:  # type: ignore[attr-defined]
            pages.on_event("article.updated", {"id": 1})
        inner.calls += 1  # type: ignore[attr-defined]
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"nuevo"})

    inner.calls = 0  # type: ignore[attr-defined]
    assert _twice(inner, pages) == ["miss", "miss"]
    assert _twice(inner, pages) == ["hit", "hit"]


def test_a_vote_does_not_empty_the_cache_and_the_oldest_page_goes_first() -> None:
    pages = PublicPages(10, max_entries=2)
    inner = _page()
    client = TestClient(PublicPageCache(inner, pages=pages))
    for path in ("/help/a", "/help/b", "/help/a", "/help/c"):
        client.get(path)
    pages.on_event("article.feedback", {"id": 1})
    seen = {p: client.get(p).headers[CACHE] for p in ("/help/a", "/help/c", "/help/b")}
    assert seen == {"/help/a": "hit", "/help/c": "hit", "/help/b": "miss"}
    assert len(pages) == 2


def _request(path: str = "/help/x") -> Scope:
    return {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}


async def _get(cache: PublicPageCache) -> str:
    """One request straight through the middleware; the cache header it answered with."""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(message)

    await cache(_request(), receive, send)
    return dict(sent[0]["headers"])[HEADER].decode()


def test_a_crowd_on_a_page_waits_for_one_rendering() -> None:
    import anyio

    release = anyio.Event()

    async def slow(scope: Scope, receive: Receive, send: Send) -> None:
        slow.calls += 1  # type: ignore[attr-defined]
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"lista"})

    slow.calls = 0  # type: ignore[attr-defined]
    clock = Clock()
    cache = PublicPageCache(slow, pages=PublicPages(10, clock=clock))
    seen: list[str] = []

    async def crowd() -> None:
        async def one() -> None:
            seen.append(await _get(cache))

        async with anyio.create_task_group() as group:
            for _ in range(20):
                group.start_soon(one)
            await anyio.sleep(0.05)
            release.set()

    anyio.run(crowd)
    assert slow.calls == 1
    assert sorted(seen) == ["hit"] * 19 + ["miss"]

    # Expired: one reader renders it again, the crowd meanwhile gets the page just expired.
    clock.now += 10
    release = anyio.Event()
    seen.clear()
    anyio.run(crowd)
    assert slow.calls == 2
    assert sorted(seen) == ["miss"] + ["stale"] * 19
