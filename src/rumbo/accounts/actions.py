"""Every write to users and tokens."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from rumbo.accounts.access import check_role, role_allows
from rumbo.accounts.models import ApiToken, User
from rumbo.accounts.passwords import hash_password, verify_password
from rumbo.accounts.schemas import UserCreate
from rumbo.context import Context
from rumbo.db import utcnow
from rumbo.errors import Conflict, NotAuthenticated, NotFound, ValidationFailed

TOKEN_PREFIX = "rmb_"  # noqa: S105 - a public marker, not a secret


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(ctx: Context, data: UserCreate) -> User:
    ctx.require("accounts.manage")
    if ctx.session.scalar(select(User.id).where(User.email == data.email)) is not None:
        raise Conflict(f"A user with email {data.email} already exists.", fields={"email": "taken"})
    user = User(
        email=data.email,
        name=data.name,
        role=data.role,
        language=data.language,
        password_hash=hash_password(data.password) if data.password else None,
    )
    ctx.session.add(user)
    ctx.session.flush()
    ctx.record(
        "user.added",
        "user",
        user.id,
        after={"email": user.email, "name": user.name, "role": user.role},
    )
    return user


def set_password(ctx: Context, user_id: int, password: str) -> None:
    ctx.require("accounts.manage")
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    user.password_hash = hash_password(password)
    ctx.record("user.password_set", "user", user.id)


def _managed_user(ctx: Context, user_id: int) -> User:
    """A user an administrator may change: anyone but themselves, so no one locks themselves out."""
    ctx.require("accounts.manage")
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    if ctx.actor.user_id == user.id:
        raise Conflict(
            "You cannot change your own role or deactivate yourself.", fields={"user": "self"}
        )
    return user


def _keeps_an_admin(ctx: Context, user: User) -> None:
    """Refuse a change that would leave no active administrator to manage Rumbo."""
    if user.role != "admin" or not user.is_active:
        return
    others = ctx.session.scalars(
        select(User.role).where(User.id != user.id, User.is_active.is_(True))
    )
    if not any(role_allows(role, "accounts.manage") for role in others):
        raise Conflict(
            "Rumbo needs at least one active administrator.", fields={"user": "last_admin"}
        )


def set_role(ctx: Context, user_id: int, role: str) -> User:
    """Give a user another role; the change is audited with the role before and after."""
    user = _managed_user(ctx, user_id)
    try:
        check_role(role)
    except ValueError as exc:
        raise ValidationFailed(str(exc), fields={"role": "unknown"}) from None
    if role == user.role:
        return user
    if role != "admin":
        _keeps_an_admin(ctx, user)
    before = user.role
    user.role = role
    ctx.record("user.role_changed", "user", user.id, before={"role": before}, after={"role": role})
    return user


def set_active(ctx: Context, user_id: int, active: bool) -> User:
    """Deactivate (or reactivate) a user: a deactivated one can neither sign in nor use tokens."""
    user = _managed_user(ctx, user_id)
    if user.is_active == active:
        return user
    if not active:
        _keeps_an_admin(ctx, user)
    user.is_active = active
    ctx.record("user.activated" if active else "user.deactivated", "user", user.id)
    return user


def sign_in(ctx: Context, email: str, password: str) -> User:
    """Check a password and record the sign-in.

    Unknown email and wrong password raise the same error, so sign-in reveals no accounts.
    """
    user = ctx.session.scalar(select(User).where(User.email == email.strip().lower()))
    if (
        user is None
        or not user.is_active
        or not user.password_hash
        or not verify_password(user.password_hash, password)
    ):
        raise NotAuthenticated("Email or password is not correct.")
    user.last_login_at = utcnow()
    ctx.session.add(user)
    ctx.record("user.signed_in", "user", user.id, payload={"user_id": user.id})
    return user


def create_token(ctx: Context, user_id: int, name: str) -> tuple[ApiToken, str]:
    """Issue an API token; returns the record and the secret, which is never stored."""
    if ctx.actor.user_id != user_id:
        ctx.require("tokens.manage")
    user = ctx.session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        prefix=secret[:10],
        token_hash=hash_token(secret),
        created_at=utcnow(),
    )
    ctx.session.add(token)
    ctx.session.flush()
    ctx.record("token.created", "api_token", token.id, after={"user_id": user.id, "name": name})
    return token, secret


def revoke_token(ctx: Context, token_id: int) -> ApiToken:
    token = ctx.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"Token {token_id} does not exist.")
    if ctx.actor.user_id != token.user_id:
        ctx.require("tokens.manage")
    token.revoked_at = utcnow()
    ctx.record("token.revoked", "api_token", token.id)
    return token
