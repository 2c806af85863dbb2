"""Training cohorts: completion and placement rates, and the link from employment to cohort."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from activities import selectors, services
from activities.models import CohortPlacement, Enrolment, TrainingCohort
from jobseekers.models import Employment
from tests.factories.activities import EnrolmentFactory, TrainingCohortFactory
from tests.factories.jobseekers import EmploymentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def counted(cohort: TrainingCohort):
    return selectors.with_cohort_counts(TrainingCohort.objects.filter(pk=cohort.pk)).get()


def test_completion_and_placement_rates_of_a_cohort():
    cohort = TrainingCohortFactory()
    enrolments = [EnrolmentFactory(cohort=cohort) for _ in range(6)]
    for enrolment in enrolments[:3]:  # 3 of 6 graduate (one drops, two still enrolled)
        services.enrolment_complete(enrolment=enrolment, completed_on=datetime.date(2026, 3, 31))
    services.enrolment_drop(enrolment=enrolments[3])
    services.placement_record(
        enrolment=enrolments[0], start_date=datetime.date(2026, 4, 15), employer="祝桥航空配套公司"
    )
    # A second job of the same graduate does not count them twice.
    services.placement_record(enrolment=enrolments[0], start_date=datetime.date(2026, 9, 1), employer="东航物流")
    rates = selectors.cohort_rates(counted(cohort))
    assert rates == {"completion_rate": Decimal("50.0"), "placement_rate": Decimal("33.3")}


def test_rates_are_null_when_their_base_is_zero():
    cohort = TrainingCohortFactory()
    assert selectors.cohort_rates(counted(cohort)) == {"completion_rate": None, "placement_rate": None}
    EnrolmentFactory(cohort=cohort)
    assert selectors.cohort_rates(counted(cohort)) == {"completion_rate": Decimal("0.0"), "placement_rate": None}


def test_rates_round_half_away_from_zero():
    assert selectors.percent(1, 8) == Decimal("12.5")
    assert selectors.percent(1, 16) == Decimal("6.3")  # 6.25 → 6.3, not banker's 6.2
    assert selectors.percent(2, 3) == Decimal("66.7")


def test_placement_records_the_employment_in_the_register_and_links_it_to_the_cohort():
    enrolment = EnrolmentFactory()
    services.enrolment_complete(enrolment=enrolment, completed_on=datetime.date(2026, 3, 31))
    placement = services.placement_record(
        enrolment=enrolment, start_date=datetime.date(2026, 4, 1), employer="上海祝桥物流有限公司"
    )
    employment = Employment.objects.get(person=enrolment.person)
    assert employment.employer == "上海祝桥物流有限公司"
    assert employment.cohort_placement == placement
    assert placement.enrolment.cohort == enrolment.cohort


def test_an_existing_employment_is_linked_not_duplicated_and_only_once():
    enrolment = EnrolmentFactory()
    services.enrolment_complete(enrolment=enrolment, completed_on=datetime.date(2026, 3, 31))
    existing = EmploymentFactory(person=enrolment.person, start_date=datetime.date(2026, 4, 2), employer="已登记单位")
    services.placement_record(enrolment=enrolment, start_date=datetime.date(2026, 4, 2), employer="已登记单位")
    assert Employment.objects.filter(person=enrolment.person).count() == 1
    assert CohortPlacement.objects.get().employment == existing
    with pytest.raises(ValidationError, match="已经关联"):
        services.placement_record(enrolment=enrolment, start_date=datetime.date(2026, 4, 2), employer="已登记单位")


def test_only_graduates_can_be_placed_and_nothing_is_written_otherwise():
    enrolment = EnrolmentFactory()
    with pytest.raises(ValidationError, match="已结业"):
        services.placement_record(enrolment=enrolment, start_date=datetime.date(2026, 4, 1), employer="某公司")
    assert not Employment.objects.exists()
    services.enrolment_complete(enrolment=enrolment, completed_on=datetime.date(2026, 3, 31))
    with pytest.raises(ValidationError):
        services.placement_record(enrolment=enrolment, start_date=datetime.date(2026, 1, 1), employer="某公司")
    assert not Employment.objects.exists()


def test_enrolling_twice_keeps_one_enrolment():
    cohort = TrainingCohortFactory()
    person = PersonFactory()
    assert services.cohort_enrol(cohort=cohort, persons=[person], enrolled_on=datetime.date(2026, 2, 1)) == 1
    assert services.cohort_enrol(cohort=cohort, persons=[person], enrolled_on=datetime.date(2026, 2, 2)) == 0
    assert Enrolment.objects.filter(cohort=cohort).count() == 1


def test_a_cohort_cannot_end_before_it_starts():
    with pytest.raises(ValidationError):
        services.cohort_create(
            name="倒序班",
            kind=TrainingCohort.Kind.OTHER,
            organiser=TrainingCohortFactory().organiser,
            start_date=datetime.date(2026, 5, 1),
            end_date=datetime.date(2026, 4, 1),
        )


def test_naming_participants_and_enrolling_are_audited():
    from activities.models import ActivityParticipant
    from tests.factories.activities import ActivityFactory
    from zhuqiao.models import AuditEntry

    person = PersonFactory()
    activity = ActivityFactory()
    services.activity_participants_add(activity=activity, persons=[person])
    services.cohort_enrol(cohort=TrainingCohortFactory(), persons=[person], enrolled_on=datetime.date(2026, 2, 1))
    services.activity_participant_remove(activity=activity, person_id=person.pk)
    actions = set(
        AuditEntry.objects.filter(
            object_type__in=["activities.activityparticipant", "activities.enrolment"]
        ).values_list("object_type", "action")
    )
    assert actions == {
        ("activities.activityparticipant", "create"),
        ("activities.activityparticipant", "delete"),
        ("activities.enrolment", "create"),
    }
    assert not ActivityParticipant.objects.exists()
