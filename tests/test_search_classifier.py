"""The knowledge base's own article classifier: trained on each article's passages, it learns the
few directions that tell near-identical articles apart, and becomes one more feature of the
fused ranking (``fusion.HYBRID_WEIGHTS``; a knowledge base without one uses ``PLAIN_WEIGHTS``).
"""

from __future__ import annotations

import threading

import numpy as np
import pytest

from rumbo.knowledge.search import classifier as classifier_module
from rumbo.knowledge.search.classifier import FLOOR, Lazy, train
from rumbo.knowledge.search.embeddings import DIM, PARTS, to_bytes
from rumbo.knowledge.search.fusion import FEATURES, HYBRID_WEIGHTS, PLAIN_WEIGHTS, features
from rumbo.knowledge.search.index import ArticleRow, ChunkRow, SearchIndex
from rumbo.knowledge.search.scoring import score


def unit_parts(vector: np.ndarray) -> np.ndarray:
    """Each model's part of a stored vector is a unit vector."""
    out = vector.astype(np.float32).copy()
    for part in PARTS:
        out[part] /= np.linalg.norm(out[part])
    return out


def near_twins(rng: np.random.Generator, articles: int, passages: int) -> tuple[np.ndarray, ...]:
    """Articles that share one meaning and differ by a small direction of their own, their
    passages phrased with a lot of noise (as a dozen ways to ask the same thing are)."""
    shared = rng.standard_normal(DIM)
    own = rng.standard_normal((articles, DIM)) * 0.12
    rows, owner = [], []
    for article in range(articles):
        for _ in range(passages):
            rows.append(unit_parts(shared + own[article] + rng.standard_normal(DIM) * 0.6))
            owner.append(article)
    return shared, own, np.array(rows), np.array(owner, dtype=np.int32)


def test_it_tells_apart_articles_that_nearest_passages_confuse():
    rng = np.random.default_rng(3)
    shared, own, rows, owner = near_twins(rng, articles=6, passages=12)
    model = train((rows[:, PARTS[0]], rows[:, PARTS[1]]), owner, 6)
    assert model is not None

    by_classifier = by_cosine = 0
    trials = 300
    for trial in range(trials):
        article = trial % 6
        query = unit_parts(shared + own[article] + rng.standard_normal(DIM) * 0.6)
        by_classifier += int(np.argmax(model.log_probabilities(query)) == article)
        by_cosine += int(owner[np.argmax(rows @ query)] == article)

    # The nearest passage is often another article's noisy phrasing; the classifier weighs
    # every example of each article, along the directions that separate them.
    assert by_classifier > by_cosine + trials // 10
    assert by_classifier / trials > 0.8


def test_log_probabilities_cover_every_article_slot():
    rng = np.random.default_rng(5)
    _, _, rows, owner = near_twins(rng, articles=3, passages=4)
    owner = np.where(owner == 2, 3, owner).astype(np.int32)  # slot 2 has no passages
    model = train((rows[:, PARTS[0]], rows[:, PARTS[1]]), owner, 4)
    assert model is not None

    log_p = model.log_probabilities(rows[0])

    assert log_p.shape == (4,)
    assert log_p[2] == FLOOR
    assert np.exp(log_p[[0, 1, 3]]).sum() == pytest.approx(1.0, abs=1e-5)
    assert int(np.argmax(log_p)) == 0  # a passage of article 0 is classified as article 0


def test_two_articles_are_one_binary_fit_split_in_two():
    rng = np.random.default_rng(9)
    _, _, rows, owner = near_twins(rng, articles=2, passages=6)
    model = train((rows[:, PARTS[0]], rows[:, PARTS[1]]), owner, 2)
    assert model is not None

    for row, article in zip(rows, owner, strict=True):
        log_p = model.log_probabilities(row)
        assert np.exp(log_p).sum() == pytest.approx(1.0, abs=1e-5)
        assert int(np.argmax(log_p)) == article


def test_no_classifier_without_two_articles_or_beyond_the_training_budget(monkeypatch):
    rng = np.random.default_rng(1)
    _, _, rows, owner = near_twins(rng, articles=3, passages=4)
    parts = (rows[:, PARTS[0]], rows[:, PARTS[1]])

    assert train(parts, np.zeros(len(rows), dtype=np.int32), 1) is None  # nothing to tell apart
    assert train((parts[0][:0], parts[1][:0]), owner[:0], 3) is None  # no passages

    monkeypatch.setattr(classifier_module, "MAX_WORK", len(rows) * 3 - 1)
    assert train(parts, owner, 3) is None  # 12 passages x 3 articles is over budget
    monkeypatch.setattr(classifier_module, "MAX_WORK", len(rows) * 3)
    assert train(parts, owner, 3) is not None


def test_it_trains_once_however_many_searches_arrive_together():
    lazy = Lazy()
    calls = []
    gate = threading.Event()

    def build() -> None:
        calls.append(1)
        gate.wait(5)  # the others arrive while the first is still training

    threads = [threading.Thread(target=lazy.get, args=(build,)) for _ in range(8)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(10)

    assert calls == [1]
    assert lazy.get(build) is None
    assert calls == [1]


def index_of(statuses: list[str], waiting: frozenset[int] = frozenset()) -> SearchIndex:
    """Near-twin articles with these statuses; the ``waiting`` ones have no vectors yet."""
    rng = np.random.default_rng(4)
    _, _, rows, owner = near_twins(rng, articles=len(statuses), passages=5)
    articles = [
        ArticleRow(i + 1, f"Artículo {i}", f"a-{i}", "es", "ayuda", status)
        for i, status in enumerate(statuses)
    ]
    chunks = [
        ChunkRow(
            int(a) + 1,
            p,
            "es",
            f"pasaje {p} del artículo {a}",
            "",
            None if int(a) in waiting else to_bytes(v),
        )
        for p, (v, a) in enumerate(zip(rows, owner, strict=True))
    ]
    return SearchIndex.build(articles, chunks)


def test_no_classifier_until_every_passage_has_its_vectors():
    """An article still waiting for the background filler would be no class, and sink below
    the articles that have one: until the fill ends, the plain fusion ranks."""
    waiting = index_of(["published"] * 3, waiting=frozenset({2}))
    vector = np.concatenate([waiting.vectors[0], waiting.use_vectors[0]])

    assert waiting.has_vectors  # the others are searched by their vectors meanwhile
    assert waiting.classifier is None
    assert score(waiting, "pasaje", "es", vector).article_classifier is None

    model = index_of(["published"] * 3).classifier
    assert model is not None
    assert list(model.slots) == [0, 1, 2]
    assert model.log_probabilities(vector)[2] > FLOOR


def test_archived_articles_are_no_class_and_drafts_are():
    index = index_of(["published", "archived", "draft"])

    model = index.classifier

    assert model is not None
    assert list(model.slots) == [0, 2]
    assert index.classifier is model  # trained once per index


def test_the_fusion_reads_it_when_the_index_has_one():
    index = index_of(["published", "published", "published"])
    vector = np.concatenate([index.vectors[0], index.use_vectors[0]])  # article 0's passage

    scores = score(index, "pasaje", "es", vector)
    rows = features(index, scores, [0, 1, 2], True)

    columns = [FEATURES.index("classifier"), FEATURES.index("classifier_margin")]
    assert scores.article_classifier is not None
    assert np.all(rows[:, columns[0]] <= 0.0)  # log-probabilities
    assert int(np.argmax(rows[:, columns[0]])) == 0  # article 0's own passage
    assert np.count_nonzero(HYBRID_WEIGHTS[columns]) == 2
    assert np.count_nonzero(PLAIN_WEIGHTS[columns]) == 0

    lexical_only = score(index, "pasaje", "es", None)
    assert lexical_only.article_classifier is None
    assert np.all(features(index, lexical_only, [0, 1, 2], False)[:, columns] == 0.0)


def test_a_failed_fit_leaves_search_on_the_plain_fusion(caplog):
    lazy = Lazy()

    def build() -> None:
        raise ValueError("singular data")

    assert lazy.get(build) is None
    assert "could not be trained" in caplog.text
    assert lazy.get(build) is None  # not retried at every search
    assert caplog.text.count("could not be trained") == 1
