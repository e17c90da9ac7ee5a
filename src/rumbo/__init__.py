"""Rumbo: self-hosted, Spanish-first customer service and crisis management.

Importing the package does no work beyond choosing between the compiled listening modules and
their Python sources (:mod:`rumbo._compiled`): the application is built by
:func:`rumbo.app.create_app`.
"""

__version__ = "0.1.0"

from rumbo import _compiled

_compiled.install()
