"""The modules compiled to C by mypyc (see setup.py), and when their Python source runs instead.

A compiled module is found before its ``.py`` by the import system, so an edited source would
silently lose to a stale build. ``install`` (run when ``rumbo`` is imported) puts a finder first
that loads every module below from source when one compiled file is older than its source, or
when ``RUMBO_PURE_PYTHON=1`` asks for it. The group is switched as a whole: compiled modules call
each other natively, so half a group from source would mix two versions of the same classes.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

COMPILED = (
    "rumbo.listening.detect.types",
    "rumbo.listening.detect.stats",
    "rumbo.listening.detect.counters",
    "rumbo.listening.detect.rhythm",
    "rumbo.listening.detect.share",
    "rumbo.listening.detect.daily",
    "rumbo.listening.detect.engine",
    "rumbo.listening.enrich.text",
    "rumbo.listening.enrich.engine",
    "rumbo.listening.sources.parse",
    "rumbo.listening.hotpath",
)
_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def _source(name: str, root: Path = _ROOT) -> Path:
    return root.joinpath(*name.split(".")).with_suffix(".py")


def built(name: str, root: Path = _ROOT) -> list[Path]:
    """The compiled files of ``name`` next to its source (none when it was not compiled)."""
    source = _source(name, root)
    return [
        source.with_suffix(suffix)
        for suffix in importlib.machinery.EXTENSION_SUFFIXES
        if source.with_suffix(suffix).exists()
    ]


def stale(root: Path = _ROOT) -> list[str]:
    """Compiled modules whose source changed after they were built."""
    return [
        name
        for name in COMPILED
        for compiled in built(name, root)
        if _source(name, root).stat().st_mtime > compiled.stat().st_mtime
    ]


def is_compiled(module: ModuleType) -> bool:
    return not (module.__file__ or "").endswith(".py")


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds the compiled modules' ``.py`` sources before their extension files."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, _source(fullname))


def install() -> None:
    if any(isinstance(finder, _SourceFirst) for finder in sys.meta_path):
        return
    if os.environ.get("RUMBO_PURE_PYTHON") == "1":
        sys.meta_path.insert(0, _SourceFirst())
        return
    changed = stale()
    if changed:
        log.warning(
            "compiled modules older than their source (%s): running the Python source; "
            "`make install` compiles them again",
            ", ".join(changed),
        )
        sys.meta_path.insert(0, _SourceFirst())
