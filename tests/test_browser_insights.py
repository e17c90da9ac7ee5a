"""The insights screens in a real Chromium: charts drawn under the strict CSP, drill-down, CSV."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from rumbo.demo.staff import ADMIN_EMAIL, DEMO_PASSWORD
from tests.browser import harness
from tests.browser.harness import browser_story, sign_in

chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story


def test_a_lead_follows_a_problem_term_to_its_mentions_and_downloads_the_table(page: Any):
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")

    page.goto("/insights")
    page.get_by_role("link", name="Términos problemáticos").click()
    page.get_by_role("link", name="Últimos 90 días").click()
    page.wait_for_url(re.compile(r"/insights/problem-terms\?days=90"))
    chart = page.get_by_role("img", name=re.compile("Los diez términos con más ARR en riesgo"))
    assert chart.is_visible()
    assert chart.locator("rect").count() > 0

    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Descargar CSV")).click()
    saved = download.value
    assert saved.suggested_filename == "rumbo-terminos-problema-90d.csv"
    first_line = Path(saved.path()).read_text(encoding="utf-8-sig").splitlines()[0]
    assert first_line.startswith("Término;Menciones;")

    term = page.locator("table.table tbody th a").first
    name = term.inner_text()
    term.click()
    assert page.get_by_role("heading", level=1).inner_text() == f"Menciones de «{name}»"
    assert page.locator("table.table tbody tr").count() > 0

    page.goto("/insights/response-times")
    assert page.get_by_role("img", name=re.compile("Primera respuesta por semana")).is_visible()
    assert refused == []  # nothing on these pages needed an inline style or script
