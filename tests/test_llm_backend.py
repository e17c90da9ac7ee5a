"""The OpenAI-compatible backend against a real local server that speaks the protocol.

The server runs ``http.server`` in a thread on a free port; each test sets how it answers: a
draft, errors, silence longer than the timeout, or garbage. Drafting falls back to the composer
whenever the model cannot answer, and a model's draft is critiqued like any other.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest

from rumbo.app import Rumbo
from rumbo.drafting.studio import make_draft
from rumbo.llm import configured_backend
from rumbo.llm.openai_compat import LLMError, OpenAICompatibleBackend, completions_url
from rumbo.plugins import LLMBackend, PluginRegistry
from rumbo.settings import Settings
from tests.servers import ChatScript, chat_server


@pytest.fixture
def server() -> Iterator[tuple[str, ChatScript]]:
    script = ChatScript(replies=["ok"])
    with chat_server(script) as url:
        yield url, script


def backend(url: str, **kwargs: Any) -> OpenAICompatibleBackend:
    return OpenAICompatibleBackend(url, backoff=0.01, **kwargs)


def test_the_endpoint_is_built_from_any_base_url():
    assert completions_url("http://h:11434") == "http://h:11434/v1/chat/completions"
    assert completions_url("http://h/v1/") == "http://h/v1/chat/completions"
    assert completions_url("http://h/v1/chat/completions") == "http://h/v1/chat/completions"


def test_a_completion_sends_model_messages_and_key(server):
    url, script = server
    script.replies = ["Hola"]
    llm = backend(url, model="llama3", api_key="sk-test")
    assert llm.complete([{"role": "user", "content": "hi"}]) == "Hola"
    assert script.requests[0]["model"] == "llama3"
    assert script.requests[0]["messages"] == [{"role": "user", "content": "hi"}]
    assert script.headers[0]["Authorization"] == "Bearer sk-test"


def test_server_errors_are_retried_then_succeed(server):
    url, script = server
    script.replies = [503, 502, "third time"]
    assert backend(url, retries=2).complete([{"role": "user", "content": "x"}]) == "third time"
    assert len(script.requests) == 3


def test_a_failing_server_gives_up_after_the_retries(server):
    url, script = server
    script.replies = [500]
    with pytest.raises(LLMError, match="500"):
        backend(url, retries=1).complete([{"role": "user", "content": "x"}])
    assert len(script.requests) == 2


def test_a_client_error_is_not_retried(server):
    url, script = server
    script.replies = [401]
    with pytest.raises(LLMError, match="401"):
        backend(url, retries=3).complete([{"role": "user", "content": "x"}])
    assert len(script.requests) == 1


def test_a_slow_server_times_out(server):
    url, script = server
    script.replies = ["slow"]
    started = time.perf_counter()
    with pytest.raises(LLMError, match="no answer within"):
        backend(url, timeout=0.2, retries=0).complete([{"role": "user", "content": "x"}])
    assert time.perf_counter() - started < 1.0


def test_an_answer_that_is_not_a_completion_is_an_error(server):
    url, script = server
    script.replies = ['RAW:{"nope": 1}']
    with pytest.raises(LLMError, match="not a chat completion"):
        backend(url, retries=0).complete([{"role": "user", "content": "x"}])


def test_the_backend_is_a_registered_plugin_configured_from_settings(server, database_url):
    url, _script = server
    registry = PluginRegistry()
    registry.load_entry_points(third_party=False)
    assert "openai" in registry.llm_backends

    settings = Settings(
        database_url=database_url, llm_url=url, llm_model="m", llm_api_key="k", llm_retries=0
    )
    app = Rumbo(settings)
    try:
        llm = configured_backend(app)
    finally:
        app.dispose()
    assert isinstance(llm, LLMBackend)
    assert isinstance(llm, OpenAICompatibleBackend)
    assert (llm.model, llm.api_key, llm.retries) == ("m", "k", 0)
    assert Settings(llm_api_key="secret").redacted()["llm_api_key"] == "***"


REQUEST = (
    "Write a message telling users the server is down and the software will be unavailable "
    "for 5 hours while engineering fixes it; apologise."
)


def test_the_model_writes_the_draft_from_structured_context_and_it_is_critiqued(server):
    url, script = server
    script.replies = [
        json.dumps(
            {
                "subject": None,
                "text": "Our service is down and will be unavailable for about 5 hours. "
                "We apologise for the disruption. Our engineering team is working on it. "
                "We will let you know as soon as it is back; reply here if you need help.",
            }
        )
    ]
    result = make_draft(REQUEST, llm=backend(url, retries=0))
    assert result.backend == "openai"
    assert "5 hours" in result.text
    context = json.loads(script.requests[0]["messages"][1]["content"])
    assert context["understood"]["facts"]["duration_hours"] == 5
    assert context["understood"]["situation"] == "outage"
    assert [f for f in result.critique if f.severity != "info"] == []


def test_a_flawed_model_draft_gets_a_second_pass_with_the_findings(server):
    url, script = server
    script.replies = [
        json.dumps({"text": "Dear valued customers! We guarantee it will never happen again."}),
        json.dumps(
            {
                "text": "The service is down for about 5 hours. We apologise for the trouble. "
                "We will let you know as soon as it is back; reply here if you need help."
            }
        ),
    ]
    result = make_draft(REQUEST, llm=backend(url, retries=0))
    assert len(script.requests) == 2
    second_prompt = script.requests[1]["messages"][-1]["content"]
    assert "overpromise" in second_prompt
    assert "unnatural_greeting" in second_prompt
    assert result.backend == "openai"
    assert "guarantee" not in result.text
    assert result.revisions >= 1


@pytest.mark.parametrize("failure", [[500], ["slow"], ["RAW:<html>"]])
def test_the_composer_takes_over_when_the_model_fails(server, failure):
    url, script = server
    script.replies = failure
    result = make_draft(REQUEST, llm=backend(url, timeout=0.2, retries=1))
    assert result.backend == "composer"
    assert result.backend_error
    assert "5 hours" in result.text
    assert [f for f in result.critique if f.severity != "info"] == []
    assert result.as_json()["backend_error"] == result.backend_error


def test_an_unreachable_server_falls_back_too():
    result = make_draft(REQUEST, llm=backend("http://127.0.0.1:9", timeout=0.2, retries=0))
    assert result.backend == "composer"
    assert "cannot reach" in (result.backend_error or "")


def test_a_misconfigured_backend_is_a_clear_error(database_url):
    from rumbo.errors import ValidationFailed

    app = Rumbo(
        Settings(database_url=database_url, llm_url="http://127.0.0.1:9", llm_backend="nonesuch")
    )
    try:
        with pytest.raises(ValidationFailed, match="unknown LLM backend 'nonesuch'"):
            configured_backend(app)
        app.settings = Settings(database_url=database_url, llm_url="ftp://models.example")
        with pytest.raises(ValidationFailed, match="http"):
            configured_backend(app)
    finally:
        app.dispose()


def test_a_stored_draft_records_which_backend_wrote_it(server, database_url):
    from rumbo.drafting import actions
    from rumbo.drafting.schemas import DraftIn
    from tests.conftest import SYSTEM

    url, script = server
    script.replies = [
        json.dumps(
            {
                "text": "The service is down for about 5 hours. We apologise for the trouble. "
                "We will let you know as soon as it is back; reply here if you need help."
            }
        )
    ]
    app = Rumbo(Settings(database_url=database_url, llm_url=url, llm_retries=0))
    try:
        with app.unit_of_work(SYSTEM) as ctx:
            by_model, _ = actions.create_draft(ctx, DraftIn(request=REQUEST))
            offline, _ = actions.create_draft(ctx, DraftIn(request=REQUEST, backend="composer"))
            assert (by_model.backend, offline.backend) == ("openai", "composer")
        app.settings = Settings(database_url=database_url, llm_url=url, llm_backend="nonesuch")
        with app.unit_of_work(SYSTEM) as ctx:
            result = actions.compose_draft(ctx, DraftIn(request=REQUEST))
        assert result.backend == "composer"
        assert "nonesuch" in (result.backend_error or "")
    finally:
        app.dispose()
