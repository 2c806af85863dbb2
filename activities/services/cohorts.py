"""Writes of training cohorts: the cohort, enrolments, graduation, placements with local employers."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from activities.models import CohortPlacement, Enrolment, TrainingCohort
from activities.services.common import _assign_fields
from jobseekers.models import Employment, Person
from jobseekers.services import employment_record
from zhuqiao.models import Department


def cohort_create(
    *,
    name: str,
    kind: str,
    organiser: Department,
    start_date: datetime.date,
    end_date: datetime.date,
    trainer: str = "",
    capacity: int = 0,
) -> TrainingCohort:
    cohort = TrainingCohort(
        name=name,
        kind=kind,
        organiser=organiser,
        start_date=start_date,
        end_date=end_date,
        trainer=trainer,
        capacity=capacity,
    )
    cohort.full_clean()
    cohort.save()
    return cohort


COHORT_FIELDS = ("name", "kind", "organiser", "trainer", "start_date", "end_date", "capacity")


def cohort_update(*, cohort: TrainingCohort, **fields: Any) -> TrainingCohort:
    return _assign_fields(cohort, fields, COHORT_FIELDS, "cohort_update")


@transaction.atomic
def cohort_enrol(*, cohort: TrainingCohort, persons: Iterable[Person], enrolled_on: datetime.date) -> int:
    """Enrol persons in a cohort (a person already enrolled is left as is); returns the number added."""
    wanted = {p.pk: p for p in persons}
    already = set(cohort.enrolments.filter(person_id__in=wanted).values_list("person_id", flat=True))
    added = 0
    for pk, person in wanted.items():
        if pk not in already:
            Enrolment.objects.create(cohort=cohort, person=person, enrolled_on=enrolled_on)  # one by one: audited
            added += 1
    return added


def enrolment_complete(*, enrolment: Enrolment, completed_on: datetime.date) -> Enrolment:
    """Mark a trainee as graduated (结业) on a date, which may not precede the cohort's start."""
    if completed_on < enrolment.cohort.start_date:
        raise ValidationError({"completed_on": _("结业日期不能早于开班日期。")})
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_on = completed_on
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    return enrolment


def enrolment_drop(*, enrolment: Enrolment) -> Enrolment:
    if enrolment.placements.exists():
        raise ValidationError(_("该学员已有就业适配记录，不能标记为中途退出。"))
    enrolment.status = Enrolment.Status.DROPPED
    enrolment.completed_on = None
    enrolment.save(update_fields=["status", "completed_on", "updated_at"])
    return enrolment


@transaction.atomic
def placement_record(
    *,
    enrolment: Enrolment,
    start_date: datetime.date,
    employer: str,
    kind: str = Employment.Kind.EMPLOYED,
    matched_on: datetime.date | None = None,
) -> CohortPlacement:
    """Match a graduate to a local employer: record (or reuse) the employment in the people
    register through its own service, and link it back to the cohort."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise ValidationError(_("只有已结业的学员才能登记培训后就业。"))
    if start_date < enrolment.cohort.start_date:
        raise ValidationError({"start_date": _("就业日期早于开班日期，不能计为本培训班的就业适配。")})
    employment = Employment.objects.filter(person=enrolment.person, start_date=start_date).first()
    if employment is None:
        employment = employment_record(person=enrolment.person, start_date=start_date, kind=kind, employer=employer)
    elif CohortPlacement.objects.filter(employment=employment).exists():
        raise ValidationError(_("这条就业记录已经关联到一个培训班。"))
    placement = CohortPlacement(enrolment=enrolment, employment=employment, matched_on=matched_on or start_date)
    placement.full_clean()
    placement.save()
    return placement
