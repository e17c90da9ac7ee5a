"""The demo company: the same data for the same seed, plausible content with its recorded crises,
and loading that never duplicates anything."""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.crm.models import SatisfactionResponse
from rumbo.demo.generator import DemoData, generate
from rumbo.demo.loader import load_demo, stored_counts
from rumbo.demo.staff import ADMIN_EMAIL, COMPETITOR, DEMO_PASSWORD
from rumbo.tickets import queries as ticket_queries

ANCHOR = dt.datetime(2026, 3, 18, 15, tzinfo=dt.UTC)
CATEGORIES = {
    "Cuenta y acceso",
    "Facturación",
    "Envíos y devoluciones",
    "Hardware",
    "Sincronización",
    "Planes y precios",
    "Seguridad",
}


@pytest.fixture(scope="module")
def small() -> DemoData:
    return generate(seed=7, scale=0.2, anchor=ANCHOR)


@pytest.fixture(scope="module")
def full() -> DemoData:
    return generate(seed=7, scale=1.0, anchor=ANCHOR)


def per_day(data: DemoData) -> Counter[dt.date]:
    return Counter(t.created_at.date() for t in data.tickets if t.created_at)


# -- the generator ----------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_company(small: DemoData) -> None:
    assert generate(seed=7, scale=0.2, anchor=ANCHOR) == small


def test_another_seed_gives_another_company(small: DemoData) -> None:
    other = generate(seed=8, scale=0.2, anchor=ANCHOR)
    assert [c.name for c in other.companies] != [c.name for c in small.companies]
    assert [t.subject for t in other.tickets] != [t.subject for t in small.tickets]


def test_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="scale"):
        generate(scale=0)


def test_scale_one_has_the_documented_sizes(full: DemoData) -> None:
    counts = full.counts()
    assert 110 <= counts["companies"] <= 130
    assert 560 <= counts["contacts"] <= 640
    assert 1400 <= counts["orders"] <= 1600
    assert 2800 <= counts["tickets"] <= 3100
    assert 1400 <= counts["satisfaction"] <= 1600
    assert 55 <= counts["articles"] <= 65
    assert counts["messages"] >= counts["tickets"] * 2


def test_every_row_is_demo_data_with_a_unique_external_id(full: DemoData) -> None:
    for rows in (full.companies, full.contacts, full.orders, full.tickets, full.articles):
        ids = [r.external_id for r in rows]
        assert all(r.source == "demo" for r in rows)
        assert None not in ids
        assert len(set(ids)) == len(ids)


def test_tickets_cover_a_hundred_days_up_to_the_anchor(small: DemoData) -> None:
    created = [t.created_at for t in small.tickets if t.created_at]
    assert max(created) <= ANCHOR
    assert ANCHOR - min(created) >= dt.timedelta(days=99)
    assert len(per_day(small)) >= 95
    assert all(m.created_at and m.created_at <= ANCHOR for t in small.tickets for m in t.messages)


def test_weekends_are_quieter_than_weekdays(full: DemoData) -> None:
    days = per_day(full)
    weekday = statistics.median(n for d, n in days.items() if d.weekday() < 5)
    weekend = statistics.median(n for d, n in days.items() if d.weekday() >= 5)
    assert weekend < weekday / 1.5


def test_tickets_are_mostly_spanish_with_some_english(full: DemoData) -> None:
    languages = Counter(t.language for t in full.tickets)
    share = languages["en"] / len(full.tickets)
    assert set(languages) == {"es", "en"}
    assert 0.05 <= share <= 0.12


def test_conversations_start_with_the_customer_and_vary(full: DemoData) -> None:
    assert all(1 <= len(t.messages) <= 5 for t in full.tickets)
    assert all(t.messages[0].author_kind == "customer" for t in full.tickets)
    bodies = [t.messages[0].body for t in full.tickets]
    assert len(set(bodies)) > len(bodies) * 0.5
    assert any("factura" in b and "CFDI" in b for b in bodies)


def test_no_template_marker_is_left_in_the_text(full: DemoData) -> None:
    texts = [t.subject for t in full.tickets]
    texts += [m.body for t in full.tickets for m in t.messages]
    texts += [a.body_md for a in full.articles]
    leftovers = [s for s in texts if re.search(r"[{}\[\]]|<[^<>]*\|", s)]
    assert leftovers == []


def test_contacts_are_addressed_in_three_registers(full: DemoData) -> None:
    registers = Counter(c.address_form for c in full.contacts)
    assert set(registers) == {"tu", "usted", "vos"}
    argentines = [c for c in full.contacts if c.country == "AR" and c.language == "es"]
    assert argentines
    assert all(c.address_form == "vos" for c in argentines)
    assert all(c.emails and c.country for c in full.contacts)


def test_argentine_customers_are_answered_with_vos(full: DemoData) -> None:
    vos = {c.emails[0] for c in full.contacts if c.address_form == "vos"}
    replies = [
        m.body
        for t in full.tickets
        if t.contact_email in vos
        for m in t.messages
        if m.author_kind == "agent" and not m.internal
    ]
    assert any(re.search(r"\b(podés|tenés|necesitás|acá)\b", r) for r in replies)
    assert not any(re.search(r"\b(puedes|tienes|necesitas)\b", r) for r in replies)


def test_a_few_contacts_have_large_audiences_one_of_them_unhappy(full: DemoData) -> None:
    loud = [c for c in full.contacts if c.audience_size >= 50_000]
    assert 3 <= len(loud) <= 10
    assert all(c.handles for c in loud)
    complaints = [t for t in full.tickets if "queja-publica" in t.tags]
    assert complaints
    assert complaints[0].channel == "social"
    assert complaints[0].contact_email in {c.emails[0] for c in loud}
    assert complaints[0].status == "open"


def test_some_renewals_fall_within_sixty_days(full: DemoData) -> None:
    soon = [
        c
        for c in full.companies
        if c.renewal_date and 0 <= (c.renewal_date - ANCHOR.date()).days <= 60
    ]
    assert len(soon) >= 5
    assert any(c.health == "at_risk" for c in full.companies)


def test_the_key_account_weighs_a_cheaper_competitor(full: DemoData) -> None:
    key = max(full.companies, key=lambda c: c.seats)
    assert key.renewal_date is not None
    assert (key.renewal_date - ANCHOR.date()).days <= 45
    assert key.health == "at_risk"
    domain = f"@{key.domain}"
    mentions = [
        t
        for t in full.tickets
        if t.contact_email.endswith(domain) and COMPETITOR in t.messages[0].body
    ]
    assert mentions
    nps = [
        a.row.score
        for a in full.answers
        if a.row.kind == "nps" and (a.row.contact_email or "").endswith(domain)
    ]
    assert min(nps) <= 4


def test_the_outage_is_a_surge_three_weeks_ago(full: DemoData) -> None:
    days = per_day(full)
    outage_day, most = days.most_common(1)[0]
    assert most >= 5 * statistics.median(days.values())
    assert 18 <= (ANCHOR.date() - outage_day).days <= 26
    outage = [t for t in full.tickets if t.topic == "outage"]
    assert all("caida-servicio" in t.tags for t in outage)
    hours = {t.created_at.hour for t in outage if t.created_at}
    assert len(hours) <= 5  # a few hours, not a whole day
    text = " ".join(t.messages[0].body.lower() for t in outage)
    assert "503" in text
    assert "no carga" in text
    assert "caído" in text


def test_a_phishing_wave_looks_like_a_data_leak(full: DemoData) -> None:
    wave = [t for t in full.tickets if "phishing" in t.tags]
    assert len(wave) >= 20
    assert all("posible-filtracion" in t.tags for t in wave)
    assert any(m.internal for t in wave for m in t.messages)


def test_near_identical_invoice_requests_arrive_within_two_days(full: DemoData) -> None:
    surge = [t for t in full.tickets if "factura-mensual" in t.tags]
    dates = {t.created_at.date() for t in surge if t.created_at}
    assert len(surge) >= 50
    assert len(dates) <= 2
    assert sum("dónde está mi factura de" in t.subject.lower() for t in surge) >= 10


def test_rumours_about_the_competitor_are_recorded(full: DemoData) -> None:
    rumours = [t for t in full.tickets if "rumor" in t.tags]
    assert len(rumours) >= 10
    assert any(COMPETITOR in t.messages[0].body for t in rumours)


def test_the_store_has_returns_and_refunds_in_local_currencies(full: DemoData) -> None:
    statuses = Counter(o.status for o in full.orders)
    assert {"delivered", "returned", "refunded"} <= set(statuses)
    assert {o.currency for o in full.orders} == {"MXN", "COP", "ARS", "CLP", "PEN"}


def test_the_help_center_has_sixty_articles_some_translated(full: DemoData) -> None:
    articles = full.articles
    spanish = [a for a in articles if a.language == "es"]
    english = [a for a in articles if a.language == "en"]
    assert {a.category for a in spanish} == CATEGORIES
    assert len(english) >= 8
    groups = {a.translation_group for a in spanish}
    assert all(a.translation_group in groups for a in english)
    drafts = [a for a in articles if a.status == "draft"]
    assert 2 <= len(drafts) < len(articles) / 5
    assert all("## " in a.body_md and "\n1. " in a.body_md for a in articles)


def test_the_staff_includes_every_role(full: DemoData) -> None:
    roles = Counter(u.role for u in full.users)
    assert roles["admin"] == 1
    assert roles["agent"] >= 3
    assert {"communications", "legal", "viewer"} <= set(roles)
    assert full.users[0].email == ADMIN_EMAIL
    managers = {c.account_manager_email for c in full.companies}
    assert managers <= {u.email for u in full.users}


# -- loading ----------------------------------------------------------------------------------


def test_loading_twice_duplicates_nothing(app: Rumbo) -> None:
    first = load_demo(app, scale=0.1, anchor=ANCHOR)
    stored = stored_counts(app)
    for kind in ("companies", "contacts", "orders", "tickets", "satisfaction", "articles"):
        assert stored[kind] == first.counts[kind] == first.created[kind]

    again = load_demo(app, scale=0.1, anchor=ANCHOR)
    assert again.already_loaded
    assert stored_counts(app) == stored

    forced = load_demo(app, scale=0.1, anchor=ANCHOR, force=True)
    assert not forced.already_loaded
    assert set(forced.created.values()) == {0}
    assert stored_counts(app) == stored


def test_loaded_demo_has_the_surge_history_and_linked_answers(app: Rumbo) -> None:
    steps: list[tuple[str, int, int]] = []
    summary = load_demo(app, scale=0.1, progress=lambda *step: steps.append(step))
    assert steps[-1][1] == steps[-1][2]  # the bar ends full
    with app.reading() as session:
        volume = [n for _, n in ticket_queries.daily_volume(session, days=101)]
        linked = (
            session.scalar(select(func.count()).where(SatisfactionResponse.ticket_id.is_not(None)))
            or 0
        )
    assert len(volume) >= 95
    assert max(volume) >= 5 * statistics.median(volume)
    assert linked >= summary.counts["satisfaction"] / 2
    assert summary.email == ADMIN_EMAIL
    assert summary.password == DEMO_PASSWORD


# -- the command ------------------------------------------------------------------------------


def test_the_demo_command_prints_a_json_summary_and_is_idempotent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rumbo.cli.main import cli

    monkeypatch.chdir(tmp_path)
    env = {"RUMBO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    runner = CliRunner()
    result = runner.invoke(cli, ["demo", "--scale", "0.1", "--json"], env=env)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert not summary["already_loaded"]
    assert summary["counts"]["tickets"] > 200
    assert summary["email"] == ADMIN_EMAIL
    assert summary["url"] == "http://127.0.0.1:8000"

    again = runner.invoke(cli, ["demo", "--scale", "0.1"], env=env)
    assert again.exit_code == 0, again.output
    assert "ya estaba cargada" in again.stdout
    assert ADMIN_EMAIL in again.stdout
    assert DEMO_PASSWORD in again.stdout


def test_the_demo_command_refuses_a_scale_of_zero(tmp_path: Path) -> None:
    from rumbo.cli.main import cli

    env = {"RUMBO_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    result = CliRunner().invoke(cli, ["demo", "--scale", "0"], env=env)
    assert result.exit_code != 0
    assert "--scale" in result.output
    assert not (tmp_path / "demo.db").exists()
