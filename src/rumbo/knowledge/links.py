"""Where an article lives in the public help center.

Kept in the domain because the assistant cites articles by link and the help center serves them:
one function, so the two never disagree.
"""

from __future__ import annotations

from urllib.parse import quote

HELP_DEFAULT_LANGUAGE = "es"


def article_path(slug: str, language: str) -> str:
    """``/help/articles/<slug>``, with ``?lang=en`` for other languages than the default."""
    path = f"/help/articles/{quote(slug)}"
    return path if language == HELP_DEFAULT_LANGUAGE else f"{path}?lang={language}"
