"""The demo data a reviewer can believe (issue 15, point 8), loaded once for the module on a day
early in the current year (so that a demo date fixed to a year, rather than computed from
``timezone.localdate()``, shows up as a date after today)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from activities.models import Activity, Enrolment
from cases.models import Case, CaseTransition, FollowUp
from cases.selectors import OPEN_STATUSES, overdue_q
from entrepreneurs.models import PolicyBenefit, Venture
from jobseekers.models import Employment, Person
from metrics import definitions as d
from metrics import engine
from metrics.selectors import snapshot_current, snapshot_values

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _demo_moment() -> datetime.datetime:
    """10:00 on the 10th of February of the current year: a day on which much of the year is ahead."""
    return datetime.datetime(timezone.localdate().year, 2, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(scope="module")
def demo_moment(django_db_setup: None, django_db_blocker: object) -> Iterator[datetime.datetime]:
    """Load the demo once for the module, inside a transaction rolled back at the end."""
    moment = _demo_moment()
    with django_db_blocker.unblock(), time_machine.travel(moment, tick=True):  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", stdout=io.StringIO())
            yield moment
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def today(demo_moment: datetime.datetime, db: None) -> Iterator[datetime.date]:
    with time_machine.travel(demo_moment, tick=True):
        yield timezone.localdate()


def test_no_demo_case_activity_job_or_benefit_is_dated_after_the_day_of_loading(today):
    assert Case.objects.exists()
    assert not Case.objects.filter(Q(opened_on__gt=today) | Q(closed_on__gt=today)).exists()
    assert not FollowUp.objects.filter(noted_on__gt=today).exists()
    end_of_today = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(), tzinfo=SHANGHAI)
    assert not CaseTransition.objects.filter(at__gte=end_of_today).exists()
    assert not Activity.objects.filter(held_on__gt=today).exists()
    assert not Employment.objects.filter(start_date__gt=today).exists()
    assert not Enrolment.objects.filter(completed_on__gt=today).exists()
    assert not PolicyBenefit.objects.filter(granted_on__gt=today).exists()
    assert not Venture.objects.filter(registered_on__gt=today).exists()


def test_the_demo_has_activities_of_this_year_and_of_the_two_years_before(today):
    years = set(Activity.objects.values_list("held_on__year", flat=True))
    assert {today.year - 2, today.year - 1, today.year} <= years


def test_the_attendees_of_activities_for_women_are_all_women(today):
    for_women = Activity.objects.filter(target_groups__group="women")
    attendees = Person.objects.filter(activity_participations__activity__in=for_women)
    assert attendees.exists()
    assert not attendees.exclude(sex=Person.Sex.FEMALE).exists()
    # The sex the register shows is the one the ID number's 17th digit gives (odd = male).
    for person in attendees.distinct():
        assert int(person.id_number[16]) % 2 == 0


def test_no_founder_is_placed_as_an_employee_in_the_year_the_venture_was_registered(today):
    clashes = Employment.objects.filter(
        kind=Employment.Kind.EMPLOYED,
        person__ventures_founded__registered_on__year=F("start_date__year"),
    )
    assert Venture.objects.filter(founder__isnull=False).exists()
    assert list(clashes.values_list("person__name", "start_date")) == []


def test_a_realistic_share_of_the_open_cases_is_overdue(today):
    open_cases = Case.objects.filter(status__in=OPEN_STATUSES)
    overdue = open_cases.filter(overdue_q(today)).count()
    assert open_cases.count() >= 40
    assert 0.05 <= overdue / open_cases.count() <= 0.25


def test_the_town_clearance_cards_equal_their_drill_down_lists_right_after_loading(today):
    snapshot = snapshot_current(year=today.year)
    assert snapshot is not None
    town = snapshot_values(snapshot)[None]
    period = engine.Period(today.year, snapshot.as_of)
    for group in d.CLEARANCE_GROUPS:
        done_code = f"clearance_{group}_{'cleared' if group == 'household' else 'employed'}"
        base, done = engine.clearance_querysets(group, period)
        worklist = engine.clearance_worklist(group, period).count()
        assert (town[f"clearance_{group}_base"], town[done_code]) == (base.count(), done.count()), group
        assert worklist == base.count() - done.count(), group
