"""Translations: complete catalogues, the language each person gets, and no Spanish left over.

The pages are rendered by the real application on a fresh SQLite database (the catalogue does not
depend on the database backend, so these run once).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rumbo.app import Rumbo
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn, ContactIn
from rumbo.settings import Settings
from rumbo.tickets import actions as ticket_actions
from rumbo.tickets.schemas import MessageIn, TicketIn
from rumbo.web import i18n
from tests.conftest import SYSTEM, make_user
from tests.test_web import PASSWORD, sign_in

LEAD = "lead@example.com"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Rumbo]:
    """An application with one customer and one ticket, on SQLite."""
    target = tmp_path_factory.mktemp("i18n") / "rumbo.db"
    shutil.copyfile(sqlite_template, target)
    app = Rumbo(Settings(database_url=f"sqlite:///{target}", secret_key="i18n-secret-0123456789"))
    make_user(app, LEAD, "admin", PASSWORD)
    with app.unit_of_work(SYSTEM) as ctx:
        company = crm_actions.create_company(ctx, CompanyIn(source="t", name="Acme Widgets"))
        contact = crm_actions.create_contact(
            ctx,
            ContactIn(
                source="t", name="Zoe Park", company_id=company.id, emails=["zoe@acme.example"]
            ),
        )
        ticket_actions.open_ticket(
            ctx,
            TicketIn(
                subject="Broken widget",
                contact_id=contact.id,
                tags=["damaged"],
                messages=[MessageIn(body="The widget arrived broken.")],
            ),
        )
        ticket_actions.open_ticket(
            ctx,
            TicketIn(subject="Invoice copy", contact_id=contact.id, assignee_email=LEAD),
        )
    yield app
    app.dispose()


def signed_in(app: Rumbo, **headers: str) -> TestClient:
    client = TestClient(app.asgi(), headers=headers)
    assert sign_in(client, LEAD, PASSWORD).status_code == 303
    return client


def spanish_giveaways() -> list[str]:
    """Stretches of Spanish source text that English pages must never show.

    Taken from the catalogue itself: every msgid whose English differs, cut at its placeholders,
    keeping the pieces long enough not to be a word both languages share.
    """
    found = []
    catalogue = i18n.translations("en")
    for msgid, msgstr in catalogue._catalog.items():  # type: ignore[attr-defined]
        source = msgid[0] if isinstance(msgid, tuple) else msgid
        if not source or "\x04" in source or source == msgstr:
            continue
        found += [part.strip() for part in PLACEHOLDER.split(source) if len(part.strip()) >= 12]
    return found


STAFF_PAGES = [
    "/tickets",
    "/tickets/1",
    "/customers",
    "/customers/1",
    "/insights/knowledge-gaps",
    "/insights",
    "/insights/problem-terms",
    "/insights/problem-terms/mentions?term=widget",
    "/insights/forecasts",
    "/insights/assistant",
    "/insights/response-times",
    "/crisis",
    "/drafts",
    "/settings",
    "/settings/brand",
    "/settings/alert-rules",
    "/settings/alert-rules/new",
    "/settings/playbooks",
    "/settings/playbooks/outage",
    "/settings/users",
    "/settings/integrations",
]


def test_the_catalogues_cover_every_string_and_are_compiled():
    pytest.importorskip("babel", reason="Babel (test extra) extracts the strings")
    from rumbo.web import catalogs

    assert catalogs.problems() == []
    english = catalogs.read("en")
    assert len(english) > 250
    assert all(m.string for m in english if m.id)


def test_english_pages_show_no_spanish(site: Rumbo):
    giveaways = spanish_giveaways()
    assert "No hay tickets que coincidan." in giveaways  # the list really is the catalogue's
    client = signed_in(site)
    assert client.get("/tickets?lang=en").status_code == 200
    pages = {path: client.get(path).text for path in STAFF_PAGES}
    pages["/login"] = TestClient(site.asgi()).get("/login?lang=en").text
    pages["/help"] = client.get("/help?lang=en").text
    pages["/help/search"] = client.get("/help/search?q=widget&lang=en").text
    pages["/widget"] = client.get("/widget?lang=en").text
    pages["404"] = client.get("/no-such-page").text
    for path, html in pages.items():
        assert '<html lang="en">' in html, path
        left = [g for g in giveaways if g in html]
        assert left == [], f"{path} shows untranslated Spanish: {left}"
    assert "Suggested articles" in pages["/tickets/1"]
    assert "Visible to the team only" in pages["/tickets/1"]


def test_spanish_is_the_default_and_the_source(site: Rumbo):
    client = signed_in(site)
    html = client.get("/tickets").text
    assert '<html lang="es">' in html
    assert "Filtrar" in html
    ticket = client.get("/tickets/1").text
    assert "Artículos sugeridos" in ticket


def test_the_choice_is_remembered_in_a_cookie(site: Rumbo):
    client = signed_in(site)
    chosen = client.get("/customers?lang=en")
    assert "rumbo_lang=en" in chosen.headers["set-cookie"]
    assert "<h1>Customers</h1>" in client.get("/customers").text  # no ?lang= any more
    client.get("/customers?lang=es")
    assert "<h1>Clientes</h1>" in client.get("/customers").text


def test_the_browser_language_is_used_when_nobody_chose(site: Rumbo):
    english = signed_in(site, **{"Accept-Language": "en-GB,en;q=0.9,es;q=0.5"})
    assert "<h1>Tickets</h1>" in english.get("/tickets").text
    assert "Customers" in english.get("/tickets").text
    french = signed_in(site, **{"Accept-Language": "fr-FR,fr;q=0.9"})
    assert "Clientes" in french.get("/tickets").text  # not offered: the default


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-US,en;q=0.9", "en"),
        ("es-MX,es;q=0.9,en;q=0.8", "es"),
        ("fr;q=1, en;q=0.5, es;q=0.7", "es"),
        ("de, en;q=0", None),
        ("en;q=abc, es", "es"),
        ("", None),
    ],
)
def test_accept_language_is_read_by_quality(header: str, expected: str | None):
    assert i18n.from_accept_language(header) == expected


def test_the_user_choice_beats_the_browser_and_the_default():
    assert i18n.negotiate("en", "es", "es", "es") == "en"
    assert i18n.negotiate(None, "en", "es", "es") == "en"
    assert i18n.negotiate("xx", None, "en", "es") == "en"
    assert i18n.negotiate(None, None, None, "en") == "en"
    assert i18n.negotiate(None, None, None, "pt") == "es"


def test_labels_and_dates_follow_the_language():
    import datetime as dt

    from rumbo.web.help_text import long_date
    from rumbo.web.labels import label

    day = dt.date(2026, 3, 3)
    assert long_date(day, "es") == "3 de marzo de 2026"
    assert long_date(day, "en") == "March 3, 2026"
    with i18n.using("en"):
        assert label("status", "pending") == "Pending"
        assert label("address_form", "tu") == "Informal (tú)"
    with i18n.using("es"):
        assert label("status", "pending") == "Pendiente"
        assert label("address_form", "tu") == "Tú"
