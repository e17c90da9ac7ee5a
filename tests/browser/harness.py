"""A real Rumbo served over HTTP and a real Chromium driving it, for the browser stories.

The server runs uvicorn in a thread on a free loopback port, over a migrated SQLite file with a
small demo company, started once per test process (the full demo takes seconds longer and the
stories need only a few tickets, customers and every article). Chromium is Debian's package,
driven by Playwright without any browser download; where it is missing the stories are skipped
with the reason printed in the summary.

A failing story leaves a screenshot of the page it was on, and the report prints its path.
"""

from __future__ import annotations

import re
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rumbo import storage
from rumbo.app import Rumbo
from rumbo.context import Actor
from rumbo.db import make_engine
from rumbo.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(tempfile.gettempdir()) / "rumbo-artifacts"
DEMO_SCALE = 0.1  # ~300 tickets, 60 customers, every article: enough for the stories, ~2 s
TIMEOUT_MS = 15_000  # generous: CI machines can be busy

# Every story shares one server per worker: `--dist loadgroup` keeps them together.
browser_story = pytest.mark.xdist_group("browser")


@dataclass(frozen=True)
class LiveServer:
    url: str
    app: Rumbo


def _free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


_servers: dict[str, LiveServer] = {}


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> LiveServer:
    """Rumbo with the small demo company, listening on 127.0.0.1 until the session ends.

    Each story module imports this fixture, which makes one fixture per module as far as pytest
    is concerned; the server behind them is started once per process all the same.
    """
    if "server" not in _servers:
        _servers["server"] = _start(request.config)
    return _servers["server"]


def _start(config: pytest.Config) -> LiveServer:
    import uvicorn

    from rumbo.demo.loader import load_demo

    sock = _free_socket()
    port = sock.getsockname()[1]
    folder = Path(tempfile.mkdtemp(prefix="rumbo-browser-"))
    url = f"sqlite:///{folder / 'rumbo.db'}"
    engine = make_engine(url)
    storage.upgrade(engine)
    engine.dispose()
    settings = Settings(
        database_url=url,
        secret_key="browser-tests-secret-key-0123456789",
        base_url=f"http://127.0.0.1:{port}",
    )
    app = Rumbo(settings)
    load_demo(app, scale=DEMO_SCALE)
    _lexical_search_only(app)
    server = uvicorn.Server(
        uvicorn.Config(app.asgi(), log_level="warning", lifespan="off", access_log=False)
    )
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
        app.dispose()
        shutil.rmtree(folder, ignore_errors=True)

    config.add_cleanup(stop)
    return LiveServer(f"http://127.0.0.1:{port}", app)


def _lexical_search_only(app: Rumbo) -> None:
    """Stop embedding the demo's passages in the background, and drop the vectors already made.

    The filler would keep both cores busy for the whole session and change search results while
    the stories run; without vectors, search is the deterministic lexical half.
    """
    from sqlalchemy import update

    from rumbo.knowledge.indexing import stop_filler
    from rumbo.knowledge.models import ArticleChunk
    from rumbo.knowledge.search.store import forget

    stop_filler(app)
    with app.unit_of_work(Actor.system("tests")) as ctx:
        ctx.session.execute(update(ArticleChunk).values(embedding=None, embedding_model=None))
    forget(app)


class ScreenshotOnFailure:
    """A pytest plugin: when a story fails, photograph its page and say where the file is."""

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: Any) -> Iterator[None]:
        outcome = yield
        report = outcome.get_result()
        page = getattr(item, "funcargs", {}).get("page")
        if report.when != "call" or not report.failed or page is None:
            return
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
        path = ARTIFACTS / f"{name}.png"
        try:
            page.screenshot(path=str(path), full_page=True)
        except Exception as exc:  # the page may be gone with the failure
            report.sections.append(("browser screenshot", f"could not be taken: {exc}"))
            return
        report.sections.append(("browser screenshot", f"saved to {path} (url {page.url})"))


@pytest.fixture(scope="module")
def chromium(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Debian's Chromium under Playwright, headless, with no network but loopback.

    Scoped to a module so Playwright's event loop never outlives the stories that need it.
    """
    if not CHROMIUM.exists():
        pytest.skip(
            f"Browser tests skipped: Chromium is not installed at {CHROMIUM} "
            "(`make test` installs it with apt-get when run as root)."
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Browser tests skipped: Playwright is missing (pip install -e '.[test]').")
    manager = request.config.pluginmanager
    if not manager.has_plugin("rumbo-screenshots"):
        manager.register(ScreenshotOnFailure(), "rumbo-screenshots")
    with sync_playwright() as playwright:
        # launch() gives every run a fresh temporary user-data directory.
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser context (no cookies) on a Spanish-speaking desktop."""
    context = chromium.new_context(
        base_url=live_server.url, locale="es-ES", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


def sign_in(page: Any, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Correo").fill(email)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
