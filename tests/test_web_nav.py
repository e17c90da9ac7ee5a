"""The navigation offers each role the sections it may open, and no others."""

from __future__ import annotations

import pytest

from rumbo.accounts.access import role_allows
from rumbo.app import Rumbo
from rumbo.web.settings_common import SECTIONS
from tests.test_web import browser_for


@pytest.mark.parametrize("role", ["admin", "agent", "communications", "legal", "viewer"])
def test_the_menu_follows_the_permissions_of_the_role(app: Rumbo, role: str):
    browser, _ = browser_for(app, role)
    page = browser.get("/tickets").text
    expected = {
        "/crisis": role_allows(role, "incidents.read") and role_allows(role, "alerts.read"),
        "/drafts": role_allows(role, "drafts.read"),
        "/settings": any(role_allows(role, s.permission) for s in SECTIONS),
    }
    for path, shown in expected.items():
        assert (f'<a href="{path}"' in page) is shown, (role, path)
    # An admin manages every section; a viewer reads and changes nothing.
    if role == "admin":
        assert all(expected.values())
    if role == "viewer":
        assert not expected["/settings"]
