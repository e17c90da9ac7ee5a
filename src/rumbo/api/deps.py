"""Typed dependencies shared by API routes: the application, the actor, a unit of work."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator, Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from rumbo.accounts import queries as account_queries
from rumbo.accounts.models import User
from rumbo.app import Rumbo
from rumbo.context import Actor, Context
from rumbo.errors import NotAuthenticated


def get_rumbo(request: Request) -> Rumbo:
    rumbo: Rumbo = request.app.state.rumbo
    return rumbo


RumboDep = Annotated[Rumbo, Depends(get_rumbo)]


def actor_for(user: User) -> Actor:
    return Actor(label=user.email, role=user.role, user_id=user.id)


def current_user(request: Request, rumbo: RumboDep) -> User:
    """The caller: a bearer API token, or the web session of a signed-in user."""
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    with rumbo.reading() as session:
        user: User | None = None
        if scheme.lower() == "bearer" and credential:
            user = account_queries.user_for_token(session, credential.strip())
            if user is None:
                raise NotAuthenticated("The API token is not valid or was revoked.")
        elif (user_id := request.session.get("user_id")) is not None:
            user = account_queries.get_user(session, int(user_id))
        if user is None or not user.is_active:
            raise NotAuthenticated(
                "Sign in, or send an API token as 'Authorization: Bearer rmb_…'."
            )
        session.expunge(user)
        return user


CurrentUser = Annotated[User, Depends(current_user)]


def current_actor(user: CurrentUser) -> Actor:
    return actor_for(user)


CurrentActor = Annotated[Actor, Depends(current_actor)]


def read_session(rumbo: RumboDep, _user: CurrentUser) -> Iterator[Session]:
    with rumbo.reading() as session:
        yield session


ReadSession = Annotated[Session, Depends(read_session)]


# Writing requests open their transaction in one worker thread, run the endpoint in another and
# commit in a third. Were every worker thread (40) held by a request waiting for the database's
# write lock, the commit that frees the lock would wait for a thread forever (SQLite) or until the
# pool gives up (PostgreSQL). Fewer transactions than threads may be open at once; the others
# wait on the event loop, holding no thread.
WRITE_SLOTS = 16
_slots: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _write_slots() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slots = _slots.get(loop)
    if slots is None:
        slots = _slots[loop] = asyncio.Semaphore(WRITE_SLOTS)
    return slots


async def unit_of_work(rumbo: RumboDep, actor: CurrentActor) -> AsyncIterator[Context]:
    async with _write_slots():
        work = rumbo.unit_of_work(actor)
        ctx = await run_in_threadpool(work.__enter__)
        try:
            yield ctx
        except BaseException as exc:
            await run_in_threadpool(work.__exit__, type(exc), exc, exc.__traceback__)
            raise
        else:
            await run_in_threadpool(work.__exit__, None, None, None)


UnitOfWork = Annotated[Context, Depends(unit_of_work)]
