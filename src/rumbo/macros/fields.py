"""The fields a macro may carry, and how they are filled in for one ticket.

``{nombre}`` is the customer's first name; ``{incidente}`` is the text of the latest published
status update of the active incident. Without an active incident, the sentence that carries
``{incidente}`` is removed whole, so the customer never reads a sentence with a hole in it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FIELDS = ("nombre", "incidente")
_FIELD = re.compile(r"\{([^{}\s]*)\}")
# A sentence ends at . ! ? or … followed by white space; lines are kept as they are. The
# incident's text is made of whole sentences, so "{incidente} Gracias." holds two of them.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[ \t]+|(?<=\{incidente\})[ \t]+(?=[A-ZÁÉÍÓÚÑ¿¡])")
_NAMELESS = re.compile(r",?[ \t]*\{nombre\}")


def unknown_fields(text: str) -> list[str]:
    """Every ``{field}`` in ``text`` that is not one of :data:`FIELDS`, in order, once each."""
    seen: list[str] = []
    for name in _FIELD.findall(text):
        if name not in FIELDS and name not in seen:
            seen.append(name)
    return seen


@dataclass(frozen=True)
class Filled:
    text: str
    # True when a sentence was removed because no incident is active.
    dropped_incident: bool


def fill(text: str, *, first_name: str, incident: str | None) -> Filled:
    """``text`` with its fields replaced for one ticket."""
    dropped = False
    if "{incidente}" in text:
        if incident:
            text = text.replace("{incidente}", incident.strip())
        else:
            text = _without_sentences_containing(text, "{incidente}")
            dropped = True
    # Without a name, "Hola, {nombre}:" becomes "Hola:" rather than "Hola, :".
    text = text.replace("{nombre}", first_name) if first_name else _NAMELESS.sub("", text)
    return Filled(text=text, dropped_incident=dropped)


def _without_sentences_containing(text: str, marker: str) -> str:
    lines: list[str] = []
    for line in text.split("\n"):
        if marker not in line:
            lines.append(line)
            continue
        kept = [s for s in _SENTENCE_END.split(line) if marker not in s]
        if kept:
            lines.append(" ".join(kept))
    # A paragraph made only of the removed sentence leaves no double blank line behind.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def first_name(full_name: str | None) -> str:
    return full_name.split()[0] if full_name and full_name.strip() else ""
