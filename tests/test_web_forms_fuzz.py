"""Hostile input through every form and link of the pages: a clear answer, never a server
error, and nothing people typed shown as markup.

The test signs in as an administrator on the demo company, visits every page the routes name
(staff and public; path parameters filled with stored ids and values), reads each page's forms
and links as a browser would, and sends each form with every field set to one hostile value at
a time: markup, SQL, a NUL byte, a lone surrogate (invalid UTF-8), a huge value, numbers out of
range, Spanish text with every accent and emoji, nothing at all. Each link's query parameters
get the same. Forms and links are found from the pages, so a new one is covered when it ships.
PostgreSQL gets the values whose handling depends on the store (NUL, invalid UTF-8, size,
range); SQLite gets them all.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from rumbo.app import Rumbo
from rumbo.crm.models import ContactEmail
from rumbo.demo.loader import load_demo
from rumbo.tickets.models import Ticket
from tests.conftest import mail_settings, make_user, page_routes
from tests.servers import Inbox

PASSWORD = "contraseña-segura"
ANCHOR = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
MARKUP = '<script>alert("rumbo")</script>'
HOSTILE = [
    MARKUP,
    "'; DROP TABLE tickets; --",
    "x\x00y",
    "\ud800",
    "ñ" * 100_000,
    "-99999999999999999999",
    "1e309",
    "ÁÉÍÓÚ áéíóú Ññ Üü ¿¡ 😀🇲🇽",
    "",
]
# What one store may take and the other refuse (PostgreSQL has no NUL in text and narrower
# numbers); the rest behaves the same on both, so PostgreSQL is sent only these.
STORE_SENSITIVE = ["x\x00y", "\ud800", "ñ" * 100_000, "-99999999999999999999", "1e309"]
# Signing out is the point of that form, not input to refuse; an event stream never ends.
SKIPPED_ACTIONS = ("/logout",)
STREAMS = ("/crisis/events",)


class _Forms(HTMLParser):
    """The forms of a page: (method, action, {field: default}, {file fields})."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, dict[str, str], set[str]]] = []
        self.links: set[tuple[str, str]] = set()  # (path, query parameter) of its own links
        self._current: tuple[str, str, dict[str, str], set[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and "?" in values.get("href", ""):
            path, _, query = values["href"].partition("?")
            if not path or path.startswith("/"):
                self.links.update((path, name) for name in parse_qs(query, True))
        if tag == "form":
            method = values.get("method", "get").lower()
            self._current = (method, values.get("action", ""), {}, set())
            return
        if self._current is None or "name" not in values:
            return
        name = values["name"]
        if tag == "input" and values.get("type") == "file":
            self._current[3].add(name)
        elif tag in {"input", "textarea", "select", "button"}:
            self._current[2].setdefault(name, values.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._current is not None:
            self.forms.append(self._current)
            self._current = None


def _values(app: Rumbo) -> dict[str, str]:
    """A stored value for each path parameter the pages may use: ``{table}`` → its first id,
    and each column name → its first value (``{incident_type}``, say)."""
    from rumbo.db import Base

    found: dict[str, str] = {}
    with app.reading() as session:
        for mapper in Base.registry.mappers:
            table = mapper.local_table
            order = table.c.id if "id" in table.c else next(iter(table.primary_key.columns))
            for column in table.c:
                if column.name == "id":
                    key = str(table.name)
                elif column.name not in found and not column.name.endswith("_id"):
                    key = column.name
                else:
                    continue
                first = session.scalar(
                    select(column).where(column.is_not(None)).order_by(order).limit(1)
                )
                if first is not None and key not in found:
                    found[key] = str(first)
    return found


def _fill(path: str, values: dict[str, str]) -> str | None:
    """The path with each ``{thing_id}`` replaced by a stored thing's id and each other
    ``{name}`` by a stored value of that name (None when there is none)."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if not name.endswith("_id"):
            return values[name]
        base = name.removesuffix("_id")
        for table in (f"{base}s", f"{base}es", f"alert_{base}s", f"{base[:-1]}ies"):
            if table in values:
                return values[table]
        raise KeyError(name)

    try:
        return re.sub(r"\{(\w+?)(?::\w+)?\}", one, path)
    except KeyError:
        return None


def _signed_in(app: Rumbo) -> TestClient:
    browser = TestClient(app.asgi(), raise_server_exceptions=False)
    page = browser.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    form = {"email": "admin@example.com", "password": PASSWORD, "csrf_token": token[1]}
    assert browser.post("/login", data=form, follow_redirects=False).status_code == 303
    return browser


def _submit(
    browser: TestClient,
    action: str,
    defaults: dict[str, str],
    files: set[str],
    name: str,
    value: str,
) -> Any:
    """Post the form with ``name`` set to ``value``, encoded as a browser would (a lone
    surrogate goes as the bytes it would be: invalid UTF-8)."""
    raw = value.encode("utf-8", "surrogatepass")
    if not files:
        body = urlencode(
            {**defaults, name: value}, encoding="utf-8", errors="surrogatepass"
        ).encode("ascii")
        headers = {"content-type": "application/x-www-form-urlencoded"}
        return browser.post(action, content=body, headers=headers, follow_redirects=False)
    if name not in files and raw != value.encode("utf-8", "replace"):
        return None  # a multipart text field cannot carry it through this client
    data = {**defaults} if name in files else {**defaults, name: value}
    uploads = {f: ("datos.csv", raw if f == name else b"") for f in files}
    return browser.post(action, data=data, files=uploads, follow_redirects=False)


@dataclass
class Crawl:
    """What a signed-in browser found on the pages, and what sending it hostile values gave."""

    pages: list[str]
    forms: dict[tuple[str, tuple[str, ...]], tuple[dict[str, str], set[str]]] = field(
        default_factory=dict
    )
    searches: dict[tuple[str, tuple[str, ...]], dict[str, str]] = field(default_factory=dict)
    links: set[tuple[str, str]] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    sent: int = 0


def _pages(app: Rumbo, values: dict[str, str], prefix: str = "/") -> list[str]:
    """Every page the routes name under ``prefix``, path parameters filled."""
    pages: list[str] = []
    for path, methods in page_routes(app):
        if "GET" not in methods or not path.startswith(prefix):
            continue
        if path.startswith(("/api", "/static", "/docs")):
            continue  # the API has its own contract fuzzing
        filled = _fill(path, values)
        if filled is not None and not filled.startswith(SKIPPED_ACTIONS + STREAMS):
            pages.append(filled)
    return sorted(set(pages))


def _crawl(browser: TestClient, pages: list[str]) -> Crawl:
    crawl = Crawl(pages)
    for path in pages:
        response = browser.get(path)
        assert response.status_code < 500, (path, response.status_code)
        parser = _Forms()
        parser.feed(response.text)
        crawl.links.update((target or path, name) for target, name in parser.links)
        for method, action, fields, files in parser.forms:
            target = action or path
            if target.startswith(SKIPPED_ACTIONS + STREAMS) or not target.startswith("/"):
                continue
            if method == "post":
                crawl.forms.setdefault((target, tuple(sorted(fields))), (fields, files))
            else:
                crawl.searches.setdefault((target, tuple(sorted(fields))), fields)
    return crawl


def _attack(
    browser: TestClient, crawl: Crawl, sign_in: Callable[[], TestClient], store: str
) -> None:
    """Send every link, search and form found with each hostile value; note what went wrong."""
    hostile = HOSTILE if store == "sqlite" else STORE_SENSITIVE

    def check(label: str, name: str, value: str, response: Any) -> None:
        crawl.sent += 1
        if response.status_code >= 500:
            crawl.problems.append(f"{label} {name}={value[:20]!r}: {response.status_code}")
        elif MARKUP in response.text:
            crawl.problems.append(f"{label} {name}: markup shown unescaped")

    # Links carry parameters too (periods, pages, exports): each page's own, hostile.
    for path, name in sorted(crawl.links):
        if path.startswith(SKIPPED_ACTIONS + STREAMS):
            continue
        for value in (MARKUP, "-99999999999999999999", "\ud800"):
            query = urlencode({name: value}, encoding="utf-8", errors="surrogatepass")
            check(f"GET {path}", name, value, browser.get(f"{path}?{query}"))
    for (action, names), defaults in sorted(crawl.searches.items()):
        for name in names:
            for value in hostile:
                # An address has a length limit: the huge value goes in part.
                query = urlencode(
                    {**defaults, name: value[:1000]}, encoding="utf-8", errors="surrogatepass"
                )
                check(f"GET {action}", name, value, browser.get(f"{action}?{query}"))
    for (action, names), (defaults, files) in sorted(crawl.forms.items()):
        for name in [n for n in names if n != "csrf_token"] + sorted(files):
            for value in hostile:
                response = _submit(browser, action, defaults, files, name, value)
                if response is None:
                    continue
                check(action, name, value, response)
                if "login" in response.headers.get("location", ""):
                    browser = sign_in()  # a form that ended the session (none should)
                    crawl.problems.append(f"{action} {name}={value[:20]!r}: signed out")


def test_every_form_and_link_answers_hostile_input_without_a_server_error(app: Rumbo) -> None:
    load_demo(app, scale=0.05, anchor=ANCHOR)
    make_user(app, "admin@example.com", "admin", PASSWORD)
    browser = _signed_in(app)
    crawl = _crawl(browser, _pages(app, _values(app)))
    assert len(crawl.pages) >= 20, crawl.pages
    assert len(crawl.forms) >= 15, sorted(crawl.forms)
    assert len(crawl.searches) >= 2, sorted(crawl.searches)
    assert len(crawl.links) >= 10, sorted(crawl.links)
    _attack(browser, crawl, lambda: _signed_in(app), app.engine.dialect.name)
    assert crawl.sent >= 150
    assert not crawl.problems, "\n".join(crawl.problems)


@pytest.fixture
def mail_app(database_url: str, inbox: Inbox) -> Iterator[Rumbo]:
    app = Rumbo(mail_settings(database_url, inbox, "Soporte <soporte@example.com>"))
    yield app
    app.dispose()


def test_the_customer_portal_answers_hostile_input_without_a_server_error(
    mail_app: Rumbo, inbox: Inbox
) -> None:
    """The same, signed in to the portal as a demo customer (through the emailed link), with
    path parameters filled from that customer's own tickets."""
    load_demo(mail_app, scale=0.05, anchor=ANCHOR)
    values = _values(mail_app)
    with mail_app.reading() as session:
        email, ticket_id = session.execute(
            select(ContactEmail.email, Ticket.id)
            .join(Ticket, Ticket.contact_id == ContactEmail.contact_id)
            .where(Ticket.status != "closed")  # a closed ticket has no reply form
            .order_by(Ticket.id)
            .limit(1)
        ).one()
    values["tickets"] = str(ticket_id)

    def sign_in() -> TestClient:
        browser = TestClient(mail_app.asgi(), raise_server_exceptions=False)
        page = browser.get("/portal/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page)
        assert token
        browser.post("/portal/login", data={"email": email, "csrf_token": token[1]})
        link = re.search(r"/portal/auth\?token=[\w\-]+", inbox.to(email)[-1].get_content())
        assert link
        assert browser.get(link[0], follow_redirects=False).status_code == 303
        return browser

    browser = sign_in()
    crawl = _crawl(browser, _pages(mail_app, values, "/portal"))
    assert any(action.endswith("/reply") for action, _ in crawl.forms), sorted(crawl.forms)
    assert any(action == "/portal/tickets/new" for action, _ in crawl.forms), sorted(crawl.forms)
    _attack(browser, crawl, sign_in, mail_app.engine.dialect.name)
    assert crawl.sent >= 25
    assert not crawl.problems, "\n".join(crawl.problems)
