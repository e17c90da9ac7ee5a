"""A suite of realistic requests: every composer draft passes the critic (info findings allowed).

Each request is drafted without context, with a customer from the CRM (Mexico, tú; Argentina, vos;
Colombia by email, usted) and with and without the demo brand voice. The critic decides; the test
only collects what it says.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rumbo.drafting.context import Customer
from rumbo.drafting.studio import make_draft
from rumbo.drafting.voice import BrandVoice, load_voice

VOICE_FILE = Path(__file__).parents[1] / "src" / "rumbo" / "demo" / "brand_voice.yaml"

REQUESTS = {
    "outage": [
        "Write a message telling users the server is down and the software will be unavailable "
        "for 5 hours while engineering fixes it; apologise.",
        "Escribe un mensaje para los clientes: el sistema está caído y no estará disponible "
        "durante 3 horas. Pide disculpas.",
        "Avisa por SMS que la plataforma no funciona y el equipo técnico ya está trabajando.",
        "Post for social media: our point-of-sale app is down, we are on it.",
        "Correo a todos los clientes: interrupción del servicio de facturación de unas 2 horas.",
        "Comunicado público: el servicio estuvo fuera de servicio 90 minutos esta mañana.",
        "Draft a tweet apologising for yesterday's outage.",
        "Send an email to all merchants: card payments are failing since 10:00, we are "
        "investigating, no ETA yet.",
        "Escribe un mensaje en voseo para clientes de Argentina: el lector de tarjetas no "
        "funciona por 4 horas.",
    ],
    "unhappy_customer": [
        "Escribe un correo a un cliente molesto porque su pedido llegó tarde; ofrécele un 15% "
        "de descuento.",
        "Responde a una clienta enojada que dice que le cobramos dos veces $1.250 MXN; le vamos "
        "a reembolsar el importe.",
        "Reply to an angry customer who says support ignored him for a week. Be empathetic.",
        "Write a short, warm reply to Laura who is upset that her refund of USD 49.90 has not "
        "arrived.",
        "Contesta en redes a un usuario furioso porque la impresora de tickets no funciona.",
        "Write an email to an upset customer whose card reader arrived broken; offer a refund.",
        "Respuesta breve a una reseña negativa de un cliente frustrado con la app.",
        "Mensaje de WhatsApp a un cliente cuyo pedido #4521 se retrasó 3 días.",
        "Necesito una respuesta para un influencer que se queja en TikTok de que su terminal "
        "no funciona.",
    ],
    "data_leak": [
        "Redacta un comunicado y un plan por etapas: hubo una fuga de datos con correos "
        "electrónicos y teléfonos de clientes en México y Colombia.",
        "Mensaje para clientes: detectamos un acceso no autorizado que expuso nombres, correos "
        "y contraseñas. Pide disculpas.",
        "Write a public statement about a data breach that exposed customers' names and card "
        "numbers.",
        "Email customers in Spain about a data leak affecting their email addresses and dates "
        "of birth.",
        "Correo a los clientes de Perú: filtración de datos con números de documento de identidad.",
        "Write a press release about the data breach.",
    ],
    "political": [
        "Comunicado de neutralidad política por las elecciones",
        "Write a statement saying we stay neutral about the election.",
        "Mensaje para redes: nos preguntan qué partido apoyamos; responde con neutralidad.",
        "Plan y comunicado ante la polémica política por un candidato que usó nuestra tienda.",
        "Reply to a customer asking which presidential candidate we support.",
        "We need a statement: a political party used our logo in a campaign ad without permission.",
    ],
    "competitor": [
        "Un competidor llamado CajaRápida está diciendo en redes que nuestro sistema pierde "
        "ventas y ofrece 3 meses gratis a nuestros clientes. Escribe una respuesta.",
        "Write a statement answering a competitor that is spreading false claims about our "
        "security.",
        "Respond on social media to a rival brand's negative comments about our prices.",
        "Correo a clientes preocupados por lo que dice la competencia sobre nuestras terminales.",
        "Comunicado breve sobre los comentarios de un competidor que nos desprestigia.",
        "La competencia dice que vendemos datos de nuestros clientes; prepara un comunicado.",
    ],
    "key_account": [
        "Draft an email to a key account at risk of leaving before their renewal.",
        "Correo para una cuenta clave que quiere cancelar el contrato; propón una llamada.",
        "Email to an enterprise customer who wants to cancel their contract after the outage.",
        "Mensaje para un cliente importante que quiere irse con un competidor que le ofrece "
        "20% de descuento.",
        "Escribe a nuestra gran cuenta que no quiere renovar el contrato.",
        "Un cliente con 50 tiendas amenaza con irse si no arreglamos la facturación.",
    ],
    "surge": [
        "Black Friday: recibimos muchos pedidos y las respuestas tardan 48 horas. Mensaje para "
        "redes.",
        "Message customers that response times are longer because of a surge in orders.",
        "Correo a clientes: por la alta demanda del Buen Fin las respuestas pueden demorar "
        "24 horas.",
        "SMS: hay demoras en las entregas por el Hot Sale, pide disculpas.",
        "Statement about delays caused by record order volume this week.",
    ],
    "general": [
        "Escribe un mensaje avisando que el lunes cambia el horario de atención.",
        "Write a message telling customers that our office will be closed on December 25.",
        "Correo para contar a los clientes que lanzamos una nueva versión de la app.",
        "Mensaje de bienvenida para nuevos clientes del plan Pro.",
        "Let customers know that we have a new help center.",
        "Avisa a los usuarios de Colombia que mañana habrá mantenimiento de 22:00 a 02:00.",
        "Escribe un mensaje avisando que el precio sube a $12.50 desde el 1 de enero.",
        "Tell customers that there will be scheduled maintenance on Sunday from 2 am to 4 am.",
        "Mensaje formal para cuentas grandes: mantenimiento programado el domingo de 1:00 a 3:00.",
    ],
}
ALL = [(situation, r) for situation, requests in REQUESTS.items() for r in requests]
MEXICO = Customer(
    name="Ana López",
    email="ana@cafeluna.example",
    company="Café Luna",
    plan="Pro",
    seats=12,
    price_per_user=12.5,
    currency="MXN",
    renewal_date="2027-03-15",
    country="MX",
    language="es",
    address_form="tu",
    orders=[{"number": "T-1002", "status": "delivered"}],
    tickets=[{"id": 7, "subject": "No imprime tickets", "status": "open"}],
)
ARGENTINA = MEXICO.model_copy(
    update={
        "name": "Martín Gómez",
        "company": "Almacén Sur",
        "country": "AR",
        "address_form": "vos",
    }
)
COLOMBIA = MEXICO.model_copy(
    update={"name": "Camila Ruiz", "company": "Tienda Norte", "country": "CO", "address_form": None}
)


@pytest.fixture(scope="module")
def voice() -> BrandVoice:
    return load_voice(VOICE_FILE)


def blocking(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"{f.code} ({f.severity}): {f.message} «{result.text[f.start : f.end]}»"
        for f in result.critique
        if f.severity != "info"
    ]


@pytest.mark.parametrize(("situation", "request_text"), ALL)
def test_every_composer_draft_passes_the_critic(situation: str, request_text: str, voice):
    problems: list[str] = []
    for brand in (None, voice):
        for customer in (None, MEXICO, ARGENTINA, COLOMBIA):
            result = make_draft(request_text, customer=customer, voice=brand)
            assert result.understood.situation == situation
            assert result.backend == "composer"
            assert result.text.strip()
            problems += [
                f"{customer.country if customer else '-'} {'voice' if brand else ''}: {p}"
                for p in blocking(result)
            ]
    assert problems == []


def test_the_suite_covers_every_situation_in_both_languages():
    for requests in REQUESTS.values():
        assert len(requests) >= 5
        languages = {make_draft(r).understood.language for r in requests}
        assert languages == {"es", "en"}


def test_registers_are_conjugated_as_the_market_expects(voice):
    request = "Escribe un correo a un cliente molesto porque su pedido llegó tarde."
    mexico = make_draft(request, customer=MEXICO, voice=voice)
    argentina = make_draft(request, customer=ARGENTINA, voice=voice)
    colombia = make_draft(request, customer=COLOMBIA, voice=voice)
    assert (mexico.register, argentina.register, colombia.register) == ("tu", "vos", "usted")
    assert re.search(
        r"\b(?:tu|te|necesitas|escríbenos|puedes|tienes|prefieres|esperabas)\b", mexico.text
    )
    assert re.search(r"\b(?:necesitás|escribinos|tenés|respondé|preferís|podés)\b", argentina.text)
    assert re.search(r"\b(?:su|le|necesita|escríbanos|responda|puede|esperaba)\b", colombia.text)
    assert not re.search(r"\b(?:necesitás|escribinos|tenés)\b", mexico.text)


def test_drafts_are_personalised_from_the_crm_and_signed_with_the_voice(voice):
    result = make_draft(
        "Draft an email to a key account at risk of leaving before their renewal.",
        customer=MEXICO,
        voice=voice,
    )
    assert "Ana" in result.text
    assert "Café Luna" in result.text
    assert "Lucía Paredes" in result.text
    assert "soporte@tenderete.example" in result.text
    assert result.subject


def test_the_same_request_reads_the_same_way_and_different_requests_vary():
    first = make_draft(REQUESTS["outage"][1])
    again = make_draft(REQUESTS["outage"][1])
    assert first.text == again.text
    openings = {
        make_draft(f"Mensaje: el sistema está caído, caso {n}. Pide disculpas.").text.split(".")[0]
        for n in range(12)
    }
    assert len(openings) >= 2


def test_numbers_in_a_draft_come_from_the_request_or_the_crm(voice):
    for _situation, request_text in ALL:
        for customer in (None, MEXICO):
            result = make_draft(request_text, customer=customer, voice=voice)
            if result.understood.output == "plan":
                continue
            allowed = request_text + " " + str(customer.model_dump() if customer else "")
            allowed += " 12,50 12.50"  # the price per user, written as money
            allowed += " ".join(str(v) for v in voice.contact.model_dump().values())
            for number in re.findall(r"\d+", result.text):
                assert number in allowed, (request_text, number, result.text)


def test_long_drafts_are_shortened_to_fit_the_channel(voice):
    result = make_draft(
        "SMS: el sistema está caído y no estará disponible durante 5 horas; pide disculpas.",
        customer=MEXICO,
        voice=voice,
    )
    assert result.understood.channel == "sms"
    assert len(result.text) <= voice.max_length_for("sms")
    assert "5 horas" in result.text


def test_missing_facts_are_asked_for_not_invented():
    vague = make_draft("Escribe un mensaje sobre la caída del sistema")
    assert vague.questions == ["¿Cuánto se espera que dure la interrupción?"]
    assert not re.search(r"\d", vague.text)
    precise = make_draft("Escribe un mensaje: el sistema estará caído 2 horas")
    assert precise.questions == []
    leak = make_draft("Write an email to customers about a data breach")
    assert len(leak.questions) == 2
    assert leak.as_json()["questions"] == leak.questions


def test_durations_are_said_as_people_say_them():
    half = make_draft("El sistema está caído, volverá en media hora. Pide disculpas.")
    assert "media hora" in half.text
    one = make_draft("The app is down for 1 hour.")
    assert "about an hour" in one.text
    assert "1 hour" not in one.text


def test_a_brief_request_gets_a_shorter_draft():
    long = make_draft("Correo a un cliente molesto porque su pedido llegó tarde", customer=MEXICO)
    brief = make_draft(
        "Correo breve a un cliente molesto porque su pedido llegó tarde", customer=MEXICO
    )
    assert "brief" in brief.understood.tone
    assert len(brief.text) < len(long.text)


def test_a_request_without_a_verb_clause_still_says_its_topic():
    result = make_draft("Mensaje formal: mantenimiento programado el domingo de 1:00 a 3:00.")
    assert result.understood.situation == "general"
    assert "mantenimiento programado el domingo de 1:00 a 3:00" in result.text
    named = make_draft("Write a short reply to Laura who is upset that her order is late.")
    assert named.text.startswith("Hi Laura")


def test_the_channel_given_wins_over_the_request(voice):
    result = make_draft(
        "Escribe un correo a los clientes: el sistema está caído durante 2 horas.",
        channel="sms",
        voice=voice,
    )
    assert result.understood.channel == "sms"
    assert len(result.text) <= 160
    assert "\n" not in result.text
