"""What a support lead notices without looking for it: cached assets, safe cookies, keyboard and
screen-reader access, readable colours."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from rumbo.app import Rumbo
from rumbo.settings import Settings
from tests import test_web_i18n
from tests.test_web import PASSWORD, csrf_of
from tests.test_web_i18n import LEAD, signed_in

site = test_web_i18n.site
CSS = Path(__file__).parents[1] / "src/rumbo/web/static/rumbo.css"


def test_assets_are_versioned_cached_and_revalidated(site: Rumbo):
    client = TestClient(site.asgi())
    html = client.get("/login").text
    link = re.search(r'href="(/static/rumbo\.css\?v=[0-9a-f]{12})"', html)
    assert link, "the stylesheet link carries the files' digest"
    asset = client.get(link[1])
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    etag = asset.headers["etag"]
    again = client.get(link[1], headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert client.get("/static/rumbo.css").headers["cache-control"] == "public, max-age=3600"
    # Pages themselves are never cached: they show private data.
    assert client.get("/login").headers["cache-control"] == "no-store"


def _cookie_flags(header: str, name: str) -> set[str]:
    found = [part for part in re.split(r",\s*(?=\w+=)", header) if part.startswith(f"{name}=")]
    assert found, f"{name} was not set: {header}"
    return {flag.strip().lower() for flag in found[0].split(";")[1:]}


def test_the_session_cookie_is_http_only_and_same_site(site: Rumbo):
    response = TestClient(site.asgi()).get("/login")
    flags = _cookie_flags(response.headers["set-cookie"], "rumbo_session")
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "secure" not in flags  # plain HTTP here: a Secure cookie would never come back


def test_cookies_are_secure_over_https(site: Rumbo):
    client = TestClient(site.asgi(), base_url="https://testserver")
    response = client.get("/login?lang=en")
    header = response.headers["set-cookie"]
    assert "secure" in _cookie_flags(header, "rumbo_session")
    assert "secure" in _cookie_flags(header, "rumbo_lang")
    # ... and the HTTPS session works: signing in over it succeeds.
    form = {"email": LEAD, "password": PASSWORD, "csrf_token": csrf_of(response.text)}
    assert client.post("/login", data=form, follow_redirects=False).status_code == 303


def test_cookie_secure_forces_the_flag(sqlite_template: Path, tmp_path: Path):
    database = tmp_path / "rumbo.db"
    shutil.copyfile(sqlite_template, database)
    settings = Settings(
        database_url=f"sqlite:///{database}", secret_key="x" * 32, cookie_secure=True
    )
    app = Rumbo(settings)
    try:
        header = TestClient(app.asgi()).get("/login").headers["set-cookie"]
        assert "secure" in _cookie_flags(header, "rumbo_session")
    finally:
        app.dispose()


class Controls(HTMLParser):
    """Form controls, the labels that name them, and the page's skip link."""

    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.in_label = 0
        self.skip_target: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "label":
            self.in_label += 1
            if found.get("for"):
                self.label_for.add(str(found["for"]))
        elif tag == "a" and "skip-link" in (found.get("class") or "") and self.skip_target is None:
            self.skip_target = (found.get("href") or "").lstrip("#")
        elif tag in {"input", "select", "textarea"}:
            kind = (found.get("type") or "text").lower()
            if tag == "input" and kind in {"hidden", "submit", "button", "reset"}:
                return
            self.controls.append({**found, "_tag": tag, "_wrapped": "1" if self.in_label else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.in_label:
            self.in_label -= 1

    def unlabelled(self) -> list[str]:
        return [
            f"<{c['_tag']} name={c.get('name')}>"
            for c in self.controls
            if not (
                c["_wrapped"]
                or c.get("aria-label")
                or c.get("aria-labelledby")
                or (c.get("id") and c["id"] in self.label_for)
            )
        ]


# Every staff page, and the pages people see before or without signing in.
PAGES = [
    "/login",
    *test_web_i18n.STAFF_PAGES,
    "/help",
    "/help/search?q=widget",
    "/portal/login",
    "/widget",
]


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_form_control_has_a_label_and_every_page_a_skip_link(site: Rumbo, language: str):
    client = signed_in(site)
    client.get(f"/tickets?lang={language}")
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 200, path
        page = Controls()
        page.feed(response.text)
        assert page.unlabelled() == [], f"{path}: controls without a label"
        assert page.skip_target, f"{path} has no skip link"
        assert page.skip_target in page.ids, f"{path}: the skip link points nowhere"


SUBJECT = re.compile(r'class="ticket-link"><span class="ticket-id">#\d+</span> ([^<]+)</a>')


def _subjects(html: str) -> set[str]:
    return set(SUBJECT.findall(html))


def test_the_inbox_filters_by_tag_assignee_and_deadline(site: Rumbo):
    client = signed_in(site)
    assert _subjects(client.get("/tickets").text) == {"Broken widget", "Invoice copy"}
    assert _subjects(client.get("/tickets?tag=DAMAGED").text) == {"Broken widget"}
    assert _subjects(client.get("/tickets?mine=1").text) == {"Invoice copy"}
    # Both were opened just now: their resolution deadlines are days away, not hours.
    assert _subjects(client.get("/tickets?due=4").text) == set()
    refused = client.get("/tickets?due=7")
    assert refused.status_code == 400
    assert "vence" in refused.text
    # A tag on a ticket links to the tickets that carry it.
    assert 'href="/tickets?status=all&amp;tag=damaged"' in client.get("/tickets/1").text


def test_the_inbox_offers_keyboard_shortcuts(site: Rumbo):
    html = signed_in(site).get("/tickets").text
    assert re.search(r'<script src="/static/shortcuts\.js\?v=\w+" defer>', html)
    assert "data-ticket-row" in html
    assert 'aria-keyshortcuts="/"' in html
    ticket = signed_in(site).get("/tickets/1").text
    assert 'aria-keyshortcuts="r"' in ticket


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize(
    ("text", "background"),
    [
        ("text", "bg"),
        ("text", "surface"),
        ("muted", "bg"),
        ("muted", "surface"),
        ("accent", "surface"),
        ("accent", "bg"),
        ("accent", "accent-soft"),
        ("top-text", "top"),
        ("top-muted", "top"),
        ("danger", "danger-soft"),
        ("text", "note"),
    ],
)
def test_text_colours_meet_wcag_aa_contrast(text: str, background: str):
    palette = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", CSS.read_text()))
    ratio = contrast(palette[text], palette[background])
    assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"


def test_focus_is_always_visible():
    css = CSS.read_text()
    assert re.search(r":focus-visible\s*\{[^}]*outline:\s*3px solid", css)
    assert ".skip-link:focus" in css
