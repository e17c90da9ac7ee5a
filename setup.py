"""Compiles the listening hot path to C with mypyc when it can; the project is pyproject.toml.

Ingestion spends most of its time in per-event Python: counting and testing each term
(``detect``), enriching each post (``enrich``) and parsing each event. These modules are
plain typed Python, and mypyc turns them into C extensions that run the same code (the
detector 2.5 times faster, ingestion as a whole about 1.4 times). Nothing else changes: where
the build cannot compile (no C compiler, ``RUMBO_PURE_PYTHON=1``), the same modules run as
Python, and ``rumbo._compiled`` loads the Python sources whenever a compiled module is older
than its source.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "src"))
from rumbo._compiled import COMPILED  # noqa: E402 - the one list of compiled modules


def extensions() -> list[object]:
    if os.environ.get("RUMBO_PURE_PYTHON") == "1":
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("mypyc is not available: the listening modules stay pure Python", file=sys.stderr)
        return []
    # The project's mypy settings name plugins the build environment does not have; the
    # compiled modules only need their own annotations, so third-party imports are Any here.
    config = Path(tempfile.mkdtemp(prefix="rumbo-mypyc-")) / "mypy.ini"
    config.write_text("[mypy]\nignore_missing_imports = True\nfollow_imports = silent\n")
    paths = ["src/" + name.replace(".", "/") + ".py" for name in COMPILED]
    try:
        modules = mypycify(
            [f"--config-file={config}", *paths], opt_level="3", group_name="rumbo_listening"
        )
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error it cannot compile
        print(f"mypyc could not compile the listening modules ({exc!r})", file=sys.stderr)
        return []
    for module in modules:
        module.optional = True  # a failed compile leaves the Python modules in charge
    return modules


setup(ext_modules=extensions())
