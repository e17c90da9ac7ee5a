"""The settings workspace: brand voice, alert rules, playbooks, users and tokens, integrations.

Each page is driven like a browser would: a signed-in session, the CSRF token read from the form,
and what the page stored is then read back through the domains' own queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from rumbo.accounts import queries as account_queries
from rumbo.app import Rumbo
from rumbo.crisis.playbooks_store import versions as playbook_versions
from rumbo.drafting.brand import queries as brand_queries
from rumbo.listening import queries as listening_queries
from rumbo.settings import Settings
from tests.conftest import SECRET_KEY, make_user
from tests.servers import ChatScript, chat_server, smtp_inbox
from tests.test_web import PASSWORD, browser_for, csrf_of, sign_in

SECTIONS = (
    "/settings/brand",
    "/settings/alert-rules",
    "/settings/playbooks",
    "/settings/users",
    "/settings/integrations",
)
VOICE = """name: Ferretería Ruiz
languages: [es]
tone: cercana y clara
register:
  default:
    default: usted
avoid:
  - lamentablemente
"""
# Line 5 gives a form of address that does not exist.
BAD_VOICE = """name: Ferretería Ruiz
languages: [es]
register:
  default:
    default: ustedes
"""


def post_form(client: TestClient, page: str, action: str, **fields: Any) -> Any:
    """Submit a form of ``page`` to ``action`` with the session's CSRF token."""
    token = csrf_of(client.get(page).text)
    return client.post(action, data={"csrf_token": token, **fields}, follow_redirects=False)


@pytest.fixture
def admin(app: Rumbo) -> TestClient:
    client, _user_id = browser_for(app, "admin")
    return client


# Access -------------------------------------------------------------------------------------


def test_the_index_links_every_section_an_admin_may_use(admin: TestClient):
    page = admin.get("/settings")
    assert page.status_code == 200
    for path in SECTIONS:
        assert f'href="{path}"' in page.text
        assert admin.get(path).status_code == 200, path


@pytest.mark.parametrize("role", ["agent", "viewer", "communications"])
def test_people_without_the_permissions_are_refused(app: Rumbo, role: str):
    client, _user_id = browser_for(app, role)
    refused = client.get("/settings")
    assert refused.status_code == 403
    assert "Sin permiso" in refused.text
    for path in SECTIONS:
        assert client.get(path).status_code == 403, path
    # A form posted straight to a section is refused before anything is stored.
    token = csrf_of(client.get("/tickets").text)
    saved = client.post(
        "/settings/brand", data={"csrf_token": token, "voice": VOICE}, follow_redirects=False
    )
    assert saved.status_code == 403
    with app.reading() as session:
        assert brand_queries.get_record(session) is None


def test_anonymous_visitors_are_sent_to_sign_in(anon: TestClient):
    answer = anon.get("/settings/users", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/login?next=%2Fsettings%2Fusers"


# Brand voice --------------------------------------------------------------------------------


def test_a_broken_voice_shows_its_line_and_keeps_the_text(app: Rumbo, admin: TestClient):
    answer = post_form(admin, "/settings/brand", "/settings/brand", voice=BAD_VOICE, note="x")
    assert answer.status_code == 422
    assert "no se guardó" in answer.text
    assert "Línea 5: register.default.default:" in answer.text
    # The textarea holds exactly what was sent (escaped), so nothing typed is lost.
    assert "default: ustedes\n</textarea>" in answer.text
    with app.reading() as session:
        assert brand_queries.get_record(session) is None


def test_a_valid_voice_is_saved_as_a_new_version(app: Rumbo, admin: TestClient):
    saved = post_form(admin, "/settings/brand", "/settings/brand", voice=VOICE, note="Primera")
    assert saved.status_code == 303
    page = admin.get("/settings/brand")
    assert "Se guardó la versión 1 de la voz." in page.text
    assert "lamentablemente" in page.text  # the stored voice is back in the editor

    changed = VOICE.replace("cercana y clara", "cálida")
    post_form(admin, "/settings/brand", "/settings/brand", voice=changed, note="Más cálida")
    again = post_form(admin, "/settings/brand", "/settings/brand", voice=changed)
    assert again.status_code == 303
    page = admin.get("/settings/brand")
    assert "La voz no cambió" in page.text
    with app.reading() as session:
        stored = brand_queries.list_versions(session)
        assert [v.version for v in stored] == [2, 1]
        assert stored[0].note == "Más cálida"
        voice = brand_queries.current_voice(session)
        assert voice is not None
        assert voice.tone == "cálida"
    assert "Más cálida" in page.text
    assert "Primera" in page.text

    older = admin.get("/settings/brand?version=1")
    assert "Cargaste la versión 1" in older.text
    assert "tone: cercana y clara" in older.text


def test_the_preview_runs_the_critic_against_the_unsaved_voice(app: Rumbo, admin: TestClient):
    sample = "Lamentablemente su pedido se retrasó. Le garantizamos que nunca volverá a pasar."
    page = post_form(
        admin, "/settings/brand", "/settings/brand/preview", voice=VOICE, sample=sample
    )
    assert page.status_code == 200
    assert "está en la lista de la marca de términos a evitar" in page.text
    assert "Promesa que no se puede asegurar" in page.text
    assert f"{sample}</textarea>" in page.text  # both texts kept
    assert "avoid:\n  - lamentablemente" in page.text

    token = csrf_of(admin.get("/settings/brand").text)
    answer = admin.post(
        "/settings/brand/preview.json",
        data={"csrf_token": token, "voice": VOICE, "sample": sample, "channel": "email"},
    )
    assert answer.status_code == 200
    codes = {f["code"] for f in answer.json()["findings"]}
    assert {"banned_term", "overpromise"} <= codes
    assert "finding--error" in answer.json()["html"]

    # Without the term in the voice, the same sentence is no banned term: the voice edited counts.
    plain = VOICE.replace("avoid:\n  - lamentablemente\n", "")
    answer = admin.post(
        "/settings/brand/preview.json",
        data={"csrf_token": token, "voice": plain, "sample": sample},
    )
    assert "banned_term" not in {f["code"] for f in answer.json()["findings"]}
    # A broken voice is reported, and the general rules still run.
    answer = admin.post(
        "/settings/brand/preview.json",
        data={"csrf_token": token, "voice": BAD_VOICE, "sample": sample},
    )
    assert answer.json()["problems"][0].startswith("Línea 5")
    assert "overpromise" in {f["code"] for f in answer.json()["findings"]}
    with app.reading() as session:
        assert brand_queries.get_record(session) is None  # trying never saves


def test_the_preview_needs_the_form_token(admin: TestClient):
    refused = admin.post("/settings/brand/preview.json", data={"voice": VOICE, "sample": "Hola"})
    assert refused.status_code == 403


# Alert rules --------------------------------------------------------------------------------


def test_an_alert_rule_is_created_edited_and_disabled(app: Rumbo, admin: TestClient):
    created = post_form(
        admin,
        "/settings/alert-rules/new",
        "/settings/alert-rules",
        name="Caída del servicio",
        active="1",
        terms="caída, no funciona\nsin servicio",
        kinds=["burst", "keyword"],
        min_severity="medium",
        threshold="5",
        window_minutes="30",
        severity="high",
        channels="email: guardia@ruiz.mx\ninapp: admin",
        quiet_start="23:00",
        quiet_end="07:00",
        timezone="America/Mexico_City",
    )
    assert created.status_code == 303
    assert "Se guardó la regla «Caída del servicio»." in admin.get("/settings/alert-rules").text
    with app.reading() as session:
        (rule,) = listening_queries.list_rules(session)
        assert rule.terms == ["caída", "no funciona", "sin servicio"]
        assert rule.kinds == ["burst", "keyword"]
        assert rule.threshold == 5
        assert rule.severity == "high"
        assert rule.channels == [
            {"notifier": "email", "target": "guardia@ruiz.mx"},
            {"notifier": "inapp", "target": "admin"},
        ]
        rule_id = rule.id

    form = admin.get(f"/settings/alert-rules/{rule_id}")
    assert "guardia@ruiz.mx" in form.text
    edited = post_form(
        admin,
        f"/settings/alert-rules/{rule_id}",
        f"/settings/alert-rules/{rule_id}",
        name="Caída del servicio",
        active="1",
        terms="caída",
        min_severity="low",
        window_minutes="60",
    )
    assert edited.status_code == 303
    off = post_form(
        admin, "/settings/alert-rules", f"/settings/alert-rules/{rule_id}/active", active="0"
    )
    assert off.status_code == 303
    assert "quedó desactivada" in admin.get("/settings/alert-rules").text
    with app.reading() as session:
        rule = listening_queries.get_rule(session, rule_id)
        assert rule is not None
        assert rule.active is False
        assert rule.terms == ["caída"]
        assert rule.threshold is None
        assert rule.channels == []
        assert rule.quiet_start is None


def test_alert_rule_problems_are_shown_beside_their_fields(app: Rumbo, admin: TestClient):
    refused = post_form(
        admin,
        "/settings/alert-rules/new",
        "/settings/alert-rules",
        name="  ",
        window_minutes="muchos",
        quiet_start="25:00",
        channels="paloma: mensajera",
    )
    assert refused.status_code == 422
    text = refused.text
    assert 'id="name-error">Este campo es obligatorio.' in text
    assert 'id="window_minutes-error">Escribe un número entero.' in text
    assert 'id="quiet_start-error">Escribe una hora como HH:MM (24 h).' in text
    assert "Línea 1: escribe «tipo: destino»" in text
    assert "paloma: mensajera</textarea>" in text  # what was typed is kept

    # What only the listening domain knows: a threshold counts terms, so it needs one.
    refused = post_form(
        admin,
        "/settings/alert-rules/new",
        "/settings/alert-rules",
        name="Umbral sin términos",
        threshold="3",
        window_minutes="60",
    )
    assert refused.status_code == 422
    assert 'id="terms-error">Una regla con umbral cuenta menciones' in refused.text
    with app.reading() as session:
        assert list(listening_queries.list_rules(session)) == []


# Playbooks ----------------------------------------------------------------------------------


def test_a_broken_playbook_is_refused_as_file_line_field_message(app: Rumbo, admin: TestClient):
    shipped = admin.get("/settings/playbooks/outage")
    assert shipped.status_code == 200
    assert "type: outage" in shipped.text
    broken = (
        "type: outage\nname: Caída\nstatus_update_every: 30m\nstages:\n  - name: X\n    tasks: []\n"
    )
    refused = post_form(
        admin, "/settings/playbooks/outage", "/settings/playbooks/outage", yaml=broken
    )
    assert refused.status_code == 422
    assert "outage.yaml:5: stages.0.name:" in refused.text
    assert "outage.yaml:6: stages.0.tasks:" in refused.text
    assert "tasks: []\n</textarea>" in refused.text

    token = csrf_of(admin.get("/settings/playbooks/outage").text)
    uploaded = admin.post(
        "/settings/playbooks/outage",
        data={"csrf_token": token, "yaml": ""},
        files={"file": ("mi-caida.yaml", b"type: outage\nname: [\n", "text/yaml")},
    )
    assert uploaded.status_code == 422
    assert re.search(r"mi-caida\.yaml:\d+: YAML syntax", uploaded.text)
    with app.reading() as session:
        assert playbook_versions(session, "outage") == []


def test_a_valid_playbook_becomes_the_next_version(app: Rumbo, admin: TestClient):
    from rumbo.crisis.playbook import shipped_playbook_text

    text = shipped_playbook_text("outage").replace("\nname: ", "\nname: Nuestra ", 1)
    token = csrf_of(admin.get("/settings/playbooks/outage").text)
    saved = admin.post(
        "/settings/playbooks/outage",
        data={"csrf_token": token, "yaml": "", "note": "Importado"},
        files={"file": ("outage.yaml", text.encode(), "text/yaml")},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    page = admin.get("/settings/playbooks/outage")
    assert "Se guardó la versión 1 del playbook «Nuestra " in page.text
    assert "Importado" in page.text
    with app.reading() as session:
        (stored,) = playbook_versions(session, "outage")
        assert stored.source_yaml == text
    assert "Versión 1" in admin.get("/settings/playbooks").text


# Users and tokens ---------------------------------------------------------------------------


def test_an_admin_adds_a_user_changes_the_role_and_deactivates(app: Rumbo, admin: TestClient):
    added = post_form(
        admin,
        "/settings/users",
        "/settings/users",
        name="Lucía Gómez",
        email="Lucia@Ruiz.mx",
        role="agent",
        password="una-clave-larga",
    )
    assert added.status_code == 303
    assert "Se añadió a Lucía Gómez." in admin.get("/settings/users").text
    with app.reading() as session:
        lucia = account_queries.get_user_by_email(session, "lucia@ruiz.mx")
        assert lucia is not None
        assert lucia.role == "agent"
        lucia_id = lucia.id

    again = post_form(
        admin,
        "/settings/users",
        "/settings/users",
        name="Otra",
        email="lucia@ruiz.mx",
        role="agent",
        password="una-clave-larga",
    )
    assert again.status_code == 409
    assert "Ya hay un usuario con ese correo." in again.text
    short = post_form(
        admin, "/settings/users", "/settings/users", name="Ana", email="ana@ruiz.mx", password="1"
    )
    assert short.status_code == 422
    assert 'id="new-password-error"' in short.text
    assert 'value="ana@ruiz.mx"' in short.text

    changed = post_form(
        admin, "/settings/users", f"/settings/users/{lucia_id}/role", role="communications"
    )
    assert changed.status_code == 303
    assert "Lucía Gómez tiene ahora el rol Comunicación." in admin.get("/settings/users").text

    lucia_browser = TestClient(app.asgi())
    assert sign_in(lucia_browser, "lucia@ruiz.mx", "una-clave-larga").status_code == 303
    off = post_form(admin, "/settings/users", f"/settings/users/{lucia_id}/active", active="0")
    assert off.status_code == 303
    with app.reading() as session:
        lucia = account_queries.get_user(session, lucia_id)
        assert lucia is not None
        assert lucia.role == "communications"
        assert lucia.is_active is False
    # Her open session ends, and she cannot sign in again.
    assert lucia_browser.get("/tickets", follow_redirects=False).status_code == 303
    assert sign_in(lucia_browser, "lucia@ruiz.mx", "una-clave-larga").status_code != 303


def test_an_admin_cannot_lock_themselves_out(app: Rumbo):
    client, me = browser_for(app, "admin")
    refused = post_form(client, "/settings/users", f"/settings/users/{me}/role", role="viewer")
    assert refused.status_code == 409
    assert "No puedes cambiar tu propio rol" in refused.text
    refused = post_form(client, "/settings/users", f"/settings/users/{me}/active", active="0")
    assert refused.status_code == 409
    with app.reading() as session:
        user = account_queries.get_user(session, me)
        assert user is not None
        assert user.role == "admin"
        assert user.is_active


def test_the_last_administrator_is_never_demoted_nor_deactivated(app: Rumbo):
    from rumbo.accounts import actions as account_actions
    from rumbo.errors import Conflict
    from tests.conftest import SYSTEM

    only = make_user(app, "sola@ruiz.mx", "admin", None)
    for change in (
        lambda ctx: account_actions.set_role(ctx, only, "agent"),
        lambda ctx: account_actions.set_active(ctx, only, False),
    ):
        with pytest.raises(Conflict), app.unit_of_work(SYSTEM) as ctx:
            change(ctx)
    second = make_user(app, "otra@ruiz.mx", "admin", None)
    with app.unit_of_work(SYSTEM) as ctx:
        assert account_actions.set_role(ctx, only, "agent").role == "agent"
        assert account_actions.set_active(ctx, second, True).is_active


def test_a_token_is_shown_once_works_and_can_be_revoked(app: Rumbo, admin: TestClient):
    owner = make_user(app, "bot@ruiz.mx", "agent", PASSWORD)
    refused = post_form(admin, "/settings/users", "/settings/tokens", user_id=str(owner), name=" ")
    assert refused.status_code == 422
    assert 'id="token-name-error"' in refused.text

    created = post_form(
        admin, "/settings/users", "/settings/tokens", user_id=str(owner), name="Integración"
    )
    assert created.status_code == 200
    found = re.search(
        r'id="issued-secret" type="text" readonly class="code" value="(rmb_[^"]+)"', created.text
    )
    assert found, "the new token is shown on the answer"
    secret = found[1]
    assert 'data-token-row="Integración"' in created.text
    assert secret not in admin.get("/settings/users").text  # never again

    api = TestClient(app.asgi(), headers={"Authorization": f"Bearer {secret}"})
    assert api.get("/api/v1/tokens").status_code == 200
    with app.reading() as session:
        (token,) = account_queries.list_tokens(session, owner)
        token_id = token.id
    revoked = post_form(admin, "/settings/users", f"/settings/tokens/{token_id}/revoke")
    assert revoked.status_code == 303
    assert "Se revocó el token «Integración»." in admin.get("/settings/users").text
    assert api.get("/api/v1/tokens").status_code == 401


# Integrations -------------------------------------------------------------------------------

LLM_KEY = "sk-live-NEVER-SHOWN-1234567890"
SMTP_PASSWORD = "smtp-NEVER-SHOWN-pass"
HOOK_SECRET = "T000/B000/NEVERSHOWNHOOKSECRET"


@pytest.fixture
def wired(database_url: str) -> Iterator[Rumbo]:
    """An application whose model server and mail server are real local ones, with secrets."""
    with chat_server(ChatScript(replies=["ok"])) as model_url, smtp_inbox() as mail:
        settings = Settings(
            database_url=database_url,
            secret_key=SECRET_KEY,
            llm_url=model_url,
            llm_model="modelo-local",
            llm_api_key=LLM_KEY,
            smtp_host="127.0.0.1",
            smtp_port=mail.port,
            smtp_password=SMTP_PASSWORD,
        )
        app = Rumbo(settings)
        yield app
        app.dispose()


def test_integrations_show_the_configuration_without_its_secrets(wired: Rumbo):
    admin, _me = browser_for(wired, "admin")
    post_form(
        admin,
        "/settings/alert-rules/new",
        "/settings/alert-rules",
        name="Avisar al canal",
        window_minutes="60",
        channels=f"webhook: https://hooks.example.com/services/{HOOK_SECRET}",
    )
    page = admin.get("/settings/integrations")
    assert page.status_code == 200
    assert "modelo-local" in page.text
    assert "https://hooks.example.com/…" in page.text
    assert "Configurada" in page.text  # the key is set, and that is all that is said of it

    llm = post_form(admin, "/settings/integrations", "/settings/integrations/test-llm")
    assert "Conexión correcta." in llm.text
    assert "El modelo respondió: «ok»." in llm.text
    smtp = post_form(admin, "/settings/integrations", "/settings/integrations/test-smtp")
    assert "El servidor aceptó la conexión" in smtp.text
    for html in (page.text, llm.text, smtp.text):
        for secret in (LLM_KEY, SMTP_PASSWORD, HOOK_SECRET):
            assert secret not in html


def test_a_failed_connection_test_says_why(app: Rumbo, admin: TestClient):
    # The test settings name no model server and a mail server on a closed local port.
    page = admin.get("/settings/integrations")
    assert "No hay un servidor de modelo configurado" in page.text
    llm = post_form(admin, "/settings/integrations", "/settings/integrations/test-llm")
    assert "La prueba falló." in llm.text
    assert "RUMBO_LLM_URL" in llm.text
