"""Health (public) and who-am-I."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from rumbo import __version__
from rumbo.accounts.schemas import UserOut
from rumbo.api.deps import CurrentUser, RumboDep

router = APIRouter(tags=["system"])


class Health(BaseModel):
    status: str
    version: str
    database: str


@router.get("/health", response_model=Health)
def health(rumbo: RumboDep) -> Health:
    """Public: is the service up and can it reach its database."""
    with rumbo.reading() as session:
        session.execute(text("SELECT 1"))
    return Health(status="ok", version=__version__, database=rumbo.engine.dialect.name)


@router.get("/me", response_model=UserOut)
def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
