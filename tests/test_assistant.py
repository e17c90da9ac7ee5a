"""The assistant answers from the knowledge base, or hands over to a person with context."""

from __future__ import annotations

import pytest

from rumbo.app import Rumbo
from rumbo.assistant import actions
from rumbo.assistant.schemas import AskIn, NoticeIn
from rumbo.assistant.signals import detect
from rumbo.crm import actions as crm_actions
from rumbo.crm.schemas import CompanyIn, ContactIn
from rumbo.knowledge.schemas import ArticleIn
from rumbo.tickets import queries as ticket_queries
from tests.articles import PASSWORD_ARTICLE, publish
from tests.conftest import SYSTEM, client_for

ARTICLES = [
    PASSWORD_ARTICLE.model_copy(update={"translation_group": "password"}),
    ArticleIn(
        title="Plazos de envío de pedidos",
        category="Envíos y devoluciones",
        status="published",
        body_md=(
            "Los pedidos de la tienda se despachan en 24 horas hábiles. El envío a todo el país "
            "tarda entre 2 y 5 días hábiles según la ciudad. Recibirás el número de guía por "
            "correo para rastrear tu paquete."
        ),
    ),
    ArticleIn(
        title="Configurar la impresora de tickets",
        category="Hardware",
        status="published",
        body_md=(
            "Conecta la impresora térmica por USB, instala el controlador desde Ajustes > "
            "Dispositivos y elige el ancho de papel de 80 mm. Imprime una página de prueba."
        ),
    ),
]


@pytest.fixture
def kb(app: Rumbo) -> Rumbo:
    publish(app, *ARTICLES)
    return app


def ask(app: Rumbo, question: str, **extra) -> object:  # type: ignore[no-untyped-def]
    with app.unit_of_work(SYSTEM) as ctx:
        return actions.ask(ctx, AskIn(question=question, **extra))


def test_answers_from_the_article_and_cites_it(kb: Rumbo):
    result = ask(kb, "olvide mi contrasena, como la restablezco?")
    assert result.decision == "answer"
    assert result.citations[0].title == "Cómo restablecer tu contraseña"
    assert result.citations[0].url.startswith("/help/articles/")
    assert "enlace por correo" in result.answer
    assert result.ticket_id is None
    assert 0 <= result.confidence <= 1


def test_english_question_finds_the_spanish_article(kb: Rumbo):
    result = ask(kb, "How long does shipping of my order take?")
    assert result.language == "en"
    assert result.citations
    assert result.citations[0].title == "Plazos de envío de pedidos"


def test_register_follows_the_customer(kb: Rumbo):
    with kb.unit_of_work(SYSTEM) as ctx:
        crm_actions.create_contact(
            ctx, ContactIn(name="Lucía", emails=["lucia@example.com"], address_form="vos")
        )
    result = ask(kb, "¿Cuánto tarda el envío de mi pedido?", contact_email="lucia@example.com")
    assert result.decision == "answer"
    assert result.address_form == "vos"
    assert "tenés" in result.answer
    unknown = ask(kb, "¿Cuánto tarda el envío de mi pedido?")
    assert unknown.address_form == "usted"
    assert "Puede leerlo" in unknown.answer


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("Quiero hablar con una persona", "wants_person"),
        ("¡¡¡ESTO ES UNA VERGÜENZA, SON UNOS INÚTILES!!!", "angry"),
        ("Creo que hubo una filtración de datos, me llegó un correo falso", "sensitive:data_leak"),
    ],
)
def test_hands_over_to_a_person_with_the_context(kb: Rumbo, question: str, reason: str):
    result = ask(kb, question, conversation_id="conv-1")
    assert result.decision == "escalate"
    assert result.reason == reason
    assert result.ticket_id is not None
    with kb.reading() as session:
        ticket = ticket_queries.get_ticket(session, result.ticket_id)
        assert ticket is not None
        assert ticket.source == "assistant"
        bodies = [m.body for m in ticket.messages]
        assert question in bodies
        assert any(m.internal and reason in m.body for m in ticket.messages)


def test_out_of_scope_questions_escalate(kb: Rumbo):
    result = ask(kb, "¿Cuál es la capital de Mongolia y cuántos habitantes tiene?")
    assert result.decision == "escalate"
    assert result.reason in {"low_confidence", "out_of_scope"}


def test_the_transcript_comes_along_when_it_escalates(kb: Rumbo):
    first = ask(kb, "¿Cómo configuro la impresora de tickets?", conversation_id="c-42")
    second = ask(kb, "Sigue sin funcionar, quiero hablar con un asesor", conversation_id="c-42")
    assert first.conversation_id == second.conversation_id == "c-42"
    with kb.reading() as session:
        ticket = ticket_queries.get_ticket(session, second.ticket_id)
        bodies = [m.body for m in ticket.messages]
    assert "¿Cómo configuro la impresora de tickets?" in bodies


def test_large_account_cancellation_goes_to_a_person(kb: Rumbo):
    with kb.unit_of_work(SYSTEM) as ctx:
        crm_actions.create_company(
            ctx, CompanyIn(name="Cadena Grande", external_id="big", seats=300, price_per_user="20")
        )
        crm_actions.create_contact(
            ctx,
            ContactIn(name="Director", emails=["dir@grande.example"], company_external_id="big"),
        )
    result = ask(kb, "Queremos cancelar nuestra suscripción", contact_email="dir@grande.example")
    assert result.decision == "escalate"
    assert result.reason == "sensitive:cancellation"


def test_an_active_notice_comes_first(kb: Rumbo):
    with kb.unit_of_work(SYSTEM) as ctx:
        actions.add_notice(
            ctx,
            NoticeIn(
                title="Demoras en envíos",
                body="Hay retrasos de 2 días por lluvias.",
                keywords=["envio", "pedido"],
            ),
        )
    result = ask(kb, "¿Cuánto tarda el envío de mi pedido?")
    assert result.notice is not None
    assert result.answer.startswith("Aviso: Demoras en envíos")
    unrelated = ask(kb, "¿Cómo configuro la impresora de tickets?")
    assert unrelated.notice is None


def test_metrics_count_deflection_and_reasons(kb: Rumbo):
    ask(kb, "¿Cómo configuro la impresora de tickets?")
    ask(kb, "Quiero hablar con una persona")
    with kb.reading() as session:
        from rumbo.assistant.queries import metrics

        m = metrics(session)
    assert m.questions == 2
    assert m.escalation_reasons == {"wants_person": 1}
    assert m.deflection_rate == pytest.approx(m.answered / 2)


def test_api_and_bad_input(kb: Rumbo):
    with client_for(kb, "viewer") as viewer:
        ok = viewer.post("/api/v1/assistant/ask", json={"question": "contraseña olvidada"})
        assert ok.status_code == 200, ok.text
        assert ok.json()["decision"] in {"answer", "clarify", "escalate"}
        for bad in (
            {"question": ""},
            {"question": "x" * 100_000},
            {"question": "hola", "language": "fr"},
        ):
            response = viewer.post("/api/v1/assistant/ask", json=bad)
            assert response.status_code == 422
            assert response.json()["error"]["code"] == "validation_failed"
        assert (
            viewer.post(
                "/api/v1/assistant/notices", json={"title": "x", "body": "y", "keywords": ["z"]}
            ).status_code
            == 403
        )


def test_signals_read_spanish_and_english():
    assert detect("quiero hablar con un humano").wants_person
    assert detect("I want to talk to a real person").wants_person
    assert detect("me hackearon los datos de la cuenta").sensitive_topic == "data_leak"
    assert detect("mi abogado los va a demandar").sensitive_topic == "legal"
    assert detect("¿Cómo cambio mi contraseña?") == detect("How do I change my password?")
    assert not detect("¿Cómo cambio mi contraseña?").angry
