"""Language-model backends, registered as ``LLMBackend`` plugins (see :mod:`rumbo.plugins`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from rumbo.app import Rumbo
    from rumbo.plugins import Features, LLMBackend


@runtime_checkable
class ToolCallingBackend(Protocol):
    """A backend that can offer the model tools and hand back its tool calls."""

    features: Features

    def chat(
        self, messages: Sequence[Mapping[str, Any]], tools: Sequence[Mapping[str, Any]]
    ) -> dict[str, Any]: ...


def configured_backend(app: Rumbo) -> LLMBackend | None:
    """The backend the settings name, or ``None`` when no model server is configured."""
    settings = app.settings
    if not settings.llm_url:
        return None
    from rumbo.errors import ValidationFailed

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    try:
        return app.plugins.llm_backends.create(
            settings.llm_backend,
            url=settings.llm_url,
            model=settings.llm_model,
            api_key=key,
            timeout=settings.llm_timeout_seconds,
            retries=settings.llm_retries,
        )
    except (KeyError, TypeError, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        raise ValidationFailed(
            f"RUMBO_LLM_BACKEND / RUMBO_LLM_URL: {message}", fields={"llm_backend": str(message)}
        ) from None


def check_backend(app: Rumbo, timeout: float = 5.0) -> str:
    """Ask the configured model server for a one-word completion, once, within ``timeout``.

    Returns what it answered; raises the backend's error (or ``ValidationFailed`` when nothing
    is configured) so an administrator sees why drafts would fall back to the offline composer.
    """
    from rumbo.errors import ValidationFailed

    settings = app.settings
    if not settings.llm_url:
        raise ValidationFailed("RUMBO_LLM_URL is not set.", fields={"llm_url": "unset"})
    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
    try:
        backend = app.plugins.llm_backends.create(
            settings.llm_backend,
            url=settings.llm_url,
            model=settings.llm_model,
            api_key=key,
            timeout=min(timeout, settings.llm_timeout_seconds),
            retries=0,
        )
    except (KeyError, TypeError, ValueError) as exc:
        message = exc.args[0] if exc.args else str(exc)
        raise ValidationFailed(
            f"RUMBO_LLM_BACKEND / RUMBO_LLM_URL: {message}", fields={"llm_backend": str(message)}
        ) from None
    answer = backend.complete([{"role": "user", "content": "Reply with the single word: ok"}])
    return answer.strip()[:200]
