"""An administrator tunes the brand voice, told in a real Chromium against a real server."""

from __future__ import annotations

from typing import Any

from rumbo.demo.staff import ADMIN_EMAIL, DEMO_PASSWORD
from rumbo.drafting.brand import queries as brand_queries
from tests.browser import harness
from tests.browser.harness import LiveServer, browser_story, sign_in

# The stories' fixtures, shared by every browser module (one server per process).
chromium = harness.chromium
live_server = harness.live_server
page = harness.page

pytestmark = browser_story
TERM = "problemita"


def test_an_admin_edits_the_voice_sees_the_live_critic_and_saves(
    page: Any, live_server: LiveServer
):
    with live_server.app.reading() as session:
        record = brand_queries.get_record(session)
        assert record is not None, "the demo company has a brand voice"
        before = record.version
    sign_in(page, ADMIN_EMAIL, DEMO_PASSWORD)
    page.wait_for_url("**/tickets")
    page.goto("/settings")
    page.get_by_role("link", name="Voz de marca").first.click()
    page.wait_for_url("**/settings/brand")
    assert page.get_by_role("heading", level=1).inner_text() == "Voz de marca"

    # A new word to avoid, typed into the voice but not saved yet.
    editor = page.get_by_label("Voz (YAML)")
    editor.fill(editor.input_value().replace("avoid:\n", f"avoid:\n- {TERM}\n", 1))
    page.get_by_label("Mensaje de ejemplo").fill(
        f"Hola, tu {TERM} con la factura ya quedó resuelto. "
        "Si necesitas algo más, escríbenos a soporte@tenderete.mx."
    )
    # The critic answers while typing, without leaving the page.
    finding = page.locator("#preview-results .finding", has_text=TERM)
    finding.wait_for()
    assert "términos a evitar" in finding.inner_text()
    assert page.url.endswith("/settings/brand")

    page.get_by_role("button", name="Guardar como nueva versión").click()
    page.wait_for_url("**/settings/brand")
    assert page.get_by_role("status").first.inner_text() == (
        f"Se guardó la versión {before + 1} de la voz."
    )
    assert f"- {TERM}" in page.get_by_label("Voz (YAML)").input_value()
    with live_server.app.reading() as session:
        voice = brand_queries.current_voice(session)
        assert voice is not None
        assert TERM in voice.avoid
        newest = brand_queries.list_versions(session)[0]
        assert newest.version == before + 1
