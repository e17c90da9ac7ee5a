"""What a customer sends through the portal."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import Field

from rumbo.schemas import NonEmpty, StrictInput

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class LoginRequestIn(StrictInput):
    email: str = Field(max_length=320, pattern=EMAIL_PATTERN)


class PortalTicketIn(StrictInput):
    subject: NonEmpty = Field(max_length=300)
    body: NonEmpty = Field(max_length=20_000)


class PortalReplyIn(StrictInput):
    body: NonEmpty = Field(max_length=20_000)


@dataclass(frozen=True)
class IssuedLink:
    """A freshly issued sign-in token: the only moment its clear text exists."""

    token: str
    email: str
    contact_id: int
    language: str
    name: str
