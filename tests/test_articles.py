"""Managing help-center articles: versions and restoring, safe Markdown, the CLI, and synonyms.

Every change to an article is kept as a numbered version; rendering never lets a script through;
the synonym list the search uses is changed by administrators only, and every change is audited.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.audit import queries as audit_queries
from rumbo.cli.main import cli
from rumbo.knowledge import actions, queries
from rumbo.knowledge.render import sanitize, to_html
from rumbo.knowledge.schemas import ArticleIn, ArticlePatch
from tests.conftest import SYSTEM, client_for

ARTICLE = {
    "title": "Cambiar la dirección de envío",
    "body_md": "Puedes cambiarla **antes** de que el pedido salga del almacén.",
    "category": "Envíos y devoluciones",
}


def elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag in ``html`` with its attributes, as a browser would read them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, attrs))

    Collector().feed(html)
    return found


def create(app: Rumbo, **fields: object) -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        return actions.create_article(ctx, ArticleIn(**{**ARTICLE, **fields})).id  # type: ignore[arg-type]


def update(app: Rumbo, article_id: int, **fields: object) -> int:
    with app.unit_of_work(SYSTEM) as ctx:
        return actions.update_article(ctx, article_id, ArticlePatch(**fields)).version  # type: ignore[arg-type]


def versions(app: Rumbo, article_id: int) -> list[tuple[int, str, str]]:
    with app.reading() as session:
        return [(v.version, v.title, v.status) for v in queries.list_versions(session, article_id)]


# Versions


def test_every_saved_change_is_a_new_version_and_no_change_is_none(app: Rumbo):
    article_id = create(app)
    assert versions(app, article_id) == [(1, ARTICLE["title"], "draft")]

    assert update(app, article_id, title="Cambiar la dirección de entrega") == 2
    assert update(app, article_id, title="Cambiar la dirección de entrega") == 2  # same value
    assert update(app, article_id, status="published") == 3
    assert update(app, article_id, status="archived") == 4

    assert versions(app, article_id) == [
        (4, "Cambiar la dirección de entrega", "archived"),
        (3, "Cambiar la dirección de entrega", "published"),
        (2, "Cambiar la dirección de entrega", "draft"),
        (1, ARTICLE["title"], "draft"),
    ]
    with app.reading() as session:
        article = queries.get_article(session, article_id)
        assert article is not None
        assert article.version == 4
        assert article.published_at is not None


def test_restoring_brings_back_old_words_as_a_new_version_and_keeps_the_status(app: Rumbo, client):
    article_id = create(app, status="published")
    update(app, article_id, title="Título equivocado", body_md="Texto equivocado.")

    restored = client.post(f"/api/v1/articles/{article_id}/versions/1/restore")

    assert restored.status_code == 200
    assert restored.json()["version"] == 3
    assert restored.json()["title"] == ARTICLE["title"]
    assert restored.json()["body_md"] == ARTICLE["body_md"]
    assert restored.json()["status"] == "published"
    listed = client.get(f"/api/v1/articles/{article_id}/versions").json()
    assert [v["version"] for v in listed] == [3, 2, 1]
    assert listed[0]["note"] == "restored from version 1"
    with app.reading() as session:
        (entry,) = audit_queries.list_entries(session, action="article.restored")
        assert entry.entity_id == str(article_id)
        assert entry.before == {"title": "Título equivocado", "body_md": "Texto equivocado."}


def test_restoring_a_version_that_does_not_exist_is_a_404_and_changes_nothing(app: Rumbo, client):
    article_id = create(app)
    response = client.post(f"/api/v1/articles/{article_id}/versions/9/restore")
    assert response.status_code == 404
    assert response.json()["error"]["fields"] == {"version": "unknown"}
    assert versions(app, article_id) == [(1, ARTICLE["title"], "draft")]


def test_a_viewer_reads_versions_but_cannot_restore(app: Rumbo):
    article_id = create(app)
    with client_for(app, "viewer") as viewer:
        assert viewer.get(f"/api/v1/articles/{article_id}/versions").status_code == 200
        refused = viewer.post(f"/api/v1/articles/{article_id}/versions/1/restore")
        assert refused.status_code == 403


def test_batch_loads_write_versions_only_for_what_changed(app: Rumbo):
    row = ArticleIn(**ARTICLE, source="demo", external_id="kb-1")  # type: ignore[arg-type]
    with app.unit_of_work(SYSTEM) as ctx:
        actions.upsert_articles(ctx, [row])
    with app.unit_of_work(SYSTEM) as ctx:
        assert actions.upsert_articles(ctx, [row]).unchanged == 1
    with app.unit_of_work(SYSTEM) as ctx:
        changed = row.model_copy(update={"body_md": "Texto nuevo."})
        assert actions.upsert_articles(ctx, [changed]).updated == 1
    with app.reading() as session:
        (article,), _ = queries.list_articles(session)
        assert article.version == 2
    assert [v for v, _, _ in versions(app, article.id)] == [2, 1]


def test_publish_and_archive_are_status_changes_through_patch(client):
    created = client.post("/api/v1/articles", json=ARTICLE).json()
    published = client.patch(f"/api/v1/articles/{created['id']}", json={"status": "published"})
    assert published.json()["version"] == 2
    archived = client.patch(f"/api/v1/articles/{created['id']}", json={"status": "archived"})
    assert archived.json()["status"] == "archived"
    notes = [v["note"] for v in client.get(f"/api/v1/articles/{created['id']}/versions").json()]
    assert notes == ["archived", "published", "created"]


# Rendering Markdown


def test_the_api_serves_the_rendered_text_next_to_the_markdown(client):
    created = client.post("/api/v1/articles", json=ARTICLE).json()
    article = client.get(f"/api/v1/articles/{created['id']}").json()
    assert article["body_html"] == (
        "<p>Puedes cambiarla <strong>antes</strong> de que el pedido salga del almacén.</p>\n"
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[premio](javascript:alert(1))",
        "[premio](JaVaScRiPt:alert(1))",
        "[premio](javascript&colon;alert(1))",
        "[premio](jav&#x09;ascript:alert(1))",
        "<javascript:alert(1)>",
        "![foto](javascript:alert(1))",
        "[premio](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[premio](vbscript:msgbox(1))",
        '<a href="https://example.com" onclick="alert(1)">premio</a>',
        "<iframe src=https://example.com></iframe>",
        '[premio](https://example.com "t" onmouseover="alert(1)")',
    ],
)
def test_hostile_markdown_renders_without_anything_that_runs(hostile: str):
    html = to_html(f"Texto normal.\n\n{hostile}\n\nMás texto.")
    found = elements(html)
    assert {tag for tag, _ in found} <= {"p", "a", "img", "strong", "em"}
    for tag, attrs in found:
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name in {"href", "src"}:
                assert urlsplit(value or "").scheme in {"", "http", "https"}, (tag, value)
    assert html.startswith("<p>Texto normal.</p>")
    assert html.endswith("<p>Más texto.</p>\n")


def test_the_sanitiser_cleans_html_even_when_it_bypasses_the_markdown_parser():
    html = sanitize(
        '<p onclick="x()">Hola <a href="javascript:x()">uno</a> '
        '<a href="https://example.com" rel="opener">dos</a><svg onload="x()"></svg>'
        "<style>p{}</style><script>x()</script></p>"
    )
    assert html == '<p>Hola <a>uno</a> <a href="https://example.com">dos</a></p>'


def test_external_links_get_noopener_nofollow_and_local_ones_do_not():
    html = to_html(
        "[fuera](https://correos.example/seguimiento) [dentro](/help/articles/envios) "
        "[relativo](otro-articulo) [correo](mailto:soporte@tenderete.example)"
    )
    assert '<a href="https://correos.example/seguimiento" rel="noopener nofollow">fuera</a>' in html
    assert '<a href="/help/articles/envios">dentro</a>' in html
    assert '<a href="otro-articulo">relativo</a>' in html
    assert '<a href="mailto:soporte@tenderete.example">correo</a>' in html


def test_tables_lists_and_code_survive_rendering():
    html = to_html("| Plan | Precio |\n|---|--:|\n| Pro | 10 |\n\n1. uno\n2. dos\n\n`código`")
    assert '<td style="text-align:right">10</td>' in html
    assert "<ol>\n<li>uno</li>" in html
    assert "<code>código</code>" in html


# The command line


@pytest.fixture
def run(app: Rumbo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``rumbo …`` against the test database; returns the result."""
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    env = {"RUMBO_DATABASE_URL": app.settings.database_url}

    def invoke(*args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, list(args), env=env, input=stdin)

    return invoke


def test_the_cli_creates_edits_publishes_and_archives_an_article(run, tmp_path: Path):
    created = run(
        "kb", "article", "create", "--title", "Rastrear tu pedido", "--category", "Envíos",
        "--json", stdin="Escribe el **número de guía** en la página de seguimiento.",
    )  # fmt: skip
    assert created.exit_code == 0, created.output
    article = json.loads(created.stdout)
    assert article["status"] == "draft"
    assert article["body_md"].startswith("Escribe el **número de guía**")

    body = tmp_path / "nuevo.md"
    body.write_text("Con el número de guía puedes ver dónde está tu pedido.", encoding="utf-8")
    aid = str(article["id"])
    edited = run("kb", "article", "edit", aid, "--body-file", str(body), "--json")
    assert json.loads(edited.stdout)["version"] == 2
    assert json.loads(run("kb", "article", "publish", aid, "--json").stdout)["status"] == (
        "published"
    )
    listed = json.loads(run("kb", "article", "list", "--status", "published", "--json").stdout)
    assert [a["id"] for a in listed["items"]] == [article["id"]]
    assert json.loads(run("kb", "article", "archive", aid, "--json").stdout)["version"] == 4

    shown = json.loads(run("kb", "article", "show", aid, "--versions", "--json").stdout)
    assert [v["version"] for v in shown["versions"]] == [4, 3, 2, 1]
    restored = json.loads(run("kb", "article", "restore", aid, "1", "--json").stdout)
    assert restored["body_md"] == article["body_md"]


def test_the_cli_names_the_field_when_input_is_bad(run, app: Rumbo):
    no_title = run("kb", "article", "create", "--title", " ", "--category", "X", stdin="texto")
    assert no_title.exit_code == 2
    assert "title" in no_title.output
    missing = run("kb", "article", "edit", "999", "--title", "Nuevo")
    assert missing.exit_code == 2
    assert "Article 999 does not exist" in missing.output
    no_file = run("kb", "article", "create", "--title", "T", "--category", "X", "--body-file", "x")
    assert "body-file" in no_file.output
    with app.reading() as session:
        assert queries.list_articles(session)[1] == 0


def test_the_cli_manages_synonyms(run):
    added = run("kb", "synonyms", "add", "Envío", "despacho", "entrega", "--json")
    assert added.exit_code == 0, added.output
    group = json.loads(added.stdout)
    assert group["terms"] == ["envío", "despacho", "entrega"]
    listed = json.loads(run("kb", "synonyms", "list", "--json").stdout)
    assert [g["id"] for g in listed] == [group["id"]]
    assert run("kb", "synonyms", "remove", str(group["id"])).exit_code == 0
    assert json.loads(run("kb", "synonyms", "list", "--json").stdout) == []
    lonely = run("kb", "synonyms", "add", "envío")
    assert lonely.exit_code == 2
    assert "terms" in lonely.output


# Synonyms through the API


def test_admins_manage_synonyms_and_every_change_is_audited(app: Rumbo, client):
    heard: list[tuple[str, dict[str, object]]] = []
    app.events.subscribe("*", lambda name, payload: heard.append((name, payload)))

    added = client.post("/api/v1/kb/synonyms", json={"terms": ["envío", "Despacho  "]})
    assert added.status_code == 201
    group = added.json()
    assert group["language"] == "es"
    assert group["terms"] == ["envío", "despacho"]
    changed = client.patch(
        f"/api/v1/kb/synonyms/{group['id']}", json={"terms": ["envío", "despacho", "entrega"]}
    )
    assert changed.json()["terms"] == ["envío", "despacho", "entrega"]
    assert (
        client.get("/api/v1/kb/synonyms", params={"language": "es"}).json()[0]["id"]
        == (group["id"])
    )
    assert client.delete(f"/api/v1/kb/synonyms/{group['id']}").status_code == 204
    assert client.get("/api/v1/kb/synonyms").json() == []

    names = [name for name, _ in heard if name.startswith("synonym.")]
    assert names == ["synonym.added", "synonym.updated", "synonym.removed"]
    with app.reading() as session:
        entries = audit_queries.list_entries(session, entity_type="synonym")
        assert [e.action for e in entries] == [
            "synonym.removed",
            "synonym.updated",
            "synonym.added",
        ]
        assert entries[1].before == {
            "id": group["id"],
            "language": "es",
            "terms": ["envío", "despacho"],
        }
        assert entries[0].actor_label == "admin@example.com"


@pytest.mark.parametrize("role", ["agent", "communications", "legal", "viewer"])
def test_only_admins_change_synonyms_though_everyone_reads_them(app: Rumbo, client, role: str):
    group = client.post("/api/v1/kb/synonyms", json={"terms": ["factura", "recibo"]}).json()
    with client_for(app, role) as other:
        assert other.get("/api/v1/kb/synonyms").status_code == 200
        assert other.post("/api/v1/kb/synonyms", json={"terms": ["a", "b"]}).status_code == 403
        patched = other.patch(f"/api/v1/kb/synonyms/{group['id']}", json={"terms": ["x", "y"]})
        assert patched.status_code == 403
        assert other.delete(f"/api/v1/kb/synonyms/{group['id']}").status_code == 403
    assert client.get("/api/v1/kb/synonyms").json()[0]["terms"] == ["factura", "recibo"]


def test_bad_synonyms_are_refused_naming_the_field(client):
    one = client.post("/api/v1/kb/synonyms", json={"terms": ["envío", " ENVÍO "]})
    assert one.status_code == 422
    assert "terms" in one.json()["error"]["fields"]
    language = client.post("/api/v1/kb/synonyms", json={"terms": ["a", "b"], "language": "fr"})
    assert "language" in language.json()["error"]["fields"]
    client.post("/api/v1/kb/synonyms", json={"terms": ["envío", "despacho"]})
    taken = client.post("/api/v1/kb/synonyms", json={"terms": ["entrega", "Envío"]})
    assert taken.status_code == 409
    assert taken.json()["error"]["fields"]["terms"].startswith("'envío' already in group")
    # The same word may mean the same thing in another language's list.
    other = client.post(
        "/api/v1/kb/synonyms", json={"terms": ["envío", "shipping"], "language": "en"}
    )
    assert other.status_code == 201
    assert len(client.get("/api/v1/kb/synonyms").json()) == 2
    assert client.patch("/api/v1/kb/synonyms/999", json={"terms": ["a", "b"]}).status_code == 404
