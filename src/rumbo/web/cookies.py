"""Cookies sent over HTTPS are marked ``Secure``, whatever set them.

``RUMBO_COOKIE_SECURE`` marks them on every response (for a TLS proxy that does not tell Rumbo
the request was HTTPS); without it, a response to an HTTPS request is marked all the same, so a
browser never sends the session back over plain HTTP.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class SecureCookies:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("scheme") != "https":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (name, _secure(value) if name.lower() == b"set-cookie" else value)
                    for name, value in message.get("headers", [])
                ]
            await send(message)

        await self.app(scope, receive, send_secure)


def _secure(value: bytes) -> bytes:
    flags = {part.strip().lower() for part in value.split(b";")[1:]}
    return value if b"secure" in flags else value + b"; Secure"
