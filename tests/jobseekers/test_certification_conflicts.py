"""A zero-employment certification of a household where a working-age member has a job that day
is refused unless the certifier states why (audited); the existing ones are listed."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobseekers.models import ZeroEmploymentCertification
from jobseekers.selectors import certification_conflicts
from jobseekers.services import certification_add
from tests.factories.jobseekers import CertificationFactory, EmploymentFactory, HouseholdFactory, PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def working_household(area_a):
    household = HouseholdFactory(household_no="A01-0100", area=area_a)
    worker = PersonFactory(name="王建军", area=area_a, household=household, birth=datetime.date(1985, 4, 1))
    PersonFactory(name="王小红", area=area_a, household=household, birth=datetime.date(1988, 9, 9), female=True)
    EmploymentFactory(person=worker, start_date=datetime.date(2025, 11, 1), end_date=None)
    return household


def test_certifying_a_household_whose_working_age_member_has_a_job_that_day_is_refused(working_household):
    with pytest.raises(ValidationError) as error:
        certification_add(household=working_household, certified_on=DAY)
    assert "王建军" in str(error.value.message_dict["conflict_reason"])
    assert not ZeroEmploymentCertification.objects.exists()


def test_a_stated_reason_lets_the_certification_through_and_lands_in_the_audit_log(working_household):
    certification = certification_add(
        household=working_household, certified_on=DAY, conflict_reason="灵活就业收入低于最低工资，经街道核定"
    )
    assert certification.conflict_reason == "灵活就业收入低于最低工资，经街道核定"
    entry = AuditEntry.objects.get(
        action=AuditEntry.Action.CREATE,
        object_type="jobseekers.zeroemploymentcertification",
        object_id=str(certification.pk),
    )
    assert "灵活就业收入低于最低工资" in str(entry.changes)


def test_a_job_ended_before_the_day_or_held_by_a_retired_member_is_no_conflict(area_a):
    household = HouseholdFactory(household_no="A01-0200", area=area_a)
    left = PersonFactory(area=area_a, household=household, birth=datetime.date(1990, 1, 1))
    EmploymentFactory(person=left, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2026, 3, 1))
    retired = PersonFactory(area=area_a, household=household, birth=datetime.date(1960, 1, 1))  # 66 on DAY
    EmploymentFactory(person=retired, start_date=datetime.date(2025, 1, 1), end_date=None)
    certification = certification_add(household=household, certified_on=DAY, conflict_reason="无需理由")
    assert certification.conflict_reason == ""  # no conflict: nothing to explain


def test_the_conflict_list_shows_existing_certifications_made_while_a_member_worked(
    client_for, centre_user, committee_user_b, working_household, area_a
):
    clean = HouseholdFactory(household_no="A01-0300", area=area_a)
    PersonFactory(area=area_a, household=clean)
    CertificationFactory(household=clean, certified_on=DAY)
    CertificationFactory(household=working_household, certified_on=datetime.date(2025, 10, 1))  # before the job
    conflicting = CertificationFactory(household=working_household, certified_on=DAY)
    found = certification_conflicts(user=centre_user)
    assert [(c.pk, c.working_members) for c in found] == [(conflicting.pk, ["王建军"])]
    page = client_for(centre_user).get(reverse("jobseekers:certification_conflicts")).content.decode()
    assert "A01-0100" in page and "王建军" in page and "A01-0300" not in page
    assert certification_conflicts(user=committee_user_b) == []


def test_the_certification_form_asks_for_a_reason_when_a_member_works(client_for, centre_user, working_household):
    url = reverse("jobseekers:certification_create", args=[working_household.pk])
    client = client_for(centre_user)
    refused = client.post(url, {"certified_on": DAY.isoformat(), "willing": "1"})
    assert refused.status_code == 400  # the form page again, with the error
    assert "王建军" in refused.content.decode()
    accepted = client.post(
        url, {"certified_on": DAY.isoformat(), "willing": "1", "conflict_reason": "临时公益岗位，次日到期"}
    )
    assert accepted.status_code == 302
    assert ZeroEmploymentCertification.objects.get().conflict_reason == "临时公益岗位，次日到期"


def test_the_conflict_list_query_count_does_not_grow_with_rows(
    client_for, centre_user, area_a, django_assert_max_num_queries
):
    url = reverse("jobseekers:certification_conflicts")
    client = client_for(centre_user)

    def add(number: int) -> None:
        household = HouseholdFactory(household_no=f"A01-09{number:02d}", area=area_a)
        worker = PersonFactory(area=area_a, household=household, birth=datetime.date(1980, 1, 1))
        EmploymentFactory(person=worker, start_date=datetime.date(2025, 1, 1))
        CertificationFactory(household=household, certified_on=DAY)

    add(1)
    with django_assert_max_num_queries(12) as captured:
        assert client.get(url).status_code == 200
    for number in range(2, 12):
        add(number)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        assert "A01-0911" in client.get(url).content.decode()
