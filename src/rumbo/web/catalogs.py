"""Keep the translation catalogues in step with the code: extract, update, compile, check.

    python -m rumbo.web.catalogs update    # new strings into every .po (Spanish filled in)
    python -m rumbo.web.catalogs compile   # .po -> .mo, committed next to it
    python -m rumbo.web.catalogs check     # exit 1 when a string is untranslated or stale

Babel (in the ``test`` extra) does the work; running Rumbo needs only the compiled ``.mo`` files,
read by the standard library. Spanish is the source language, so its catalogue is the strings
themselves; English is written by hand in ``locale/en/LC_MESSAGES/messages.po``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rumbo.web.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog

WEB_DIR = Path(__file__).parent
METHODS = [("**.py", "python"), ("templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "N_": None,
    "NP_": ((1, "c"), 2),
    "in_language": (2,),
}


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    """Every marked string of the web layer (templates and Python), with where it is used."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalog = Catalog(project="Rumbo", domain=DOMAIN, charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        WEB_DIR, METHODS, options_map=OPTIONS, keywords=KEYWORDS, comment_tags=("Translators:",)
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def read(language: str) -> Catalog:
    from babel.messages.pofile import read_po

    with po_path(language).open("rb") as handle:
        return read_po(handle, locale=language, domain=DOMAIN)


def write(language: str, catalog: Catalog) -> None:
    from babel.messages.pofile import write_po

    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, sort_output=True)


def update() -> None:
    """Merge the extracted strings into each catalogue; Spanish translates to itself."""
    from babel.messages.catalog import Catalog

    template = extract()
    for language in LANGUAGES:
        path = po_path(language)
        catalog = read(language) if path.exists() else Catalog(locale=language, domain=DOMAIN)
        catalog.update(template, no_fuzzy_matching=True)
        if language == DEFAULT_LANGUAGE:
            for message in catalog:
                if message.id and not _translated(message.string):
                    message.string = message.id
        catalog.obsolete.clear()
        write(language, catalog)


def compiled(language: str) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read(language))
    return buffer.getvalue()


def compile_all() -> None:
    for language in LANGUAGES:
        po_path(language).with_suffix(".mo").write_bytes(compiled(language))


def _translated(value: Any) -> bool:
    if isinstance(value, tuple | list):
        return all(bool(v) for v in value)
    return bool(value)


SPANISH_ONLY = frozenset("áéíóúñ¿¡")


def _left_in_spanish(msgid: Any, msgstr: Any) -> bool:
    """A translation copied from its Spanish source ("Chat" may stay "Chat"; "Sí" may not)."""
    return msgid == msgstr and any(ch in SPANISH_ONLY for ch in str(msgid).lower())


def problems() -> list[str]:
    """Every string missing from a catalogue or left untranslated, and every stale ``.mo``."""
    found = []
    template = extract()
    for language in LANGUAGES:
        catalog = read(language)
        for message in template:
            if not message.id:
                continue
            have = catalog.get(message.id, context=message.context)
            if have is None:
                found.append(f"{language}: missing {message.id!r}")
            elif not _translated(have.string) or have.fuzzy:
                found.append(f"{language}: untranslated {message.id!r}")
            elif language != DEFAULT_LANGUAGE and _left_in_spanish(have.id, have.string):
                found.append(f"{language}: still Spanish {message.id!r}")
        mo = po_path(language).with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(language):
            found.append(f"{language}: {mo.name} is out of date (run compile)")
    return found


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "update":
        update()
    elif command == "compile":
        compile_all()
    elif command == "check":
        issues = problems()
        print("\n".join(issues) or "catalogues complete")
        return 1 if issues else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
