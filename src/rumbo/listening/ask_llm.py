"""Plain-language questions answered by the configured language model, through tool calls.

The model is offered the listening catalogue (rising problem terms, alerts, sentiment, volume by
topic, accounts complaining, the volume forecast by topic) as tools with bounded parameters.
Rumbo runs the calls it asks for — only catalogue analytics, arguments validated — sends the
results back, and keeps the model's final answer only if every figure in it comes from those
results (or the question). Anything else — no backend with tool calls, a server error or timeout,
a malformed reply, no final answer within a few rounds, an invented figure — gives the offline
answer, with the reason said.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from rumbo.listening.ask import CATALOGUE, MAX_FORECAST_DAYS, Analytic, ask

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rumbo.app import Rumbo
    from rumbo.llm import ToolCallingBackend

log = logging.getLogger(__name__)

MAX_ROUNDS = 3  # model requests per question: a call, a follow-up call, then the answer
MAX_CALLS_PER_ROUND = 5
MAX_ANSWER_CHARS = 2_000
MAX_DAYS = 365

DESCRIPTIONS = {
    "rising_terms": "Problem terms customers mention more now than before, with the customers, "
    "accounts and ARR behind each term.",
    "alerts": "Listening alerts (spikes, outages) seen in the period, with severity, status and "
    "the ARR they affect.",
    "sentiment": "Mentions by sentiment (positive, neutral, negative) in the period and in the "
    "period before it.",
    "topics": "Number of mentions per topic in the period.",
    "accounts": "Customer accounts that complained in the period: complaints and ARR per account.",
    "forecast": "Mentions forecast per topic for the coming days (here 'days' counts days ahead, "
    f"at most {MAX_FORECAST_DAYS}), against each topic's usual volume, with the topics where a "
    "surge is coming.",
}

SYSTEM = (
    "You answer questions about what customers say in social and support channels, for the "
    "company's staff. Call the tools to get the data; do not guess. Answer in the language of "
    "the question, in 1 to 4 sentences. Every figure you state must appear as such in the tool "
    "results: do not compute percentages, sums or differences that the results do not give. If "
    "the tools return nothing useful, say so."
)


class ToolArguments(BaseModel):
    """What every catalogue analytic takes: how many days back to look."""

    model_config = ConfigDict(extra="forbid")

    days: int = Field(7, ge=1, le=MAX_DAYS, description="How many days back to look.")


def tool_definitions() -> list[dict[str, Any]]:
    """The catalogue as OpenAI ``tools`` (JSON-schema parameters)."""
    schema = ToolArguments.model_json_schema()
    parameters = {
        "type": "object",
        "properties": schema["properties"],
        "additionalProperties": False,
    }
    return [
        {
            "type": "function",
            "function": {
                "name": a.key,
                "description": DESCRIPTIONS.get(a.key, a.title),
                "parameters": parameters,
            },
        }
        for a in CATALOGUE
    ]


class ModelFailed(RuntimeError):
    """The model gave no usable answer; the offline mapping answers instead."""


def run_tool(session: Session, name: str, raw_arguments: Any) -> tuple[Any, dict[str, Any]]:
    """(parsed arguments, result) of one call; a refused call's result is ``{"error": …}``."""
    by_key: dict[str, Analytic] = {a.key: a for a in CATALOGUE}
    analytic = by_key.get(name)
    if analytic is None:
        known = ", ".join(by_key)
        return raw_arguments, {"error": f"unknown tool {name!r}; the tools are: {known}"}
    try:
        # The protocol sends arguments as a JSON string; some servers send the object itself.
        loaded = (
            json.loads(raw_arguments or "{}") if isinstance(raw_arguments, str) else raw_arguments
        )
        if loaded is None:
            loaded = {}
        arguments = ToolArguments.model_validate(loaded)
    except (json.JSONDecodeError, ValidationError) as exc:
        return raw_arguments, {"error": f"bad arguments for {name}: {_brief(exc)}"}
    try:
        data = analytic.run(session, dt.timedelta(days=arguments.days))
    except SQLAlchemyError as exc:  # reported to the model like any refused call
        log.warning("ask: the %s analytic failed: %s", name, exc)
        return arguments.model_dump(), {"error": f"{name} could not be computed"}
    return arguments.model_dump(), json.loads(json.dumps(data, default=str))


def _brief(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'arguments'}: {e['msg']}" for e in exc.errors()
        )
    return str(exc)[:200]


_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")


def _values(figure: str) -> set[Decimal]:
    """What a written figure can mean: ``90.000`` may be 90000 or 90, ``4,5`` is 4.5."""
    readings = {figure.replace(",", ".")} if figure.count(",") + figure.count(".") <= 1 else set()
    if _THOUSANDS.match(figure):
        readings.add(figure.replace(".", "").replace(",", ""))
    found: set[Decimal] = set()
    for reading in readings:
        try:
            found.add(Decimal(reading))
        except InvalidOperation:
            continue
    return found


def grounded(answer: str, evidence: Sequence[str]) -> bool:
    """True when every figure in ``answer`` is one the evidence states."""
    stated: set[Decimal] = set()
    for text in evidence:
        for match in _FIGURE.finditer(text):
            stated |= _values(match.group(0))
    return all(_values(m.group(0)) & stated for m in _FIGURE.finditer(answer))


def _tool_calls(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    calls = message.get("tool_calls") or []
    if not isinstance(calls, list) or not all(
        isinstance(c, dict) and isinstance(c.get("function"), dict) for c in calls
    ):
        raise ModelFailed("the model's tool calls are malformed")
    if len(calls) > MAX_CALLS_PER_ROUND:
        raise ModelFailed(f"the model asked for {len(calls)} tool calls at once")
    return calls


def converse(
    session: Session, backend: ToolCallingBackend, question: str
) -> tuple[str, list[dict[str, Any]]]:
    """(final answer, the calls made with their results); raises ``ModelFailed``."""
    from rumbo.llm.openai_compat import LLMError

    tools = tool_definitions()
    messages: list[dict[str, Any]] = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": question},
    ]
    made: list[dict[str, Any]] = []
    for _round in range(MAX_ROUNDS):
        try:
            message = backend.chat(messages, tools)
        except (LLMError, OSError, ValueError) as exc:
            raise ModelFailed(str(exc)) from exc
        calls = _tool_calls(message)
        if not calls:
            content = message.get("content")
            if not isinstance(content, str) or not content.strip():
                raise ModelFailed("the model gave no final answer")
            return content.strip(), made
        messages.append(
            {"role": "assistant", "content": message.get("content"), "tool_calls": calls}
        )
        for number, call in enumerate(calls):
            ident = str(call.get("id") or f"call_{len(made)}_{number}")
            name = str(call["function"].get("name") or "")
            arguments, result = run_tool(session, name, call["function"].get("arguments"))
            made.append({"id": ident, "name": name, "arguments": arguments, "result": result})
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": ident,
                    "content": json.dumps(result, ensure_ascii=False),
                }
            )
    raise ModelFailed(f"no final answer after {MAX_ROUNDS} rounds")


def ask_with_model(
    session: Session,
    question: str,
    backend: ToolCallingBackend | None,
    *,
    unavailable: str | None = None,
) -> dict[str, Any]:
    """The offline answer, extended with the model's answer when one is configured and holds.

    The offline fields (``analytic``, ``title``, ``span_hours``, ``summary``, ``answer``) are
    always there; ``final_answer`` is what to show, ``answered_by`` says who wrote it,
    ``tool_calls`` the data the model used, and ``fallback_reason`` why the model's answer was
    not used (``None`` when no model is configured or it answered).
    ``unavailable`` is why a configured backend could not be built.
    """
    result = ask(session, question)
    result.update(
        answered_by="offline",
        final_answer=result["summary"],
        tool_calls=[],
        fallback_reason=unavailable,
    )
    if backend is None:
        return result
    try:
        text, made = converse(session, backend, question)
    except ModelFailed as exc:
        log.warning("ask: answering offline (%s)", exc)
        result["fallback_reason"] = str(exc)
        return result
    evidence = [question]
    for call in made:
        if "error" not in call["result"]:
            evidence += [json.dumps(call["arguments"]), json.dumps(call["result"])]
    if len(text) > MAX_ANSWER_CHARS:
        result["fallback_reason"] = "the model's answer is too long"
    elif not grounded(text, evidence):
        result["fallback_reason"] = "the model's answer states figures the tools did not return"
    else:
        result.update(answered_by=f"llm:{backend.features.key}", final_answer=text, tool_calls=made)
        return result
    result["tool_calls"] = made  # kept so a reader can see what the model was given
    return result


def ask_question(app: Rumbo, session: Session, question: str) -> dict[str, Any]:
    """``rumbo ask`` and its API: the configured model with the catalogue as tools, or offline."""
    from rumbo.llm import ToolCallingBackend, configured_backend

    try:
        backend = configured_backend(app)
    except Exception as exc:  # a misconfigured backend must not stop the offline answer
        return ask_with_model(session, question, None, unavailable=str(exc)[:200])
    if backend is not None and not isinstance(backend, ToolCallingBackend):
        reason = f"the {backend.features.key} backend cannot call tools"
        return ask_with_model(session, question, None, unavailable=reason)
    return ask_with_model(session, question, backend)
