"""Rate-limit dependencies for API routes (the limits themselves live in :mod:`rumbo.ratelimit`)."""

from __future__ import annotations

from fastapi import Depends

from rumbo.api.deps import CurrentUser, RumboDep
from rumbo.ratelimit import assistant_rule, limiter_for


def limit_assistant(rumbo: RumboDep, user: CurrentUser) -> None:
    """One client (the token's or session's user) may ask so many questions a minute."""
    limiter_for(rumbo).check(
        assistant_rule(rumbo),
        f"user:{user.id}",
        message="Too many questions in a short time; wait before asking again.",
    )


AssistantLimit = Depends(limit_assistant)
