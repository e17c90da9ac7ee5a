"""Text helpers every domain shares."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without diacritics: ``"ENVÍO"`` → ``"envio"``. Never fails on any input.

    Search, the assistant's signals and the CSV header matcher all compare text this way, so a
    word a customer types without accents means the same to each of them.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
