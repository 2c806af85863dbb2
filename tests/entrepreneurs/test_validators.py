"""统一社会信用代码 validation: the form and the roster importer read the same messages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from entrepreneurs.validators import validate_credit_code
from tests.factories.ids import credit_code


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("91110000600037341L", "91110000600037341L"),
        ("91110000600037341l", "91110000600037341L"),  # lower case normalised
        (" 9111 0000-6000 37341L ", "91110000600037341L"),  # spaces and hyphens dropped
        ("９１１１００００６０００３７３４１Ｌ", "91110000600037341L"),  # full-width input
    ],
)
def test_valid_codes_are_returned_upper_case(raw, expected):
    assert validate_credit_code(raw) == expected


def test_generated_test_codes_are_valid():
    code = credit_code(42)
    assert validate_credit_code(code) == code


def test_wrong_check_digit_is_refused_with_a_chinese_message():
    with pytest.raises(ValidationError) as info:
        validate_credit_code("91110000600037341M")
    assert info.value.code == "checksum"
    assert "校验位错误" in info.value.messages[0]


@pytest.mark.parametrize("raw", ["91110000600037341O", "9111000060003734IL", "91110000600037Z41L"])
def test_letters_outside_the_gb32100_alphabet_are_refused(raw):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(raw)
    assert info.value.code == "characters"
    assert "不允许的字符" in info.value.messages[0]


def test_punctuation_is_a_bad_character():
    with pytest.raises(ValidationError) as info:
        validate_credit_code("911100006000373*1L")
    assert info.value.code == "characters"


def test_letters_in_the_region_part_are_refused():
    with pytest.raises(ValidationError) as info:
        validate_credit_code("A1110000600037341L")
    assert info.value.code == "format"


@pytest.mark.parametrize("raw, length", [("9111000060003734", 16), ("91110000600037341LX", 19)])
def test_wrong_length_names_the_length(raw, length):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(raw)
    assert info.value.code == "length"
    assert f"当前为{length}位" in info.value.messages[0]


def test_empty_code_is_required():
    with pytest.raises(ValidationError) as info:
        validate_credit_code("  ")
    assert info.value.code == "required"
