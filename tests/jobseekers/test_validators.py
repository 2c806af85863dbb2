"""ID numbers and mobile numbers: what is accepted, what is refused, and how the message reads."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobseekers.validators import validate_id_number, validate_mobile, validate_person_name
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


@pytest.mark.parametrize("utc_hour", [1, 17, 23], ids=["morning", "after-midnight-in-shanghai", "late"])
def test_a_birth_date_is_in_the_future_by_shanghai_s_date_whatever_the_machine_s(utc_hour):
    """Today in Shanghai is accepted and tomorrow refused, also in the hours when Shanghai's date
    is a day ahead of UTC's."""
    moment = datetime.datetime(2026, 12, 5, utc_hour, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        today = timezone.localdate()
        assert today == moment.astimezone(ZoneInfo("Asia/Shanghai")).date()
        assert validate_id_number(id_number(today)).startswith(id_number_for_check(today))
        assert refused(id_number(today + datetime.timedelta(days=1))).code == "id_birth_date"


def id_number_for_check(birth: datetime.date) -> str:
    """The shape of a number born on ``birth`` (the serial differs from call to call)."""
    return f"310104{birth:%Y%m%d}"


def test_surrounding_space_and_a_lower_case_x_are_normalised():
    assert validate_id_number(f"  {VALID_X}\u3000") == VALID_X
    assert validate_id_number(VALID_X.lower()) == VALID_X
    assert validate_id_number(f" {VALID_X.lower()} ") == VALID_X


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


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("张伟", "张伟"),
        ("  阿卜杜勒・艾则孜 ", "阿卜杜勒·艾则孜"),
        ("买买提•吐尔逊", "买买提·吐尔逊"),
        ("John  Smith", "John Smith"),
        ("Ｊｏｈｎ", "John"),
        ("José O'Neil-Li", "José O'Neil-Li"),
    ],
)
def test_names_keep_chinese_latin_letters_and_the_middle_dot(typed, kept):
    assert validate_person_name(typed) == kept


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("张\x07伟", "name_control"),
        ("张伟\n", "name_control"),
        ("张\u200b伟", "name_control"),
        ("张伟😀", "name_characters"),
        ("张伟#1", "name_characters"),
        ("张伟★", "name_characters"),
        ("   ", "required"),
    ],
)
def test_names_with_control_characters_emoji_or_symbols_are_refused(typed, code):
    with pytest.raises(ValidationError) as caught:
        validate_person_name(typed)
    assert caught.value.code == code


def test_a_name_over_the_limit_is_refused_with_the_limit_said_not_cut():
    with pytest.raises(ValidationError) as caught:
        validate_person_name("张" * 65)
    assert caught.value.code == "name_length"
    assert "64" in caught.value.messages[0] and "65" in caught.value.messages[0]


@pytest.mark.django_db
def test_the_person_form_refuses_an_emoji_name(committee_user_a, area_a):
    from jobseekers.forms import PersonForm

    form = PersonForm(data={"name": "张伟😀", "id_number": id_number(), "area": area_a.pk}, user=committee_user_a)
    assert not form.is_valid()
    assert "name" in form.errors
    assert "maxlength" not in str(form["name"])


@pytest.mark.django_db
def test_the_api_refuses_a_name_with_a_control_character(api_client_for, committee_user_a, area_a):
    response = api_client_for(committee_user_a).post(
        "/api/v1/persons/", {"name": "张\x07伟", "id_number": id_number(), "area": area_a.code}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()
