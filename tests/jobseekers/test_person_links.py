"""A person page links only to what the reader may open: department staff, who see a person
their department helps, get the household number as text, not a link to a 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from cases.models import ServiceType
from cases.services import case_open
from jobseekers.models import Person
from tests.factories.jobseekers import HouseholdFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def helped(area_a, department):
    household = HouseholdFactory(household_no="A01-0099", area=area_a)
    person = PersonFactory(name="周建平", area=area_a, household=household)
    PersonFactory(name="周小燕", area=area_a, household=household)
    service = ServiceType.objects.get(name="岗位撮合")
    case_open(service=service, opened_by=None, person=person, department=department)
    return person


def test_department_staff_see_the_household_number_without_a_dead_link(client_for, department_user, helped):
    c = client_for(department_user)
    body = c.get(helped.get_absolute_url()).content.decode()
    household_url = reverse("jobseekers:household_detail", args=[helped.household_id])
    assert "A01-0099" in body and household_url not in body
    assert "周小燕" in body
    for href in [household_url]:
        assert c.get(href).status_code == 404  # what the link would have led to


def test_committee_staff_keep_the_links_to_the_household_and_its_members(client_for, committee_user_a, helped):
    body = client_for(committee_user_a).get(helped.get_absolute_url()).content.decode()
    assert reverse("jobseekers:household_detail", args=[helped.household_id]) in body
    sister = Person.objects.get(name="周小燕")
    assert reverse("jobseekers:person_detail", args=[sister.pk]) in body
