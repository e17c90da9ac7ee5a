"""With a language model configured, the assistant lets it word the answer — from the cited
passages only — and falls back to the article's own words whenever the model fails or strays."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rumbo.app import Rumbo
from rumbo.assistant import actions
from rumbo.assistant.generate import Source, grounded
from rumbo.assistant.schemas import AskIn
from rumbo.settings import Settings
from tests.articles import publish
from tests.conftest import SECRET_KEY, SYSTEM
from tests.servers import ChatScript, chat_server
from tests.test_assistant import ARTICLES


@pytest.fixture
def chat() -> ChatScript:
    """What the model server answers; each test may change it."""
    return ChatScript(replies=["Pulsa «¿Olvidaste tu contraseña?» y te llegará un enlace."])


@pytest.fixture
def llm_app(database_url: str, chat: ChatScript) -> Iterator[Rumbo]:
    with chat_server(chat) as url:
        settings = Settings(
            database_url=database_url,
            secret_key=SECRET_KEY,
            llm_url=url,
            llm_retries=0,
            llm_timeout_seconds=5,
        )
        app = Rumbo(settings)
        publish(app, *ARTICLES)
        yield app
        app.dispose()


def _ask(app: Rumbo, question: str):  # type: ignore[no-untyped-def]
    with app.unit_of_work(SYSTEM) as ctx:
        return actions.ask(ctx, AskIn(question=question))


def test_the_model_words_the_answer_from_the_cited_passages(llm_app: Rumbo, chat: ChatScript):
    result = _ask(llm_app, "olvidé mi contraseña, ¿cómo la cambio?")
    assert result.decision == "answer"
    assert result.answered_by == "llm:openai"
    assert result.answer.startswith("Pulsa «¿Olvidaste tu contraseña?»")
    assert "/help/articles/" in result.answer  # our link to the cited article, not the model's
    sent = chat.requests[-1]["messages"]
    assert "solo los fragmentos" in sent[0]["content"]
    assert "usted" in sent[0]["content"]  # no known customer: the respectful form
    assert "El enlace vence en 30 minutos" in sent[1]["content"]


def test_an_invented_figure_sends_the_articles_own_words(llm_app: Rumbo, chat: ChatScript):
    chat.replies = ["El enlace vence en 24 horas y cuesta 5 dólares."]
    result = _ask(llm_app, "olvidé mi contraseña, ¿cómo la cambio?")
    assert result.answered_by == "extractive"
    assert "30 minutos" in result.answer


def test_a_failing_model_server_falls_back_to_the_extractive_answer(
    llm_app: Rumbo, chat: ChatScript
):
    chat.replies = [503]
    result = _ask(llm_app, "olvidé mi contraseña, ¿cómo la cambio?")
    assert result.decision == "answer"
    assert result.answered_by == "extractive"
    assert "enlace por correo" in result.answer


def test_the_model_is_not_asked_when_the_assistant_hands_over(llm_app: Rumbo, chat: ChatScript):
    result = _ask(llm_app, "quiero hablar con una persona ya")
    assert result.decision == "escalate"
    assert chat.requests == []


def test_figures_must_come_from_the_passages():
    sources = [Source("Envíos", "El envío tarda entre 2 y 5 días hábiles.")]
    assert grounded("Tarda de 2 a 5 días hábiles.", sources)
    assert not grounded("Tarda 3 días.", sources)
