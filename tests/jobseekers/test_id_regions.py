"""Region codes of ID numbers: the check digit and the birth date decide. A region code created
after the birth (310115 Pudong dates from 1993; 310225 former Nanhui from 1982) is accepted; a code
that never existed is not refused, but the staff member confirms it against the card first, in
the form, the API and the roster import alike (one rule, ``jobseekers.validators``)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from stdnum.cn import ric

from jobseekers.models import Person
from jobseekers.validators import id_region_known, require_region_confirmed, validate_id_number
from rosters.services import roster_import
from tests.factories.rosters import headers, write_workbook


def number(region: str, birth: datetime.date, seq: str = "123") -> str:
    body = f"{region}{birth:%Y%m%d}{seq}"
    return body + ric.calc_check_digit(body + "0")


PUDONG_1990 = "310115199001011232"  # the number of the issue: correct check digit, born before 1993
NANHUI_1975 = number("310225", datetime.date(1975, 6, 1))  # 310225 was set up in 1982
NEVER = number("319999", datetime.date(1988, 4, 12))  # 319999 was never a division code


def test_a_pudong_number_of_someone_born_before_1993_is_valid():
    assert validate_id_number(PUDONG_1990) == PUDONG_1990
    assert id_region_known(PUDONG_1990)
    require_region_confirmed(PUDONG_1990, confirmed=False)


def test_a_former_nanhui_number_of_someone_born_before_the_county_existed_is_valid():
    assert validate_id_number(NANHUI_1975) == NANHUI_1975
    assert id_region_known(NANHUI_1975)
    require_region_confirmed(NANHUI_1975, confirmed=False)


def test_a_code_that_never_existed_passes_the_check_but_asks_for_confirmation():
    assert validate_id_number(NEVER) == NEVER
    assert not id_region_known(NEVER)
    with pytest.raises(ValidationError) as info:
        require_region_confirmed(NEVER, confirmed=False)
    assert info.value.code == "id_region_unconfirmed" and "核对" in info.value.messages[0]
    assert NEVER[:6] not in info.value.messages[0]
    require_region_confirmed(NEVER, confirmed=True)


def test_the_check_digit_still_decides_whatever_the_region():
    wrong = PUDONG_1990[:17] + ("3" if PUDONG_1990[17] != "3" else "4")
    with pytest.raises(ValidationError) as info:
        validate_id_number(wrong)
    assert info.value.code == "id_check_digit"


@pytest.mark.django_db
@pytest.mark.parametrize("value", [PUDONG_1990, NANHUI_1975])
def test_staff_register_a_person_whose_region_code_postdates_the_birth(client_for, centre_user, area_a, value):
    response = client_for(centre_user).post(
        reverse("jobseekers:person_create"), {"name": "陆建华", "id_number": value, "area": area_a.pk}
    )
    assert response.status_code == 302
    assert Person.objects.get(name="陆建华").birth_date.year < 1993


@pytest.mark.django_db
def test_a_code_that_never_existed_is_saved_once_the_staff_member_confirms_it(client_for, centre_user, area_a):
    c = client_for(centre_user)
    url = reverse("jobseekers:person_create")
    first = c.post(url, {"name": "沈一鸣", "id_number": NEVER, "area": area_a.pk})
    body = first.content.decode()
    assert first.status_code == 400 and "核对" in body and 'name="region_confirmed"' in body
    assert not Person.objects.filter(name="沈一鸣").exists()
    second = c.post(url, {"name": "沈一鸣", "id_number": NEVER, "area": area_a.pk, "region_confirmed": "on"})
    assert second.status_code == 302
    assert Person.objects.get(name="沈一鸣").id_number == NEVER


@pytest.mark.django_db
def test_the_confirmation_box_is_not_shown_for_ordinary_numbers(client_for, centre_user, area_a):
    body = client_for(centre_user).get(reverse("jobseekers:person_create")).content.decode()
    assert 'name="region_confirmed"' not in body


@pytest.mark.django_db
def test_the_inline_check_says_to_compare_an_unknown_code_with_the_card(client_for, centre_user):
    url = reverse("jobseekers:person_check") + "?field=id_number"
    c = client_for(centre_user)
    assert "核对" in c.post(url, {"id_number": NEVER}).content.decode()
    assert "有效" in c.post(url, {"id_number": PUDONG_1990}).content.decode()


@pytest.mark.django_db
def test_the_api_asks_for_region_confirmed_on_a_code_that_never_existed(api_client_for, centre_user, area_a):
    client = api_client_for(centre_user)
    payload = {"name": "沈一鸣", "id_number": NEVER, "area": area_a.code}
    refused = client.post("/api/v1/persons/", payload, format="json")
    assert refused.status_code == 400 and "核对" in str(refused.json()["id_number"])
    created = client.post("/api/v1/persons/", {**payload, "region_confirmed": True}, format="json")
    assert created.status_code == 201
    assert (
        client.post(
            "/api/v1/persons/", {"name": "陆建华", "id_number": PUDONG_1990, "area": area_a.code}, format="json"
        ).status_code
        == 201
    )


@pytest.mark.django_db
def test_the_roster_import_accepts_pre_1993_pudong_and_former_nanhui_numbers(tmp_path, area_a):
    rows = [
        [PUDONG_1990, "陆建华", "13900001111", area_a.code, ""],
        [NANHUI_1975, "顾秀英", "13900002222", area_a.code, ""],
    ]
    result = roster_import(path=write_workbook(tmp_path / "p.xlsx", {"persons": (headers("persons"), rows)}))
    assert result.ok, [str(error) for error in result.errors]
    assert set(Person.objects.values_list("name", flat=True)) == {"陆建华", "顾秀英"}
