"""The register's pages: what staff see, masked; what they may change; the 404 outside scope."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from jobseekers.models import Employment, Person
from tests.factories.ids import id_number
from tests.factories.jobseekers import (
    CertificationFactory,
    EmploymentFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
)
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(area_a, area_b):
    household = HouseholdFactory(household_no="A01-0001", area=area_a)
    mine = PersonFactory(name="张建国", area=area_a, household=household, phone="13812345678")
    MembershipFactory(person=mine, group="unemployed", start_date=datetime.date(2026, 1, 5))
    EmploymentFactory(person=mine, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2025, 6, 30))
    CertificationFactory(household=household, certified_on=datetime.date(2026, 2, 1))
    theirs = PersonFactory(name="李秀英", area=area_b, household=HouseholdFactory(household_no="A02-0001", area=area_b))
    MembershipFactory(person=theirs, group="unemployed", start_date=datetime.date(2026, 1, 5))
    return {"mine": mine, "theirs": theirs, "household": household}


PAGES = [
    "jobseekers:person_list",
    "jobseekers:household_list",
    "jobseekers:worklist_index",
    "jobseekers:suspected_households",
    "jobseekers:reconfirmations",
    "jobseekers:person_create",
    "jobseekers:household_create",
]


@pytest.mark.parametrize("name", PAGES)
def test_every_register_page_renders_for_centre_staff(client_for, centre_user, register, name):
    response = client_for(centre_user).get(reverse(name))
    assert response.status_code == 200
    assert ' style="' not in response.content.decode()


@pytest.mark.parametrize("goal", ["difficulty", "unemployed", "graduate", "household"])
def test_each_worklist_and_its_flow_render(client_for, centre_user, register, goal):
    c = client_for(centre_user)
    assert c.get(reverse("jobseekers:worklist", args=[goal])).status_code == 200
    assert c.get(reverse("jobseekers:worklist_flow", args=[goal]) + "?month=1").status_code == 200


def test_person_and_household_pages_render(client_for, centre_user, register):
    c = client_for(centre_user)
    body = c.get(reverse("jobseekers:person_detail", args=[register["mine"].pk])).content.decode()
    assert "张建国" in body and "登记失业人员" in body
    assert c.get(reverse("jobseekers:household_detail", args=[register["household"].pk])).status_code == 200


# --- scope ----------------------------------------------------------------------------------


def _urls_for(person, household, membership, employment):
    return [
        reverse("jobseekers:person_detail", args=[person.pk]),
        reverse("jobseekers:person_edit", args=[person.pk]),
        reverse("jobseekers:membership_create", args=[person.pk]),
        reverse("jobseekers:employment_create", args=[person.pk]),
        reverse("jobseekers:membership_edit", args=[membership.pk]),
        reverse("jobseekers:employment_edit", args=[employment.pk]),
        reverse("jobseekers:household_detail", args=[household.pk]),
        reverse("jobseekers:household_edit", args=[household.pk]),
        reverse("jobseekers:certification_create", args=[household.pk]),
    ]


def test_committee_staff_get_404_on_every_person_and_household_page_of_another_committee(
    client_for, committee_user_a, register
):
    theirs = register["theirs"]
    membership = theirs.memberships.get()
    employment = EmploymentFactory(person=theirs)
    c = client_for(committee_user_a)
    for url in _urls_for(theirs, theirs.household, membership, employment):
        assert c.get(url).status_code == 404, url
        assert c.post(url, {"name": "改名"}).status_code == 404, url
    assert c.post(reverse("jobseekers:person_reveal", args=[theirs.pk])).status_code == 404
    assert Person.objects.get(pk=theirs.pk).name == "李秀英"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()


def test_committee_staff_list_only_their_own_committee(client_for, committee_user_a, register):
    body = client_for(committee_user_a).get(reverse("jobseekers:person_list")).content.decode()
    assert "张建国" in body and "李秀英" not in body
    body = client_for(committee_user_a).get(reverse("jobseekers:household_list")).content.decode()
    assert "A01-0001" in body and "A02-0001" not in body


@pytest.mark.parametrize(
    ("q", "found"),
    [
        ("张", {"张建国"}),  # surname
        ("张建国", {"张建国"}),  # whole name
        ("建国", {"张建国", "王建国"}),  # given name alone
        ("国", {"张建国", "王建国"}),  # the end of given names
        ("秀英", {"李秀英"}),
        ("建", set()),  # the middle of a name is not searched (it would scan the register)
        ("100%", set()),  # wildcards are plain characters
    ],
)
def test_the_person_search_finds_a_surname_a_whole_name_or_a_given_name(
    client_for, centre_user, register, area_a, q, found
):
    PersonFactory(name="王建国", area=area_a)
    response = client_for(centre_user).get(reverse("jobseekers:person_list"), {"q": q})
    names = {person.name for person in response.context["page"].object_list}
    assert names == found


def test_department_staff_see_only_persons_their_department_handles_a_case_for(
    client_for, department_user, register, department
):
    from tests.factories.cases import CaseFactory

    c = client_for(department_user)
    mine = register["mine"]
    assert c.get(reverse("jobseekers:person_detail", args=[mine.pk])).status_code == 404
    CaseFactory(person=mine, area=mine.area, department=department)
    assert c.get(reverse("jobseekers:person_detail", args=[mine.pk])).status_code == 200
    body = c.get(reverse("jobseekers:person_list")).content.decode()
    assert "张建国" in body and "李秀英" not in body


def test_leaders_read_but_every_form_refuses_them(client_for, leader_user, register):
    mine = register["mine"]
    c = client_for(leader_user)
    assert c.get(reverse("jobseekers:person_detail", args=[mine.pk])).status_code == 200
    assert c.get(reverse("jobseekers:person_edit", args=[mine.pk])).status_code == 403
    assert c.get(reverse("jobseekers:person_create")).status_code == 403
    assert c.post(reverse("jobseekers:employment_create", args=[mine.pk]), {}).status_code == 403


# --- masking and reveal ---------------------------------------------------------------------


def test_id_and_phone_numbers_are_masked_in_lists_and_on_the_person_page(client_for, centre_user, register):
    mine = register["mine"]
    c = client_for(centre_user)
    for url in (
        reverse("jobseekers:person_list"),
        reverse("jobseekers:person_detail", args=[mine.pk]),
        reverse("jobseekers:household_detail", args=[register["household"].pk]),
        reverse("jobseekers:worklist", args=["unemployed"]),
    ):
        body = c.get(url).content.decode()
        assert mine.id_number not in body and mine.id_number[:14] not in body, url
        assert "13812345678" not in body, url
    body = c.get(reverse("jobseekers:person_detail", args=[mine.pk])).content.decode()
    assert mine.masked_id_number in body and "138****5678" in body


def test_reveal_shows_the_full_number_once_and_writes_an_audit_entry(client_for, centre_user, register):
    mine = register["mine"]
    response = client_for(centre_user).post(reverse("jobseekers:person_reveal", args=[mine.pk]), {"field": "id_number"})
    assert response.status_code == 200 and mine.id_number in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.actor == centre_user and entry.object_type == "jobseekers.person" and entry.object_id == str(mine.pk)


def test_reveal_is_refused_without_the_permission_and_not_audited(client_for, centre_user_no_reveal, register):
    mine = register["mine"]
    c = client_for(centre_user_no_reveal)
    assert "查看完整号码" not in c.get(reverse("jobseekers:person_detail", args=[mine.pk])).content.decode()
    response = c.post(reverse("jobseekers:person_reveal", args=[mine.pk]), {"field": "id_number"})
    assert response.status_code == 403 and mine.id_number not in response.content.decode()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()


def test_the_encrypted_column_holds_no_digits_of_the_number_in_clear(register):
    from django.db import connection

    mine = register["mine"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number_encrypted, id_number_hash FROM jobseekers_person WHERE id = %s", [mine.pk])
        encrypted, digest = cursor.fetchone()
    number = mine.id_number
    assert number[:6] not in encrypted and number[6:14] not in encrypted and number not in digest
    assert Person.objects.get(pk=mine.pk).id_number == number  # and it still decrypts


# --- registering ----------------------------------------------------------------------------


def test_committee_staff_register_a_person_with_sex_and_birth_date_derived(client_for, committee_user_a, register):
    number = id_number(datetime.date(1979, 11, 2), female=True)
    response = client_for(committee_user_a).post(
        reverse("jobseekers:person_create"),
        {
            "name": "孙梅",
            "id_number": number.lower(),
            "phone": "139 0000 1234",
            "area": committee_user_a.area_id,
            "household_no": "A01-0001",
        },
    )
    person = Person.objects.get(name="孙梅")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.sex == "F" and person.birth_date == datetime.date(1979, 11, 2)
    assert person.phone == "13900001234" and person.household == register["household"]
    assert number not in response["Location"]


def test_a_duplicate_id_number_is_refused_with_a_link_to_the_existing_person(client_for, centre_user, register):
    mine = register["mine"]
    response = client_for(centre_user).post(
        reverse("jobseekers:person_create"),
        {"name": "重复", "id_number": mine.id_number, "area": mine.area_id},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert reverse("jobseekers:person_detail", args=[mine.pk]) in body and "已登记" in body
    assert not Person.objects.filter(name="重复").exists()


def test_a_duplicate_in_another_committee_is_refused_without_revealing_the_person(
    client_for, committee_user_a, register
):
    theirs = register["theirs"]
    response = client_for(committee_user_a).post(
        reverse("jobseekers:person_create"),
        {"name": "重复", "id_number": theirs.id_number, "area": committee_user_a.area_id},
    )
    body = response.content.decode()
    assert response.status_code == 400 and "其他居村委" in body
    assert reverse("jobseekers:person_detail", args=[theirs.pk]) not in body and "李秀英" not in body


@pytest.mark.parametrize(
    ("value", "message"),
    [("11010519491231002", "18位"), ("110105194912310021", "校验位"), ("11010519491331002X", "出生日期")],
)
def test_bad_id_numbers_are_refused_in_chinese_and_keep_what_was_typed_elsewhere(
    client_for, centre_user, register, value, message
):
    response = client_for(centre_user).post(
        reverse("jobseekers:person_create"), {"name": "王小明", "id_number": value, "area": register["mine"].area_id}
    )
    body = response.content.decode()
    assert response.status_code == 400 and message in body and 'value="王小明"' in body
    assert not Person.objects.filter(name="王小明").exists()


def test_the_inline_check_answers_without_repeating_the_number(client_for, centre_user, register):
    c = client_for(centre_user)
    url = reverse("jobseekers:person_check") + "?field=id_number"
    bad = "110105194912310021"
    body = c.post(url, {"id_number": bad}).content.decode()
    assert "校验位" in body and bad not in body
    body = c.post(url, {"id_number": register["mine"].id_number}).content.decode()
    assert "已登记" in body and reverse("jobseekers:person_detail", args=[register["mine"].pk]) in body
    body = c.post(reverse("jobseekers:person_check") + "?field=phone", {"phone": "2381234567"}).content.decode()
    assert "11位" in body


def test_not_willing_needs_a_reason_and_a_reconfirmation_date(client_for, centre_user, register):
    mine = register["mine"]
    url = reverse("jobseekers:membership_create", args=[mine.pk])
    response = client_for(centre_user).post(url, {"group": "difficulty", "start_date": "2026-02-01", "willing": "0"})
    body = response.content.decode()
    assert response.status_code == 400 and "必须填写原因" in body and "意愿复核日期" in body
    assert not mine.memberships.filter(group="difficulty").exists()


def test_ending_an_employment_keeps_it_in_the_history(client_for, centre_user, register):
    mine = register["mine"]
    job = EmploymentFactory(person=mine, start_date=datetime.date(2026, 3, 1))
    response = client_for(centre_user).post(
        reverse("jobseekers:employment_edit", args=[job.pk]),
        {"kind": "employed", "start_date": "2026-03-01", "end_date": "2026-04-30", "employer": "上海测试有限公司"},
    )
    assert response.status_code == 302
    assert Employment.objects.get(pk=job.pk).end_date == datetime.date(2026, 4, 30)
    assert mine.employments.count() == 2


# --- query counts ---------------------------------------------------------------------------


def _grow(area, n):
    for i in range(n):
        household = HouseholdFactory(area=area)
        person = PersonFactory(area=area, household=household)
        MembershipFactory(person=person, group="unemployed", start_date=datetime.date(2026, 1, 2))
        if i % 3 == 0:
            MembershipFactory(
                person=person,
                group="difficulty",
                start_date=datetime.date(2026, 1, 2),
                willing=False,
                unwilling_reason="照顾老人",
                reconfirm_on=datetime.date(2026, 1, 20),
            )
        CertificationFactory(household=household, certified_on=datetime.date(2026, 2, 1))


LISTS = [
    ("jobseekers:person_list", [], 12),
    ("jobseekers:household_list", [], 12),
    ("jobseekers:suspected_households", [], 12),
    ("jobseekers:reconfirmations", [], 12),
    ("jobseekers:worklist_index", [], 20),
    ("jobseekers:worklist", ["unemployed"], 14),
    ("jobseekers:worklist", ["household"], 14),
]


@pytest.mark.parametrize(("name", "args", "limit"), LISTS)
def test_list_pages_run_a_fixed_number_of_queries(
    client_for, centre_user, area_a, name, args, limit, django_assert_max_num_queries
):
    import time_machine

    c = client_for(centre_user)
    url = reverse(name, args=args)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC)):
        _grow(area_a, 3)
        with django_assert_max_num_queries(limit) as few:
            assert c.get(url).status_code == 200
        _grow(area_a, 20)
        with django_assert_max_num_queries(limit) as many:
            assert c.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_register_reads_in_english_when_the_user_switches_language(client_for, centre_user, register):
    c = client_for(centre_user)
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    body = c.get(reverse("jobseekers:worklist_index")).content.decode()
    assert "Clearance worklists" in body and "Registered unemployed" in body
