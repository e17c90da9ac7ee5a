"""Reading users and resolving credentials."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rumbo.accounts.actions import TOKEN_PREFIX, hash_token
from rumbo.accounts.models import ApiToken, User


def get_user(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))


def count_users(session: Session) -> int:
    return session.scalar(select(func.count(User.id))) or 0


def user_for_token(session: Session, token: str) -> User | None:
    """The active owner of an unrevoked API token, or None."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id))
    )


def user_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """Names of the given users in one query (conversations show who answered)."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(User.id, User.name).where(User.id.in_(wanted)))
    return dict(rows.all())


def all_tokens(session: Session) -> list[ApiToken]:
    """Every API token of every user, newest first, with its owner loaded (the admin's list)."""
    from sqlalchemy.orm import joinedload

    return list(
        session.scalars(
            select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id.desc())
        )
    )
