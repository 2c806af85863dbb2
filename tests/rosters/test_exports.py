"""Excel exports: the list's filters, masking unless the user may reveal, audit, formula injection."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
import time_machine

from rosters.excel import neutralise
from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.ids import id_number
from tests.factories.jobseekers import HouseholdFactory, MembershipFactory, PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


def sheet_rows(response) -> list[list[object]]:
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    worksheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [[cell.value for cell in row] for row in worksheet.iter_rows()]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+86 139", "'+86 139"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=x", "'\t=x"),
        ("张三", "张三"),
    ],
)
def test_cells_beginning_like_a_formula_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_a_name_typed_as_a_formula_is_exported_as_text(client_for, centre_user, area_a):
    PersonFactory(name='=HYPERLINK("http://evil.example/","点我")', area=area_a)
    rows = sheet_rows(client_for(centre_user).get("/rosters/export/persons/"))
    assert rows[0][:2] == ["姓名", "身份证号"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example/","点我")'


def test_the_export_applies_the_list_filters_and_is_audited(client_for, centre_user, area_a, area_b):
    PersonFactory(name="张三", area=area_a)
    PersonFactory(name="李四", area=area_b)
    rows = sheet_rows(client_for(centre_user).get("/rosters/export/persons/?area=A02"))
    assert [row[0] for row in rows[1:]] == ["李四"]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert entry.actor == centre_user and entry.object_id == "persons"
    assert entry.changes["rows"] == 1 and entry.changes["filters"]["area"] == "A02"


def test_ids_and_phones_are_masked_unless_the_user_may_reveal(client_for, centre_user, centre_user_no_reveal, area_a):
    number = id_number()
    PersonFactory(id_number=number, phone="13912345678", area=area_a)
    masked = sheet_rows(client_for(centre_user_no_reveal).get("/rosters/export/persons/"))[1]
    assert masked[1] == number[:3] + "*" * 11 + number[-4:] and masked[4] == "139****5678"
    clear = sheet_rows(client_for(centre_user).get("/rosters/export/persons/"))[1]
    assert clear[1] == number and clear[4] == "13912345678"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, changes__filters__revealed=True).count() == 1


def test_committee_staff_export_only_their_committee(client_for, committee_user_a, area_b):
    PersonFactory(name="本村", area=committee_user_a.area)
    PersonFactory(name="外村", area=area_b)
    HouseholdFactory(household_no="H-A", area=committee_user_a.area)
    HouseholdFactory(household_no="H-B", area=area_b)
    client = client_for(committee_user_a)
    assert [r[0] for r in sheet_rows(client.get("/rosters/export/persons/"))[1:]] == ["本村"]
    assert [r[0] for r in sheet_rows(client.get("/rosters/export/households/"))[1:]] == ["H-A"]


def test_ventures_and_cases_export_with_their_filters(client_for, centre_user, area_a, area_b):
    VentureFactory(name="甲公司", area=area_a)
    VentureFactory(name="乙公司", area=area_b)
    CaseFactory(ref="ZQT-A", person=PersonFactory(area=area_a))
    client = client_for(centre_user)
    assert [r[1] for r in sheet_rows(client.get("/rosters/export/ventures/?area=A02"))[1:]] == ["乙公司"]
    assert [r[0] for r in sheet_rows(client.get("/rosters/export/cases/?q=ZQT-A"))[1:]] == ["ZQT-A"]


def test_a_worklist_exports_the_persons_still_to_help(client_for, centre_user, area_a):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=datetime.UTC)):
        waiting = PersonFactory(name="待帮扶", area=area_a)
        MembershipFactory(person=waiting, group="unemployed", start_date=datetime.date(2026, 1, 5))
        rows = sheet_rows(client_for(centre_user).get("/rosters/export/worklist-unemployed/?year=2026"))
    assert rows[0][0] == "姓名" and [r[0] for r in rows[1:]] == ["待帮扶"]


def test_an_unknown_export_is_404(client_for, centre_user):
    assert client_for(centre_user).get("/rosters/export/salaries/").status_code == 404


@pytest.mark.django_db
def test_list_pages_link_their_excel_export_with_their_filters(client_for, centre_user, committee_user_a):
    centre = client_for(centre_user)
    assert "/rosters/export/households/?q=H01" in centre.get("/people/households/?q=H01").content.decode()
    assert "/rosters/export/persons/" in centre.get("/people/").content.decode()
    committee = client_for(committee_user_a)
    inbox = committee.get("/cases/inbox/committee/").content.decode()
    assert f"/rosters/export/cases/?&amp;area={committee_user_a.area_id}" in inbox
    assert "/rosters/export/ventures/" in centre.get("/ventures/").content.decode()
