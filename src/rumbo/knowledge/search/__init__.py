"""Search over the help center, built for Spanish and English.

Passages are analysed per language (accent and case folding, stopwords, Snowball stems, admin
synonyms, typo tolerance for short queries) into a BM25 index, and embedded by a multilingual
model so a question finds its article across languages; both rankings are fused per article
with a calibrated confidence. The embedding model loads on the first query, never on import.
"""

from __future__ import annotations

from rumbo.knowledge.search.hybrid import MAX_QUERY_CHARS, search
from rumbo.knowledge.search.types import Passage, SearchHit, SearchResult

__all__ = ["MAX_QUERY_CHARS", "Passage", "SearchHit", "SearchResult", "search"]
