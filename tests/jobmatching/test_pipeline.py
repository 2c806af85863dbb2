"""Recommendations: allowed and refused moves, a hire records one employment and two checks."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from jobmatching import services
from jobmatching.models import PlacementCheck, Recommendation
from jobseekers.clearance import clearance_worklist
from jobseekers.models import Employment, TargetGroupMembership
from tests.factories.jobmatching import VacancyFactory
from tests.factories.jobseekers import MembershipFactory, PersonFactory

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture
def graduate(area_a):
    person = PersonFactory(area=area_a, birth=datetime.date(2003, 4, 2))
    MembershipFactory(person=person, group=TargetGroupMembership.Group.GRADUATE, start_date=datetime.date(2026, 1, 10))
    return person


@pytest.fixture
def vacancy(area_a):
    return VacancyFactory(employer__area=area_a, posts=1)


@pytest.mark.django_db
def test_hiring_records_exactly_one_employment_and_takes_the_person_off_the_worklist(
    graduate, vacancy, committee_user_a
):
    assert graduate in clearance_worklist(group="graduate", year=2026, as_of=TODAY)
    rec = services.recommendation_create(person=graduate, vacancy=vacancy, by=committee_user_a, today=TODAY)
    rec = services.recommendation_move(recommendation=rec, to_stage="interview", by=committee_user_a, on=TODAY)
    rec = services.recommendation_move(
        recommendation=rec, to_stage="hired", by=committee_user_a, on=datetime.date(2026, 6, 5)
    )
    employment = Employment.objects.get(person=graduate)
    assert rec.employment == employment and employment.start_date == datetime.date(2026, 6, 5)
    assert employment.employer == vacancy.employer.name
    assert graduate not in clearance_worklist(group="graduate", year=2026, as_of=datetime.date(2026, 6, 5))
    checks = {c.kind: c.due_on for c in PlacementCheck.objects.filter(recommendation=rec)}
    assert checks == {"3m": datetime.date(2026, 9, 5), "6m": datetime.date(2026, 12, 5)}
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"  # one post, one hire
    with pytest.raises(ValidationError, match="不能从"):
        services.recommendation_move(recommendation=rec, to_stage="hired", by=committee_user_a, on=TODAY)
    assert Employment.objects.filter(person=graduate).count() == 1
    assert PlacementCheck.objects.filter(recommendation=rec).count() == 2
    assert list(rec.transitions.values_list("to_stage", flat=True)) == ["recommended", "interview", "hired"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "refused"),
    [
        (["interview", "interview"], True),
        (["not_hired", "interview"], True),
        (["declined", "hired"], True),
        (["hired", "not_hired"], True),
        (["interview", "declined"], False),
        (["not_hired"], False),
        (["hired"], False),
    ],
)
def test_pipeline_allows_only_forward_moves(graduate, vacancy, committee_user_a, path, refused):
    rec = services.recommendation_create(person=graduate, vacancy=vacancy, by=committee_user_a, today=TODAY)
    moves = iter(path)

    def move(stage):
        return services.recommendation_move(
            recommendation=rec, to_stage=stage, by=committee_user_a, on=TODAY, reason="不合适"
        )

    for _ in path[:-1]:
        rec = move(next(moves))
    last = path[-1]
    if refused:
        with pytest.raises(ValidationError):
            move(last)
    else:
        assert move(last).stage == last


@pytest.mark.django_db
def test_not_hired_needs_a_reason(graduate, vacancy, committee_user_a):
    rec = services.recommendation_create(person=graduate, vacancy=vacancy, by=committee_user_a, today=TODAY)
    with pytest.raises(ValidationError, match="原因"):
        services.recommendation_move(recommendation=rec, to_stage="not_hired", by=committee_user_a, on=TODAY)


@pytest.mark.django_db
def test_a_person_is_recommended_to_a_vacancy_once_and_only_while_it_is_open(graduate, vacancy, committee_user_a):
    services.recommendation_create(person=graduate, vacancy=vacancy, by=committee_user_a, today=TODAY)
    with pytest.raises(ValidationError, match="已推荐"):
        services.recommendation_create(person=graduate, vacancy=vacancy, by=committee_user_a, today=TODAY)
    closed = VacancyFactory(closes_on=datetime.date(2026, 5, 1))
    with pytest.raises(ValidationError, match="未在招聘"):
        services.recommendation_create(person=graduate, vacancy=closed, by=committee_user_a, today=TODAY)


@pytest.mark.django_db
def test_a_check_finding_the_person_gone_ends_the_job_and_shows_the_placement_did_not_last(
    graduate, vacancy, committee_user_a
):
    from jobmatching.selectors import placement_lasted

    rec = services.recommendation_create(person=graduate, vacancy=vacancy, by=committee_user_a, today=TODAY)
    rec = services.recommendation_move(recommendation=rec, to_stage="hired", by=committee_user_a, on=TODAY)
    check = rec.checks.get(kind="3m")
    services.placement_check_record(
        check=check, checked_on=datetime.date(2026, 9, 2), still_employed=False, note="已离职", by=committee_user_a
    )
    rec = Recommendation.objects.get(pk=rec.pk)
    assert rec.employment.end_date == datetime.date(2026, 9, 2)
    assert placement_lasted(rec) is False
    assert graduate in clearance_worklist(group="graduate", year=2026, as_of=datetime.date(2026, 9, 3))


@pytest.mark.django_db
def test_candidates_of_a_vacancy_are_worklist_people_who_fit_best_first(area_a, committee_user_a):
    from jobmatching.selectors import candidates_for_vacancy
    from tests.factories.jobmatching import ProfileFactory

    vacancy = VacancyFactory(employer__area=area_a, title="仓库管理员", skills="叉车", education_min="senior")
    keen = PersonFactory(area=area_a, birth=datetime.date(2003, 1, 1))
    MembershipFactory(person=keen, group="graduate", start_date=datetime.date(2026, 1, 5))
    ProfileFactory(person=keen, education="bachelor")
    plain = PersonFactory(area=area_a, birth=datetime.date(1985, 1, 1))
    MembershipFactory(person=plain, group="unemployed", start_date=datetime.date(2025, 3, 1))
    ProfileFactory(person=plain, desired_job="厨师", industries=[], skills="烹饪", education="senior")
    unqualified = PersonFactory(area=area_a)
    MembershipFactory(person=unqualified, group="unemployed", start_date=datetime.date(2025, 3, 1))
    ProfileFactory(person=unqualified, education="junior")
    employed = PersonFactory(area=area_a)
    MembershipFactory(person=employed, group="unemployed", start_date=datetime.date(2025, 3, 1))
    from tests.factories.jobseekers import EmploymentFactory

    EmploymentFactory(person=employed, start_date=datetime.date(2025, 6, 1))
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)):
        rows = candidates_for_vacancy(vacancy=vacancy, user=committee_user_a, today=TODAY)
    assert [person["id"] for person, _ in rows] == [keen.pk, plain.pk]
