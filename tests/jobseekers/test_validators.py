"""ID numbers and mobile numbers: what is accepted, what is refused, and how the message reads."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from jobseekers.validators import validate_id_number, validate_mobile
from tests.factories.ids import id_number

VALID_X = "11010519491231002X"  # the GB 11643 example number, check digit X


def refused(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    return info.value


def test_a_valid_number_is_returned_normalised():
    number = id_number(datetime.date(1985, 3, 9))
    assert validate_id_number(f" {number} ") == number


def test_a_lower_case_x_check_digit_is_accepted_and_upper_cased():
    assert validate_id_number(VALID_X.lower()) == VALID_X


def test_a_wrong_check_digit_is_refused_with_a_check_digit_message_that_does_not_echo_the_number():
    wrong = VALID_X[:17] + "1"
    error = refused(wrong)
    assert error.code == "id_check_digit"
    assert "校验位" in error.messages[0]
    assert wrong not in error.messages[0] and VALID_X[:17] not in str(error)


def test_wrong_length_is_named_with_the_length_found():
    error = refused("3101041990051700")
    assert error.code == "id_length" and "16" in error.messages[0]


def test_letters_inside_the_number_are_refused_as_bad_characters():
    assert refused("31010419A0051700X1").code == "id_characters"
    assert refused("310104199005170A1Y").code == "id_characters"


def test_an_impossible_birth_date_is_refused():
    body = "31010419900230123"  # 30 February
    assert refused(body + "0").code == "id_birth_date"


def test_a_birth_date_in_the_future_is_refused():
    body = "31010421990101123"
    assert refused(body + "0").code == "id_birth_date"


def test_an_empty_number_asks_for_one():
    assert refused("  ").code == "required"


@pytest.mark.parametrize("value", ["13812345678", "138 1234 5678", "138-1234-5678", "+8613812345678"])
def test_mobile_numbers_are_normalised(value):
    assert validate_mobile(value) == "13812345678"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("1381234567", "mobile_length"),
        ("23812345678", "mobile_prefix"),
        ("1381234567a", "mobile_characters"),
        ("", "required"),
    ],
)
def test_bad_mobile_numbers_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as info:
        validate_mobile(value)
    assert info.value.code == code
