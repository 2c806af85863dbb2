"""Point 7 of the plan's remaining duties: 失业登记 and 注销 are records with dates that open and
end the person's 登记失业人员 membership, entered once."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobseekers import services
from jobseekers.models import TargetGroupMembership, UnemploymentRegistration
from tests.browser import assert_accessible, login
from tests.factories.jobseekers import PersonFactory


def test_registering_opens_the_membership_and_deregistering_ends_it_on_the_same_day(area_a):
    today = timezone.localdate()
    person = PersonFactory(area=area_a)
    registration = services.unemployment_register(person=person, registered_on=today - datetime.timedelta(days=90))
    membership = TargetGroupMembership.objects.get(person=person, group="unemployed")
    assert registration.membership == membership
    assert membership.start_date == today - datetime.timedelta(days=90) and membership.end_date is None

    services.unemployment_deregister(
        registration=registration, deregistered_on=today, reason=UnemploymentRegistration.Reason.EMPLOYED
    )
    membership.refresh_from_db()
    assert membership.end_date == today
    assert not membership.is_active_on(today + datetime.timedelta(days=1))


def test_a_second_open_registration_and_a_deregistration_before_registration_are_refused(area_a):
    today = timezone.localdate()
    person = PersonFactory(area=area_a)
    registration = services.unemployment_register(person=person, registered_on=today)
    with pytest.raises(ValidationError):
        services.unemployment_register(person=person, registered_on=today)
    with pytest.raises(ValidationError):
        services.unemployment_deregister(
            registration=registration, deregistered_on=today - datetime.timedelta(days=1), reason="other"
        )
    assert TargetGroupMembership.objects.filter(person=person).count() == 1


@pytest.mark.browser
def test_committee_staff_register_and_deregister_unemployment_on_the_person_page(page, live_server, committee_user_a):
    today = timezone.localdate()
    person = PersonFactory(area=committee_user_a.area, name="顾海峰")
    login(page, live_server, committee_user_a.username)
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.click("text=失业登记 >> nth=0")
    page.fill("input[name=registered_on]", (today - datetime.timedelta(days=30)).isoformat())
    assert_accessible(page)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    assert "已办理失业登记" in page.content()
    assert TargetGroupMembership.objects.get(person=person).group == "unemployed"

    registration = UnemploymentRegistration.objects.get(person=person)
    page.click(f"a[href$='/unemployment/{registration.pk}/deregister/']")
    page.fill("input[name=deregistered_on]", today.isoformat())
    page.select_option("select[name=reason]", "employed")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    assert "已注销失业登记" in page.content()
    assert TargetGroupMembership.objects.get(person=person).end_date == today
    assert_accessible(page)
