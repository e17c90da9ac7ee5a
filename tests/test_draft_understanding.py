"""Reading plain requests: situation, output, audience, register, tone and the facts given."""

from __future__ import annotations

import pytest

from rumbo.drafting.understanding import understand
from rumbo.errors import ValidationFailed


def test_the_issue_example_is_an_outage_message_with_five_hours_and_an_apology():
    u = understand(
        "Write a message telling users the server is down and the software will be "
        "unavailable for 5 hours while engineering fixes it; apologise."
    )
    assert (u.language, u.situation, u.output, u.audience) == (
        "en",
        "outage",
        "message",
        "customers",
    )
    assert u.apology is True
    assert u.facts["duration_hours"] == 5
    assert u.facts["engineering_on_it"] is True


@pytest.mark.parametrize(
    ("request_text", "situation"),
    [
        ("Redacta un mensaje: el servidor está caído desde las 10:00", "outage"),
        ("Hubo una filtración de datos de clientes, escribe un comunicado", "data_leak"),
        ("We had a data breach that exposed phone numbers", "data_leak"),
        ("Comunicado de neutralidad ante las elecciones", "political"),
        ("A competitor is spreading lies about our prices", "competitor"),
        ("Nuestra cuenta clave quiere cancelar el contrato", "key_account"),
        ("Black Friday: las respuestas tardan dos días por la alta demanda", "surge"),
        ("Responde a una clienta muy molesta por un cobro doble", "unhappy_customer"),
        ("Contesta a un usuario furioso porque la impresora no funciona", "unhappy_customer"),
        ("Escribe un mensaje avisando que cambiamos el horario", "general"),
        ("Avisa que mañana habrá mantenimiento de 22:00 a 02:00", "general"),
        ("Un cliente con 50 tiendas amenaza con irse", "key_account"),
        ("WhatsApp a un cliente cuyo pedido #4521 se retrasó", "unhappy_customer"),
    ],
)
def test_situations_come_from_the_words_of_the_request(request_text: str, situation: str):
    assert understand(request_text).situation == situation


@pytest.mark.parametrize(
    ("request_text", "output", "channel"),
    [
        ("Escribe un correo a los clientes sobre la caída", "email", "email"),
        ("Redacta un comunicado de prensa sobre la fuga de datos", "statement", "statement"),
        ("Necesito un plan de respuesta para la caída", "plan", None),
        ("A staged plan and a public statement for the breach", "plan_and_statement", "statement"),
        ("Reply to this customer on Twitter", "reply", "social"),
        ("Avisa por SMS que el servicio volvió", "message", "sms"),
    ],
)
def test_output_and_channel(request_text: str, output: str, channel: str | None):
    u = understand(request_text)
    assert (u.output, u.channel) == (output, channel)


def test_register_tone_and_refused_apology_in_spanish():
    u = understand("Mensaje breve y cercano de usted sobre la caída, sin pedir disculpas")
    assert u.register == "usted"
    assert {"brief", "warm"} <= set(u.tone)
    assert u.apology is False
    assert understand("Escribe en voseo un mensaje para Argentina").register == "vos"
    assert understand("Tutea al cliente en la respuesta").register == "tu"


def test_money_percentages_and_dates_are_read_as_written():
    u = understand(
        "Responde a un cliente molesto: le cobramos $1.250 MXN de más el 3 de marzo; "
        "ofrécele un 15% de descuento."
    )
    assert u.facts["amount"] == 1250
    assert u.facts["currency"] == "MXN"
    assert u.facts["amount_text"] == "$1.250 MXN"
    assert u.facts["percent"] == 15
    assert u.facts["compensation"] == {"kind": "discount", "percent": 15}
    assert u.facts["date"] == "3 de marzo"


def test_leaked_data_types_and_markets():
    u = understand(
        "Fuga de datos: quedaron expuestos correos electrónicos, contraseñas y números de "
        "tarjeta de clientes de Colombia y Perú"
    )
    assert u.facts["data_types"] == ["emails", "passwords", "cards"]
    assert u.facts["markets"] == ["CO", "PE"]
    english = understand("Email customers about a leak of their email addresses and birth dates")
    assert english.facts["data_types"] == ["emails", "birthdates"]


def test_the_competitor_and_its_offer_are_not_taken_for_our_own_compensation():
    u = understand(
        "Un competidor llamado CajaRápida dice en redes que perdemos ventas y ofrece "
        "3 meses gratis a nuestros clientes. Escribe una respuesta."
    )
    assert u.facts["competitor"] == "CajaRápida"
    assert u.facts["competitor_offer"] == "3 meses gratis"
    assert "compensation" not in u.facts


def test_products_come_from_the_catalogue_and_quotes():
    catalogue = [{"name": "Tenderete Caja", "aliases": ["caja"]}, {"name": "Lector QR"}]
    u = understand('La caja no funciona y el módulo "Inventario" tampoco', catalogue=catalogue)
    assert u.facts["products"] == ["Tenderete Caja", "Inventario"]


def test_facts_never_given_are_absent():
    u = understand("Escribe un mensaje sobre la caída del sistema")
    assert u.facts == {}


@pytest.mark.parametrize("bad", ["", "   ", "x" * 4001])
def test_empty_or_huge_requests_are_refused_naming_the_field(bad: str):
    with pytest.raises(ValidationFailed) as caught:
        understand(bad)
    assert "request" in caught.value.fields


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        understand("Mensaje sobre la caída", channel="fax")
    assert caught.value.fields == {"channel": "unknown"}


def test_order_numbers_times_and_relative_days():
    u = understand("Avisa a un cliente que su pedido #A-4521 sale mañana de 9:00 a 13:00")
    assert u.facts["order"] == "A-4521"
    assert u.facts["date"] == "mañana"
    assert u.facts["time"] == "9:00 a 13:00"


def test_a_count_with_thousands_is_not_a_time():
    u = understand("Comunicado: la caída afectó a más de 3.000 clientes durante la mañana")
    assert "time" not in u.facts


def test_the_person_written_to_is_named_when_the_request_names_them():
    assert understand("Write a short reply to Laura who is upset").facts["person"] == "Laura"
    assert understand("Responde a María, que está molesta").facts["person"] == "María"
    assert "person" not in understand("Mensaje para Colombia sobre la caída").facts


def test_an_amount_with_decimals_stays_whole_in_a_refund():
    u = understand("Reply to a customer: we will refund USD 49.90 for the broken reader")
    assert u.facts["compensation"] == {"kind": "refund", "amount_text": "USD 49.90"}
