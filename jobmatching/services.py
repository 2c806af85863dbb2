"""Writes of job matching. A hire creates the employment record exactly once, which takes the
person off the clearance worklists, and schedules the 3- and 6-month checks exactly once."""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jobmatching.models import (
    Employer,
    JobSeekerProfile,
    PlacementCheck,
    Recommendation,
    RecommendationTransition,
    Vacancy,
)
from jobseekers.models import Employment, Person
from jobseekers.services import employment_record
from zhuqiao.models import User


def employer_save(*, employer: Employer) -> Employer:
    employer.full_clean()
    employer.save()
    return employer


def vacancy_save(*, vacancy: Vacancy, by: User | None) -> Vacancy:
    if vacancy.pk is None:
        vacancy.created_by = by
    vacancy.full_clean()
    vacancy.save()
    return vacancy


def profile_save(*, profile: JobSeekerProfile) -> JobSeekerProfile:
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def recommendation_create(
    *,
    person: Person,
    vacancy: Vacancy,
    by: User | None,
    today: datetime.date,
    score: int | None = None,
    source: str = Recommendation.Source.STAFF,
) -> Recommendation:
    """Recommend a person to a vacancy (once per vacancy); refused for a vacancy not open."""
    if not vacancy.is_open_on(today):
        raise ValidationError(_("该岗位当前未在招聘，不能推荐。"))
    if Recommendation.objects.filter(person=person, vacancy=vacancy).exists():
        raise ValidationError(_("已推荐过该人员到此岗位。"))
    recommendation = Recommendation(
        person=person,
        vacancy=vacancy,
        recommended_by=by,
        recommended_on=today,
        score=max(score, 0) if score is not None else None,
        source=source,
    )
    recommendation.full_clean()
    recommendation.save()
    RecommendationTransition.objects.create(
        recommendation=recommendation, from_stage="", to_stage=recommendation.stage, by=by
    )
    return recommendation


@transaction.atomic
def recommendation_move(
    *,
    recommendation: Recommendation,
    to_stage: str,
    by: User | None,
    on: datetime.date,
    reason: str = "",
    employment_kind: str = Employment.Kind.EMPLOYED,
) -> Recommendation:
    """Move a recommendation to the next stage; a hire records the employment and its checks."""
    locked = Recommendation.objects.select_for_update().select_related("vacancy__employer").get(pk=recommendation.pk)
    if not locked.can_move_to(to_stage):
        raise ValidationError(
            _("不能从“%(from)s”变更为“%(to)s”。")
            % {"from": locked.get_stage_display(), "to": Recommendation.Stage(to_stage).label}
        )
    if to_stage in (Recommendation.Stage.NOT_HIRED, Recommendation.Stage.DECLINED) and not reason.strip():
        raise ValidationError(_("未录用或放弃必须填写原因。"))
    from_stage = locked.stage
    locked.stage = to_stage
    if to_stage == Recommendation.Stage.INTERVIEW:
        locked.interview_on = on
    else:
        locked.decided_on = on
        locked.reason = reason.strip()
    if to_stage == Recommendation.Stage.HIRED and locked.employment_id is None:
        locked.employment = employment_record(
            person=locked.person,
            start_date=on,
            kind=employment_kind,
            employer=locked.vacancy.employer.name,
            note=_("岗位撮合录用：%(title)s") % {"title": locked.vacancy.title},
        )
        for kind, months in ((PlacementCheck.Kind.THREE_MONTHS, 3), (PlacementCheck.Kind.SIX_MONTHS, 6)):
            PlacementCheck.objects.get_or_create(
                recommendation=locked, kind=kind, defaults={"due_on": on + relativedelta(months=months)}
            )
        hired = locked.vacancy.recommendations.filter(stage=Recommendation.Stage.HIRED).count() + 1
        if hired >= locked.vacancy.posts:
            Vacancy.objects.filter(pk=locked.vacancy_id).update(status=Vacancy.Status.FILLED)
    locked.full_clean()
    locked.save()
    RecommendationTransition.objects.create(
        recommendation=locked, from_stage=from_stage, to_stage=to_stage, by=by, note=reason[:200]
    )
    return locked


@transaction.atomic
def placement_check_record(
    *, check: PlacementCheck, checked_on: datetime.date, still_employed: bool, note: str, by: User | None
) -> PlacementCheck:
    """Log the 3- or 6-month check. "Not employed any more" ends the employment on that date
    when it is still open, so the person returns to the worklists."""
    check = (
        PlacementCheck.objects.select_for_update(of=("self",))
        .select_related("recommendation__employment")
        .get(pk=check.pk)
    )
    check.checked_on = checked_on
    check.still_employed = still_employed
    check.note = note
    check.checked_by = by
    check.full_clean()
    check.save()
    employment = check.recommendation.employment
    if not still_employed and employment is not None and employment.end_date is None:
        employment.end_date = max(checked_on, employment.start_date)
        employment.full_clean()
        employment.save()
    return check
