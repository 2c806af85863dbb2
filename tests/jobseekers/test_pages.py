"""The register's pages: what staff see, masked; what they may change; the 404 outside scope."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from tests.factories.jobseekers import (
    CertificationFactory,
    EmploymentFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
)

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
