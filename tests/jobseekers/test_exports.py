"""The Excel exports the rosters app builds from this app's selectors: masked unless the user
may reveal, and scoped exactly like the list pages."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

from tests.factories.jobseekers import MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


def cells(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
    )


@pytest.fixture
def people(area_a, area_b):
    mine = PersonFactory(name="导出甲", area=area_a, phone="13812340000")
    MembershipFactory(person=mine, group="unemployed", start_date=datetime.date.today().replace(month=1, day=2))
    theirs = PersonFactory(name="导出乙", area=area_b, phone="13812349999")
    return mine, theirs


def test_the_person_export_is_masked_and_scoped_for_committee_staff(client_for, committee_user_a, people):
    mine, _ = people
    response = client_for(committee_user_a).get("/rosters/export/persons/")
    assert response.status_code == 200
    text = cells(response)
    assert "导出甲" in text and "导出乙" not in text
    assert mine.masked_id_number in text and mine.id_number not in text
    assert "138****0000" in text and "13812340000" not in text


def test_the_worklist_export_is_masked_for_committee_staff(client_for, committee_user_a, people):
    mine, _ = people
    response = client_for(committee_user_a).get("/rosters/export/worklist-unemployed/")
    assert response.status_code == 200
    text = cells(response)
    assert "导出甲" in text and mine.id_number not in text and mine.masked_id_number in text


def test_staff_with_the_reveal_permission_export_full_numbers(client_for, centre_user, people):
    mine, _ = people
    text = cells(client_for(centre_user).get("/rosters/export/persons/?area=A01"))
    assert mine.id_number in text
