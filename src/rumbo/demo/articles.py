"""The demo company's help center: structured article texts turned into Markdown."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rumbo.knowledge.actions import slugify
from rumbo.knowledge.schemas import ArticleIn

SOURCE = "demo"


@dataclass(frozen=True)
class Text:
    """One article's words. ``key`` names the article in every language."""

    key: str
    category: str
    title: str
    intro: str
    steps: tuple[str, ...]
    note: str
    before: str | None = None
    draft: bool = False


def article(
    key: str,
    category: str,
    title: str,
    intro: str,
    steps: tuple[str, ...],
    note: str,
    before: str | None = None,
    draft: bool = False,
) -> Text:
    return Text(key, category, title, intro, steps, note, before, draft)


CATEGORIES_EN = {
    "Cuenta y acceso": "Account and access",
    "Facturación": "Billing",
    "Envíos y devoluciones": "Shipping and returns",
    "Hardware": "Hardware",
    "Sincronización": "Sync",
    "Planes y precios": "Plans and pricing",
    "Seguridad": "Security",
}
_HEADINGS = {
    "es": (
        "Antes de empezar",
        "Paso a paso",
        "Si algo no sale como esperabas",
        "¿Sigues con dudas? Escríbenos desde el chat de la app o a "
        "soporte@tenderete.example y te ayudamos.",
    ),
    "en": (
        "Before you start",
        "Step by step",
        "If something doesn't work",
        "Still stuck? Message us from the in-app chat or at soporte@tenderete.example.",
    ),
}


def markdown(text: Text, language: str) -> str:
    before_title, steps_title, note_title, contact = _HEADINGS[language]
    parts = [text.intro]
    if text.before:
        parts.append(f"## {before_title}\n\n{text.before}")
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(text.steps, start=1))
    parts += [f"## {steps_title}\n\n{steps}", f"## {note_title}\n\n{text.note}", contact]
    return "\n\n".join(parts)


def help_center(anchor: dt.datetime) -> list[ArticleIn]:
    """About sixty articles: Spanish first, ten also in English in the same translation group."""
    from rumbo.demo.articles_en import ENGLISH
    from rumbo.demo.articles_es import SPANISH

    english_keys = {t.key for t in ENGLISH}
    rows = []
    for index, text in enumerate(SPANISH):
        rows.append(_row(text, "es", anchor, index, text.key in english_keys))
    categories = {t.key: t.category for t in SPANISH}
    for index, text in enumerate(ENGLISH):
        rows.append(
            _row(
                text,
                "en",
                anchor,
                index + len(SPANISH),
                True,
                category=CATEGORIES_EN[categories[text.key]],
            )
        )
    return rows


def _row(
    text: Text,
    language: str,
    anchor: dt.datetime,
    index: int,
    translated: bool,
    category: str | None = None,
) -> ArticleIn:
    # Review dates spread over the year; some are already due, as in a real help center.
    review = anchor.date() + dt.timedelta(days=(index * 37) % 300 - 40)
    return ArticleIn(
        source=SOURCE,
        external_id=f"demo-kb-{text.key}-{language}",
        slug=text.key if language == "es" else slugify(text.title),
        title=text.title,
        body_md=markdown(text, language),
        language=language,
        category=category or text.category,
        status="draft" if text.draft else "published",
        translation_group=f"demo-kb-{text.key}" if translated else None,
        review_at=review,
    )
