"""What every signed-in page depends on: a read session, the user, and a way to render.

Pages never write through this session: writes go through actions in a unit of work.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, Form, Request
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse

from rumbo.accounts import queries as account_queries
from rumbo.accounts.access import role_allows
from rumbo.accounts.models import User
from rumbo.app import Rumbo
from rumbo.crm import queries as crm_queries
from rumbo.web.labels import label, message
from rumbo.web.templating import Viewer, render

# A text field of a posted form (absent fields read as the default the route gives).
FormText = Annotated[str, Form()]


class LoginRequired(Exception):
    """Nobody (or a deactivated user) is signed in; the visitor is sent to the sign-in page."""

    def __init__(self, next_path: str | None) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PageError(Exception):
    """A failure shown to a person as an error page with a status code."""

    def __init__(self, status_code: int, title: str, text: str) -> None:
        super().__init__(text)
        self.status_code = status_code
        self.title = title
        self.text = text


def rumbo_of(request: Request) -> Rumbo:
    rumbo: Rumbo = request.app.state.rumbo
    return rumbo


def page_session(request: Request) -> Iterator[Session]:
    with rumbo_of(request).reading() as session:
        yield session


PageSession = Annotated[Session, Depends(page_session)]


def signed_in_user(request: Request, session: PageSession) -> User:
    """The active user of this browser session, or :class:`LoginRequired`."""
    user_id = request.session.get("user_id")
    user = account_queries.get_user(session, int(user_id)) if user_id is not None else None
    if user is None or not user.is_active:
        request.session.pop("user_id", None)
        wanted = request.url.path
        if request.url.query:
            wanted += "?" + request.url.query
        raise LoginRequired(wanted if request.method == "GET" else None)
    # Error pages are drawn after this request's session closed; they greet the user from here.
    request.state.viewer = Viewer.of(user)
    return user


SignedInUser = Annotated[User, Depends(signed_in_user)]


@dataclass
class Page:
    """One signed-in request: its read session, its user, and rendering with the layout."""

    request: Request
    session: Session
    user: User

    def allows(self, permission: str) -> bool:
        return role_allows(self.user.role, permission)

    def require(self, permission: str) -> None:
        """Show a 403 page unless the user's role grants ``permission``."""
        if not self.allows(permission):
            raise PageError(
                403,
                message("forbidden_title"),
                message("forbidden_read", role=label("role", self.user.role)),
            )

    def render(self, template: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
        return render(
            self.request,
            template,
            status_code=status_code,
            viewer=Viewer.of(self.user),
            demo=crm_queries.has_demo_data(self.session),
            **context,
        )


def current_page(request: Request, session: PageSession, user: SignedInUser) -> Page:
    return Page(request=request, session=session, user=user)


CurrentPage = Annotated[Page, Depends(current_page)]
