"""A large knowledge base compares a question with a shortlist of articles, not every passage.

Above ``EXACT_DENSE_LIMIT`` passages, search reads the passages of the articles whose mean vector
(found through its main directions first) or whose BM25 is best, and takes the cosine statistics
the confidence needs from a fixed sample. These tests shrink the limits so a few thousand random
articles take that path, and hold it to what the exact computation gives.
"""

from __future__ import annotations

import numpy as np
import pytest

from rumbo.knowledge.search import index as index_module
from rumbo.knowledge.search import scoring
from rumbo.knowledge.search.analysis import analyzer, encode_terms
from rumbo.knowledge.search.embeddings import DIM, E5_DIM, PARTS, from_bytes, to_bytes
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex

ARTICLES = 3_000
PASSAGES = 3  # per article


def unit(rng: np.random.Generator, size: int) -> np.ndarray:
    vector = rng.standard_normal(size).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture(scope="module")
def large() -> SearchIndex:
    """3,000 articles of three passages each. Their vectors vary mostly along 48 directions, as
    sentence embeddings do (a few hundred dimensions, most of the spread in a few)."""
    rng = np.random.default_rng(7)
    directions = rng.standard_normal((48, DIM)).astype(np.float32)
    es = analyzer("es")
    articles, chunks = [], []
    for article_id in range(1, ARTICLES + 1):
        articles.append(
            ArticleRow(
                article_id, f"Artículo {article_id}", f"a-{article_id}", "es", "x", "published"
            )
        )
        # An article's passages share a direction, as real ones do.
        topic = rng.standard_normal(48).astype(np.float32) @ directions + 0.5 * unit(rng, DIM)
        topic /= np.linalg.norm(topic)
        for position in range(PASSAGES):
            text = f"Pasaje {position} del artículo {article_id} sobre envíos y pagos"
            vector = topic + 0.3 * unit(rng, DIM)
            for part in PARTS:
                vector[part] /= np.linalg.norm(vector[part])
            terms = encode_terms(es.terms(text))
            chunks.append(ChunkRow(article_id, position, "es", text, terms, to_bytes(vector)))
    patch = pytest.MonkeyPatch()
    patch.setattr(index_module, "EXACT_DENSE_LIMIT", 1_000)
    patch.setattr(scoring, "COARSE_POOL", 500)
    patch.setattr(scoring, "SHORTLIST", 50)
    built = SearchIndex.build(articles, chunks)
    yield built
    patch.undo()


def question_near(large: SearchIndex, row: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vector = from_bytes([to_bytes(np.concatenate([large.vectors[row], large.use_vectors[row]]))])[0]
    noisy = vector + 0.5 * unit(rng, DIM)
    for part in PARTS:
        noisy[part] /= np.linalg.norm(noisy[part])
    return noisy.astype(np.float32)


def test_a_large_index_takes_the_shortlist_path(large):
    assert large.shortlist is not None
    assert large.shortlist.centroids.shape == (ARTICLES, E5_DIM)
    assert large.shortlist.coarse.shape == (ARTICLES, index_module.COARSE_DIM)


def test_the_shortlist_holds_the_articles_a_full_comparison_ranks_best(large):
    for seed, row in enumerate(range(0, ARTICLES * PASSAGES, 397)):
        question = question_near(large, row, seed)
        scores = scoring.score(large, "envíos", "es", question)
        e5 = question[PARTS[0]]
        exact = np.full(len(large.articles), -1.0, dtype=np.float32)
        np.maximum.at(exact, large.chunk_article, large.vectors @ e5)
        best = np.argsort(-exact)[:5]
        # Every passage of the five best articles was compared, with the exact cosine.
        assert np.allclose(scores.article_dense[best], exact[best], atol=1e-5)
        assert int(np.argmax(scores.article_dense)) == int(best[0])


def test_the_cosine_statistics_are_the_samples(large):
    question = question_near(large, 5, 2)
    scores = scoring.score(large, "envíos", "es", question)
    assert large.shortlist is not None
    sampled = large.vectors[large.shortlist.sample] @ question[PARTS[0]]
    assert scores.dense_mean == pytest.approx(float(sampled.mean()), abs=1e-5)
    assert scores.dense_std == pytest.approx(float(sampled.std()), rel=1e-4)
