"""Users and API tokens."""

from __future__ import annotations

from fastapi import APIRouter, status

from rumbo.accounts import actions, queries
from rumbo.accounts.access import role_allows
from rumbo.accounts.schemas import TokenCreate, TokenIssued, TokenOut, UserCreate, UserOut
from rumbo.api.deps import CurrentActor, ReadSession, UnitOfWork
from rumbo.errors import PermissionDenied

router = APIRouter(tags=["accounts"])


@router.get("/users", response_model=list[UserOut])
def list_users(session: ReadSession, actor: CurrentActor) -> list[UserOut]:
    if not role_allows(actor.role, "accounts.manage"):
        raise PermissionDenied("Only administrators can list users.")
    return [UserOut.model_validate(u) for u in queries.list_users(session)]


@router.post("/users", response_model=UserOut, status_code=status.HTTP_201_CREATED)
def add_user(data: UserCreate, ctx: UnitOfWork) -> UserOut:
    return UserOut.model_validate(actions.add_user(ctx, data))


@router.get("/tokens", response_model=list[TokenOut])
def list_my_tokens(session: ReadSession, actor: CurrentActor) -> list[TokenOut]:
    assert actor.user_id is not None  # noqa: S101 - API actors are always users
    return [TokenOut.model_validate(t) for t in queries.list_tokens(session, actor.user_id)]


@router.post("/tokens", response_model=TokenIssued, status_code=status.HTTP_201_CREATED)
def create_my_token(data: TokenCreate, ctx: UnitOfWork) -> TokenIssued:
    assert ctx.actor.user_id is not None  # noqa: S101
    token, secret = actions.create_token(ctx, ctx.actor.user_id, data.name)
    return TokenIssued(**TokenOut.model_validate(token).model_dump(), token=secret)


@router.delete("/tokens/{token_id}", response_model=TokenOut)
def revoke_token(token_id: int, ctx: UnitOfWork) -> TokenOut:
    return TokenOut.model_validate(actions.revoke_token(ctx, token_id))
