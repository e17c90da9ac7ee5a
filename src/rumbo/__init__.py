"""Rumbo: self-hosted, Spanish-first customer service and crisis management.

Importing the package does no work: the application is built by :func:`rumbo.app.create_app`.
"""

__version__ = "0.1.0"
