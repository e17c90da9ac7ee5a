"""Real local servers the tests talk to: an SMTP inbox (aiosmtpd) and HTTP servers on loopback.

Nothing here is a mock: the application sends real SMTP and real HTTP to these servers, which
keep what they receive so that the tests can read it.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Inbox:
    """An SMTP handler that keeps every message it is given, with its envelope recipients."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        parsed = message_from_bytes(envelope.content, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@contextlib.contextmanager
def smtp_inbox() -> Iterator[Inbox]:
    """A real SMTP server on a free loopback port; ``inbox.port`` is where to send."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that keeps the test output free of access logs."""

    def log_message(self, *_args: Any) -> None:
        pass

    def read_json(self) -> Any:
        return json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))

    def send_body(self, body: bytes, content_type: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def http_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serves ``handler`` on a free loopback port in a thread; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@dataclass
class ChatScript:
    """What a local chat-completions server answers, in order (the last one repeats), and what
    it was sent.

    A reply is the assistant's text (str), a whole assistant message (dict), an HTTP status (int),
    ``"slow"`` (answers "late" after ``slow_seconds``) or ``"RAW:…"`` (that body, verbatim).
    """

    replies: list[Any] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    slow_seconds: float = 0.6


def _chat_handler(script: ChatScript) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def do_POST(self) -> None:
            # The client may give up waiting: that is what the slow cases test.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.answer()

        def answer(self) -> None:
            script.requests.append(self.read_json())
            script.headers.append(dict(self.headers))
            reply = script.replies.pop(0) if len(script.replies) > 1 else script.replies[0]
            if self.path != "/v1/chat/completions":
                self.send_response(404)
                self.end_headers()
                return
            if reply == "slow":
                time.sleep(script.slow_seconds)
                reply = "late"
            if isinstance(reply, int):
                self.send_response(reply)
                self.end_headers()
                self.wfile.write(b'{"error": "boom"}')
                return
            if isinstance(reply, str) and reply.startswith("RAW:"):
                self.send_body(reply.removeprefix("RAW:").encode())
                return
            message = {"role": "assistant", "content": reply} if isinstance(reply, str) else reply
            self.send_body(json.dumps({"choices": [{"message": message}]}).encode())

    return Handler


@contextlib.contextmanager
def chat_server(script: ChatScript) -> Iterator[str]:
    """A real HTTP server speaking /v1/chat/completions as ``script`` says; yields its URL."""
    with http_server(_chat_handler(script)) as url:
        yield url
