"""Enrichment: what Rumbo reads in one post (language, sentiment, complaint, terms, topic)."""

from __future__ import annotations

import pytest

from rumbo.listening.enrich import Enricher, Enrichment
from rumbo.listening.enrich.text import fast_fold
from rumbo.text import fold


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher(products=["Fibra 600", "Plan Móvil"])


def test_accents_and_case_never_change_the_terms(enricher: Enricher) -> None:
    variants = ["El ENVÍO llegó tarde", "el envío llegó tarde", "el envio llego tarde"]
    terms = {enricher.enrich(text).terms for text in variants}
    assert len(terms) == 1
    assert "envio" in terms.pop()


def test_product_names_match_whatever_the_accents(enricher: Enricher) -> None:
    assert "producto:Plan Móvil" in enricher.enrich("mi plan movil no tiene datos").terms
    assert "producto:Plan Móvil" in enricher.enrich("Mi PLAN MÓVIL otra vez").terms
    assert "producto:Fibra 600" in enricher.enrich("La fibra 600 va lenta").terms
    assert not any(t.startswith("producto:") for t in enricher.enrich("fibra de vidrio").terms)


def test_terms_are_readable_words_phrases_hashtags_and_mentions(enricher: Enricher) -> None:
    result = enricher.enrich("@Tenderete llevamos 3 días sin servicio en Málaga #Caída")
    assert {"@tenderete", "#caida", "sin servicio", "malaga", "servicio"} <= set(result.terms)
    # Function words are never terms on their own.
    assert not {"en", "sin", "llevamos en"} & set(result.terms)


def test_negation_flips_sentiment(enricher: Enricher) -> None:
    assert enricher.enrich("el servicio es bueno").sentiment == "positive"
    assert enricher.enrich("el servicio no es bueno").sentiment == "negative"
    assert enricher.enrich("the support was good").sentiment == "positive"
    assert enricher.enrich("the support was not good").sentiment == "negative"
    assert enricher.enrich("the support wasn't good").sentiment == "negative"


def test_intensifiers_and_exclamations_strengthen(enricher: Enricher) -> None:
    plain = enricher.enrich("el servicio es malo").sentiment_score
    strong = enricher.enrich("el servicio es muy malo!!").sentiment_score
    assert strong < plain < 0


def test_emoji_and_emoticons_carry_sentiment(enricher: Enricher) -> None:
    assert enricher.enrich("mi pedido 😡").sentiment == "negative"
    assert enricher.enrich("mi pedido 😍").sentiment == "positive"
    assert enricher.enrich("my order :(").sentiment == "negative"


def test_inflected_spanish_words_find_the_lexicon(enricher: Enricher) -> None:
    # Only "encantar"/"decepcionado" forms are listed; the stem finds the rest.
    assert enricher.enrich("me encantaron las ofertas").sentiment == "positive"
    assert enricher.enrich("estamos decepcionadísimos").sentiment == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "La app no funciona desde ayer",
        "Me cobraron dos veces la factura",
        "Quiero un reembolso ya",
        "sigo esperando mi pedido, nadie responde",
        "My router doesn't work since Monday",
        "I was charged twice, I want a refund",
        "still waiting for my package, worst service ever",
    ],
)
def test_complaints_are_recognised_in_both_languages(enricher: Enricher, text: str) -> None:
    result = enricher.enrich(text)
    assert result.complaint, result
    assert result.complaint_score >= 0.5


@pytest.mark.parametrize(
    "text", ["Gracias por la ayuda, todo perfecto", "Thanks, the new plan is great", "hola"]
)
def test_praise_and_greetings_are_not_complaints(enricher: Enricher, text: str) -> None:
    result = enricher.enrich(text)
    assert not result.complaint
    assert result.complaint_score < 0.5


def test_topics_come_from_the_taxonomy(enricher: Enricher) -> None:
    assert enricher.enrich("sin internet en todo el barrio").topic == "outage"
    assert enricher.enrich("me cobraron de más en la factura").topic == "billing"
    assert enricher.enrich("my package was never delivered").topic == "delivery"
    assert enricher.enrich("qué bonito día").topic is None


def test_a_custom_taxonomy_replaces_the_default() -> None:
    custom = Enricher(topics={"fichajes": ["fichaje", "traspaso"]})
    assert custom.enrich("El fichaje del año").topic == "fichajes"
    assert custom.enrich("sin internet en casa").topic is None


def test_language_is_detected_or_taken_from_the_hint(enricher: Enricher) -> None:
    assert enricher.enrich("No puedo entrar en mi cuenta desde ayer").language == "es"
    assert enricher.enrich("I cannot log into my account since yesterday").language == "en"
    assert enricher.enrich("👍👍").language == "und"
    assert enricher.enrich("ok", language_hint="en").language == "en"
    assert enricher.enrich("ok", language_hint="es-MX").language == "es"
    assert enricher.enrich("ok", language_hint="EN").language == "en"
    assert enricher.enrich("ok", language_hint="fr").language != "fr"


def test_a_repeated_post_is_read_once_and_its_language_hint_still_counts() -> None:
    enricher = Enricher()
    text = "no me llegó el pedido"
    first = enricher.enrich(text)
    assert enricher.enrich(text) is first  # remembered: a retweet costs a lookup
    assert enricher.enrich(text, "en-US").language == "en"
    assert enricher.enrich(text, "ES").language == "es"
    assert enricher.enrich(text, "fr") is first  # an unknown hint is no hint


def test_enrich_many_matches_enrich_and_checks_hint_length(enricher: Enricher) -> None:
    texts = ["sin servicio", "great service"]
    assert enricher.enrich_many(texts) == [enricher.enrich(t) for t in texts]
    assert enricher.enrich_many(texts, ["es", None])[0].language == "es"
    with pytest.raises(ValueError, match="one entry per text"):
        enricher.enrich_many(texts, ["es"])


def test_results_are_well_formed_on_odd_input(enricher: Enricher) -> None:
    for text in ["", "   ", "!!!", "http://example.com/x", "a" * 5000, "\u0301\u0301"]:
        result = enricher.enrich(text)
        assert isinstance(result, Enrichment)
        assert -1.0 <= result.sentiment_score <= 1.0
        assert 0.0 <= result.complaint_score <= 1.0
        assert result.sentiment in ("negative", "neutral", "positive")
        assert len(result.terms) <= 24
    assert "http" not in " ".join(enricher.enrich("mira http://t.co/abc fallo").terms)


def test_fast_fold_agrees_with_the_reference_fold() -> None:
    samples = ["ÁÉÍÓÚ áéíóú Ññ Üü Çç", "Ørsted Æble ß", "e\u0301xito", "ENVÍO Ñandú", "plain"]
    for text in samples:
        assert fast_fold(text) == fold(text), text
    # Every Latin character the translation table covers, one at a time and all together
    # (the acute accent alone is read as an apostrophe on purpose: "don´t").
    every = "".join(chr(code) for code in range(0x20, 0x250) if code != 0xB4)
    assert fast_fold(every) == fold(every)
    for char in every:
        assert fast_fold(char + "ñ") == fold(char + "ñ"), hex(ord(char))
