"""``rumbo eval retrieval``: the real indexing, search and decision on an evaluation set.

The set is loaded into a fresh temporary SQLite store through the knowledge actions (published
articles), indexed as in production, and every question goes through ``search`` and
``decide`` exactly as the assistant runs them.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rumbo.eval.dataset import EvalArticle, load_set
from rumbo.eval.metrics import Outcome, summarize

Progress = Callable[[str, int, int], None]  # (stage, done, total)
LOAD_BATCH = 20


def _article_rows(articles: list[EvalArticle]) -> list[object]:
    from rumbo.knowledge.actions import slugify
    from rumbo.knowledge.schemas import ArticleIn

    seen: set[str] = set()
    rows: list[object] = []
    for article in articles:
        slug = slugify(article.id)
        while slug in seen:  # ids that differ only in punctuation or case
            slug = f"{slug}-x"[:200]
        seen.add(slug)
        rows.append(
            ArticleIn(
                source="eval",
                external_id=article.id[:100],
                slug=slug,
                title=article.title[:300],
                body_md=article.body,
                language=article.language if article.language in ("es", "en", "pt") else "es",
                category="eval",
                status="published",
            )
        )
    return rows


def run_retrieval(
    directory: Path, *, limit_queries: int | None = None, progress: Progress | None = None
) -> dict[str, object]:
    """Evaluate search and the assistant's decision on the set in ``directory``."""
    from sqlalchemy import select

    from rumbo import storage
    from rumbo.app import Rumbo
    from rumbo.assistant.decision import decide
    from rumbo.assistant.signals import detect
    from rumbo.context import Actor
    from rumbo.knowledge.actions import upsert_articles
    from rumbo.knowledge.indexing import attach, index_articles
    from rumbo.knowledge.models import Article
    from rumbo.knowledge.search import search
    from rumbo.settings import Settings

    articles, queries = load_set(directory)
    if limit_queries is not None:
        queries = queries[: max(limit_queries, 0)]
    with tempfile.TemporaryDirectory(prefix="rumbo-eval-") as tmp:
        settings = Settings(
            database_url=f"sqlite:///{Path(tmp) / 'eval.db'}",
            secret_key="rumbo-eval-temporary-store",  # noqa: S106 - a throwaway store
            load_plugins=False,
        )
        app = Rumbo(settings)
        try:
            storage.upgrade(app.engine)
            attach(app)  # indexing as in production: each committed batch is indexed
            began = time.perf_counter()
            rows = _article_rows(articles)
            for start in range(0, len(rows), LOAD_BATCH):
                with app.unit_of_work(Actor.system("eval")) as ctx:
                    upsert_articles(ctx, rows[start : start + LOAD_BATCH])  # type: ignore[arg-type]
                if progress:
                    progress("index", min(start + LOAD_BATCH, len(rows)), len(rows))
            with app.unit_of_work(Actor.system("eval")) as ctx:
                found = ctx.session.execute(select(Article.external_id, Article.id))
                ids = dict(found.all())
                report = index_articles(ctx.session, list(ids.values()))  # all up to date: a check
            index_s = time.perf_counter() - began
            external = {v: k for k, v in ids.items() if k is not None}
            outcomes: list[Outcome] = []
            searching = 0.0
            with app.reading() as session:
                search(app, session, articles[0].title)  # warm the index and the model
                for done, item in enumerate(queries, 1):
                    began = time.perf_counter()
                    result = search(app, session, item.query, limit=10)
                    took = time.perf_counter() - began
                    searching += took
                    decision = decide(item.query, result, detect(item.query, result.language))
                    cited = decision.article_ids[0] if decision.article_ids else None
                    outcomes.append(
                        Outcome(
                            relevant=frozenset(item.relevant),
                            ranked=[external[h.article_id] for h in result.hits],
                            decision=decision.decision,
                            cited=external.get(cited) if cited is not None else None,
                            search_ms=took * 1000,
                            embed_ms=result.timings_ms.get("embed_ms", 0.0),
                        )
                    )
                    if progress and (done % 25 == 0 or done == len(queries)):
                        progress("search", done, len(queries))
        finally:
            app.dispose()
    summary = summarize(outcomes, searching)
    summary.update(
        {
            "set": directory.name,
            "articles": len(articles),
            "passages": report.passages,
            "index_s": round(index_s, 2),
        }
    )
    return summary
