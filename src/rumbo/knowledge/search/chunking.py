"""Splitting an article into passages the index scores one by one.

An article's score is its best passage's, so a long article is found by the paragraph that
answers, and a FAQ article whose body is a list of example questions is found by the example
closest to the customer's words. Passages keep their section heading as context.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CHARS = 600  # about 150 tokens: well inside the embedding model's window
TARGET_CHARS = 400

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class Chunk:
    """One passage: ``text`` is what a reader sees, ``context`` the heading it sits under."""

    position: int
    text: str
    context: str = ""
    is_title: bool = False


def _split_long(text: str) -> list[str]:
    """Cut a long paragraph at sentence ends into pieces of about ``TARGET_CHARS``."""
    if len(text) <= MAX_CHARS:
        return [text]
    pieces: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(text):
        while len(sentence) > MAX_CHARS:  # a run-on "sentence": cut at a space
            cut = sentence.rfind(" ", 0, MAX_CHARS)
            cut = cut if cut > MAX_CHARS // 2 else MAX_CHARS
            if current:
                pieces.append(current)
                current = ""
            pieces.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if current and len(current) + 1 + len(sentence) > TARGET_CHARS:
            pieces.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        pieces.append(current)
    return [p for p in pieces if p]


def _blocks(body: str) -> list[tuple[str, str]]:
    """(heading, text) blocks: each list item alone, other lines joined into paragraphs."""
    blocks: list[tuple[str, str]] = []
    heading = ""
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append((heading, " ".join(paragraph)))
            paragraph.clear()

    for line in body.splitlines():
        if match := _HEADING.match(line):
            flush()
            heading = match.group(1).strip()
        elif match := _ITEM.match(line):
            flush()
            paragraph.append(match.group(1).strip())
            flush()
        elif not line.strip():
            flush()
        else:
            paragraph.append(line.strip())
    flush()
    return blocks


def chunk_article(title: str, body: str) -> list[Chunk]:
    """The passages of an article: its title first, then each block, long ones cut."""
    chunks = [Chunk(0, title.strip(), is_title=True)]
    for heading, text in _blocks(body):
        for piece in _split_long(text):
            if piece.strip():
                chunks.append(Chunk(len(chunks), piece, heading))
    if len(chunks) == 1:  # a body of only headings or markup: keep it searchable
        chunks.append(Chunk(1, body.strip() or title.strip()))
    return chunks


def embedding_text(title: str, chunk: Chunk) -> str:
    """What the embedding model reads for a passage: the passage in its article's context."""
    if chunk.is_title:
        return chunk.text
    context = f"{title}: {chunk.context}" if chunk.context else title
    return f"{context}: {chunk.text}"


def lexical_text(title: str, chunk: Chunk) -> str:
    """What BM25 indexes for a passage: the passage and its heading (the title is its own)."""
    return f"{chunk.context} {chunk.text}" if chunk.context else chunk.text
