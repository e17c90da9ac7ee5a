"""``rumbo ask`` with a language model: the listening catalogue offered as tools.

A real HTTP server on 127.0.0.1 speaks the chat-completions protocol and plays the model: it asks
for tool calls, reads the results Rumbo sends back, and answers. The answer is kept only when its
figures come from those results; a failing, slow or inventive model gives the offline answer.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from rumbo.app import Rumbo
from rumbo.cli.main import cli
from rumbo.db import utcnow
from rumbo.listening.ask_llm import grounded, tool_definitions
from rumbo.listening.pipeline import ingest
from tests.conftest import SYSTEM, client_for
from tests.servers import ChatScript, chat_server

QUESTION = "¿Qué problemas mencionan más los clientes esta semana?"


@pytest.fixture
def model() -> Iterator[tuple[str, ChatScript]]:
    script = ChatScript(slow_seconds=1.0)
    with chat_server(script) as url:
        yield url, script


def call(name: str, arguments: str, ident: str = "call_1") -> dict[str, Any]:
    """An assistant message asking for one tool call."""
    return {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": ident, "type": "function", "function": {"name": name, "arguments": arguments}}
        ],
    }


def say(text: str) -> dict[str, Any]:
    return {"role": "assistant", "content": text}


def seed(app: Rumbo) -> None:
    """Twelve refund complaints this week, four spread over the weeks before, some praise."""
    now = utcnow()
    complaint = "no me devuelven el reembolso, pésimo servicio, exijo una solución"
    events = [
        {
            "id": f"new{i}",
            "created_at": (now - dt.timedelta(hours=2 + i)).isoformat(),
            "author": f"cliente{i}",
            "text": complaint,
        }
        for i in range(12)
    ]
    events += [
        {
            "id": f"old{i}",
            "created_at": (now - dt.timedelta(days=10 + 4 * i)).isoformat(),
            "author": "luis",
            "text": complaint,
        }
        for i in range(4)
    ]
    events += [
        {
            "id": f"happy{i}",
            "created_at": (now - dt.timedelta(hours=i)).isoformat(),
            "author": "luis",
            "text": "me encanta la nueva app, excelente",
        }
        for i in range(5)
    ]
    ingest(app, SYSTEM, events, default_source="x")


@pytest.fixture
def ask_cli(app: Rumbo, model: tuple[str, ChatScript], monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """``rumbo ask QUESTION --json`` against the seeded database and the model server."""
    seed(app)
    url, _ = model
    monkeypatch.setenv("RUMBO_DATABASE_URL", app.settings.database_url)
    monkeypatch.setenv("RUMBO_LLM_URL", url)
    monkeypatch.setenv("RUMBO_LLM_RETRIES", "0")
    monkeypatch.setenv("RUMBO_LLM_TIMEOUT_SECONDS", "0.3")

    def run(question: str = QUESTION) -> dict[str, Any]:
        result = CliRunner().invoke(cli, ["ask", question, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


def test_the_model_calls_an_analytic_and_answers_with_its_figures(ask_cli, model):
    _, script = model
    script.replies = [
        call("rising_terms", '{"days": 7}'),
        say("Lo que más crece es «reembolso»: 12 menciones en los últimos 7 días."),
    ]
    answer = ask_cli()
    assert answer["answered_by"] == "llm:openai"
    assert answer["final_answer"].startswith("Lo que más crece es «reembolso»: 12 menciones")
    assert answer["fallback_reason"] is None
    [made] = answer["tool_calls"]
    assert (made["name"], made["arguments"]) == ("rising_terms", {"days": 7})
    terms = {t["term"]: t["now"] for t in made["result"]["terms"]}
    assert terms["reembolso"] == 12
    # The offline fields are still there: the contract is extended, not replaced.
    assert (answer["analytic"], answer["span_hours"]) == ("rising_terms", 168)
    assert "reembolso" in answer["summary"]

    first, second = script.requests
    offered = {t["function"]["name"] for t in first["tools"]}
    assert offered == {"rising_terms", "alerts", "sentiment", "topics", "accounts", "forecast"}
    days = first["tools"][0]["function"]["parameters"]["properties"]["days"]
    assert (days["minimum"], days["maximum"]) == (1, 365)
    assert first["messages"][-1] == {"role": "user", "content": QUESTION}
    tool_message = second["messages"][-1]
    assert (tool_message["role"], tool_message["tool_call_id"]) == ("tool", "call_1")
    assert json.loads(tool_message["content"]) == made["result"]

    # Without --json the command prints the model's answer alone.
    script.replies = [call("rising_terms", '{"days": 7}'), say("«reembolso»: 12 menciones.")]
    printed = CliRunner().invoke(cli, ["ask", QUESTION]).stdout
    assert printed.strip() == "«reembolso»: 12 menciones."


def test_a_figure_the_tools_did_not_return_gives_the_offline_answer(ask_cli, model):
    _, script = model
    script.replies = [
        call("rising_terms", '{"days": 7}'),
        say("«reembolso» subió un 340 % con 45 menciones."),
    ]
    answer = ask_cli()
    assert answer["answered_by"] == "offline"
    assert "figures the tools did not return" in answer["fallback_reason"]
    assert answer["final_answer"] == answer["summary"]
    assert "reembolso" in answer["final_answer"]
    assert "340" not in answer["final_answer"]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (500, "server answered 500"),
        ("slow", "no answer within 0.3 s"),
        ("RAW:<html>gateway</html>", "not a chat completion"),
        (say("   "), "no final answer"),
    ],
)
def test_a_failing_model_gives_the_offline_answer_and_says_why(ask_cli, model, reply, reason):
    _, script = model
    script.replies = [reply]
    answer = ask_cli()
    assert answer["answered_by"] == "offline"
    assert reason in answer["fallback_reason"]
    assert answer["analytic"] == "rising_terms"
    assert "reembolso" in answer["final_answer"]
    printed = " ".join(CliRunner().invoke(cli, ["ask", QUESTION]).stdout.split())
    assert printed.startswith("Rising problem terms — Términos de problema en aumento")
    assert f"(sin modelo de lenguaje: {answer['fallback_reason']})" in printed


def test_an_unknown_tool_is_refused_to_the_model_and_the_loop_goes_on(ask_cli, model):
    _, script = model
    script.replies = [
        call("delete_all_mentions", "{}", ident="call_x"),
        call("accounts", '{"days": 5000}', ident="call_y"),
        say("No tengo datos fiables sobre cuentas afectadas."),
    ]
    answer = ask_cli("which accounts complained this week?")
    assert answer["answered_by"] == "llm:openai"
    assert answer["final_answer"] == "No tengo datos fiables sobre cuentas afectadas."
    unknown, too_far = answer["tool_calls"]
    assert "unknown tool 'delete_all_mentions'" in unknown["result"]["error"]
    assert "days" in too_far["result"]["error"]

    sent = script.requests[1]["messages"][-1]
    assert (sent["role"], sent["tool_call_id"]) == ("tool", "call_x")
    assert "unknown tool" in json.loads(sent["content"])["error"]
    assert "days" in json.loads(script.requests[2]["messages"][-1]["content"])["error"]


def test_a_model_that_never_stops_calling_tools_is_cut_off(ask_cli, model):
    _, script = model
    script.replies = [call("topics", '{"days": 1}')]
    answer = ask_cli()
    assert len(script.requests) == 3
    assert answer["answered_by"] == "offline"
    assert answer["fallback_reason"] == "no final answer after 3 rounds"


def test_the_api_answers_the_same_way(app: Rumbo, model):
    url, script = model
    seed(app)
    settings = app.settings.model_copy(
        update={"llm_url": url, "llm_retries": 0, "llm_timeout_seconds": 2.0}
    )
    with_model = Rumbo(settings)
    try:
        script.replies = [call("rising_terms", '{"days": 7}'), say("«reembolso»: 12 menciones.")]
        with client_for(with_model, "admin") as api:
            answer = api.get("/api/v1/insights/ask", params={"q": "¿cuántas menciones por tema?"})
            assert answer.status_code == 200, answer.text
            body = answer.json()
            assert body["answered_by"] == "llm:openai"
            assert body["tool_calls"][0]["name"] == "rising_terms"
            assert api.get("/api/v1/insights/ask", params={"q": ""}).status_code == 422
    finally:
        with_model.dispose()


def test_without_a_model_the_answer_is_offline_with_no_reason(app: Rumbo, monkeypatch):
    seed(app)
    monkeypatch.setenv("RUMBO_DATABASE_URL", app.settings.database_url)
    monkeypatch.delenv("RUMBO_LLM_URL", raising=False)
    answer = json.loads(CliRunner().invoke(cli, ["ask", QUESTION, "--json"]).stdout)
    assert (answer["answered_by"], answer["fallback_reason"]) == ("offline", None)
    assert answer["tool_calls"] == []


def test_figures_are_read_in_spanish_and_english_notation():
    evidence = ['{"arr": "90000.00", "share": 4.5, "now": 12}']
    assert grounded("ARR de 90.000 y 12 menciones", evidence)
    assert grounded("ARR of 90,000, 4.5 % share", evidence)
    assert grounded("un 4,5 %", evidence)
    assert not grounded("13 menciones", evidence)
    assert all(
        t["function"]["parameters"]["additionalProperties"] is False for t in tool_definitions()
    )
