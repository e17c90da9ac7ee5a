"""A client for any OpenAI-compatible chat-completions server (OpenAI, Ollama, vLLM, llama.cpp).

One POST to ``/v1/chat/completions`` per call. Timeouts, connection errors, 429 and 5xx answers are
retried a few times with a short backoff; anything else fails at once with :class:`LLMError`, so
the caller can fall back to the offline composer instead of waiting on a broken server.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rumbo.plugins import Features

if TYPE_CHECKING:
    import httpx

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})


class LLMError(RuntimeError):
    """The model server could not give an answer."""


def completions_url(url: str) -> str:
    """``http://host:11434`` or ``…/v1`` or the full endpoint → the chat-completions endpoint."""
    base = url.rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


class OpenAICompatibleBackend:
    """Chat completions over HTTP. ``transport`` lets tests and proxies plug in (httpx)."""

    features = Features(
        key="openai",
        title="OpenAI-compatible chat completions",
        capabilities=frozenset({"draft", "chat", "tools"}),
        default_config={"model": "gpt-4o-mini", "timeout": 30.0, "retries": 2},
        requires=("httpx",),
    )

    def __init__(
        self,
        url: str,
        model: str = "gpt-4o-mini",
        api_key: str | None = None,
        timeout: float = 30.0,
        retries: int = 2,
        transport: httpx.BaseTransport | None = None,
        backoff: float = 0.2,
    ) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError("the LLM URL must start with http:// or https://")
        self.endpoint = completions_url(url)
        self.model = model
        self.api_key = api_key
        self.timeout = timeout
        self.retries = max(0, retries)
        self.transport = transport
        self.backoff = backoff

    def complete(self, messages: Sequence[Mapping[str, str]], **options: Any) -> str:
        """The assistant's reply to ``messages``; ``options`` go into the request body."""
        return _content(self._post(messages, options))

    def chat(
        self, messages: Sequence[Mapping[str, Any]], tools: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]:
        """The assistant's whole message — text and/or ``tool_calls`` — offered ``tools``."""
        response = self._post(messages, {"tools": [dict(t) for t in tools]})
        try:
            message = response.json()["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise LLMError(f"the answer is not a chat completion: {exc!r}") from None
        if not isinstance(message, dict):
            raise LLMError("the answer's message is not an object")
        return message

    def _post(
        self, messages: Sequence[Mapping[str, Any]], options: Mapping[str, Any]
    ) -> httpx.Response:
        import httpx

        body: dict[str, Any] = {
            "model": self.model,
            "messages": [dict(m) for m in messages],
            "temperature": 0.3,
            **options,
        }
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        last_error = "no attempt made"
        with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            for attempt in range(self.retries + 1):
                if attempt:
                    time.sleep(self.backoff * 2 ** (attempt - 1))
                try:
                    response = client.post(self.endpoint, json=body, headers=headers)
                except httpx.TimeoutException:
                    last_error = f"no answer within {self.timeout:g} s"
                    continue
                except httpx.TransportError as exc:
                    last_error = f"cannot reach {self.endpoint}: {exc}"
                    continue
                if response.status_code in RETRYABLE_STATUS:
                    last_error = f"server answered {response.status_code}"
                    continue
                if response.status_code >= 400:
                    raise LLMError(f"server answered {response.status_code}: {response.text[:200]}")
                return response
        raise LLMError(f"{last_error} (after {self.retries + 1} attempts)")


def _content(response: httpx.Response) -> str:
    try:
        data = response.json()
        content = data["choices"][0]["message"]["content"]
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"the answer is not a chat completion: {exc!r}") from None
    if not isinstance(content, str) or not content.strip():
        raise LLMError("the answer is empty")
    return content
