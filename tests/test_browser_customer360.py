"""Stories of a customer's whole picture and of the inbox's deadline filter, in a real Chromium."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import func, select

from rumbo.demo.staff import ADMIN_EMAIL, DEMO_PASSWORD
from rumbo.listening.models import Mention
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in

chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story


def _most_mentioned_contact(server: LiveServer) -> int:
    with server.app.reading() as session:
        found = session.scalar(
            select(Mention.contact_id)
            .where(Mention.contact_id.is_not(None))
            .group_by(Mention.contact_id)
            .order_by(func.count().desc(), Mention.contact_id)
            .limit(1)
        )
    assert found is not None, "the demo links no mention to a customer"
    return found


def test_the_customer_page_explains_the_health_score(page: Any, live_server: LiveServer):
    contact_id = _most_mentioned_contact(live_server)
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto(f"{live_server.url}/customers/{contact_id}")

    health = page.locator("section.health")
    score = int(health.locator("[data-health-score]").inner_text())
    points = [
        int(text.replace("−", "-")) for text in health.locator(".health__points").all_inner_texts()
    ]
    # The score is 100 minus the points listed beside the reasons: nothing hidden.
    assert score == max(0, 100 + sum(points))
    assert not health.get_by_text("Parte de 100").is_visible()
    health.get_by_text("Cómo se calcula").click()
    assert health.get_by_text("Parte de 100").is_visible()

    mentions = page.get_by_role("region", name=re.compile(r"^Menciones"))
    assert 1 <= mentions.locator("tbody tr").count() <= 20
    assert page.locator("#trend-title").is_visible()


def test_the_sla_filter_shows_only_tickets_with_a_deadline(page: Any, live_server: LiveServer):
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.get_by_label("SLA a punto de vencer").select_option("24")
    page.get_by_role("button", name="Filtrar").click()
    page.wait_for_url(re.compile(r"due=24"))
    rows = page.locator("[data-ticket-row]")
    for index in range(rows.count()):
        assert rows.nth(index).locator(".sla time").count() == 1
