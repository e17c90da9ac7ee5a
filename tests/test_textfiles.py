"""Reading people's files: anchors that share a value are fine, anchors that explode are not."""

from __future__ import annotations

import json

import pytest

from rumbo.textfiles import MAX_YAML_VALUES, FileProblem, json_value, yaml_document
from tests.test_cli_hostile_files import YAML_BOMB


def test_a_yaml_that_shares_a_value_through_an_alias_is_read() -> None:
    _root, value = yaml_document("base: &b {tone: cercano}\nes: *b\nen: *b\n")
    assert value == {
        "base": {"tone": "cercano"},
        "es": {"tone": "cercano"},
        "en": {"tone": "cercano"},
    }


def test_a_billion_laughs_and_a_loop_are_refused_before_they_are_expanded() -> None:
    # Nine lists of nine, nine levels deep: 9**9 values from 400 bytes.
    assert len(YAML_BOMB) < 1_000
    with pytest.raises(FileProblem, match=f"more than {MAX_YAML_VALUES:,} values"):
        yaml_document(YAML_BOMB)
    with pytest.raises(FileProblem):
        yaml_document("a: &a [1, *a]\n")


def test_json_nested_past_the_stack_is_malformed_json() -> None:
    assert json_value('{"a": [1, 2]}') == {"a": [1, 2]}
    with pytest.raises(json.JSONDecodeError, match="nested too deeply"):
        json_value("[" * 100_000 + "]" * 100_000)


def test_json_the_fast_decoder_refuses_is_still_read_as_the_standard_one_reads_it() -> None:
    # Integers past 64 bits and NaN are Python's JSON, not orjson's: the standard decoder
    # takes over, so the same line gives the same value whichever decoder read it.
    assert json_value('{"followers": 123456789012345678901234567890}') == {
        "followers": 123456789012345678901234567890
    }
    assert json_value('[{"ids": [1, -9223372036854775809]}]') == [
        {"ids": [1, -9223372036854775809]}
    ]
    assert json_value('{"at": 1.5e3, "n": 18446744073709551615}') == {
        "at": 1500.0,
        "n": 18446744073709551615,
    }
    value = json_value('{"score": NaN}')
    assert value["score"] != value["score"]
    assert json_value('{"text": "envío 🚀"}') == {"text": "envío 🚀"}
    with pytest.raises(json.JSONDecodeError, match="Expecting"):
        json_value('{"id": 1,')
