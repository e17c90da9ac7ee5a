"""Server-rendered pages (placeholder until the web shell lands)."""

from __future__ import annotations

from fastapi import FastAPI


def mount_pages(app: FastAPI) -> None:
    return None
