"""Reads of job matching: open vacancies, match lists both ways, pipelines and placements."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from jobmatching.matching import Match, prepare_seeker, prepare_vacancy, rank, score
from jobmatching.models import Employer, PlacementCheck, Recommendation, Vacancy
from jobseekers.clearance import base_memberships, employed_as_of
from jobseekers.models import Person

if TYPE_CHECKING:
    from zhuqiao.models import User

SEEKER_FIELDS = {
    "area_id": "area_id",
    "birth_date": "birth_date",
    "desired_job": "job_profile__desired_job",
    "industries": "job_profile__industries",
    "hours": "job_profile__hours",
    "pay_expected": "job_profile__pay_expected",
    "skills": "job_profile__skills",
    "education": "job_profile__education",
}
VACANCY_FIELDS = [
    "id",
    "title",
    "industry",
    "area_id",
    "hours",
    "pay_min",
    "pay_max",
    "skills",
    "education_min",
    "age_min",
    "age_max",
    "posts",
    "employer__name",
    "area__name",
    "closes_on",
]
WORKLIST_GROUPS = ("difficulty", "unemployed", "graduate")


def open_vacancies(*, today: datetime.date) -> QuerySet[Vacancy]:
    return Vacancy.objects.filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today), status=Vacancy.Status.OPEN, opens_on__lte=today
    )


def vacancy_list(*, filters: dict[str, str], today: datetime.date) -> QuerySet[Vacancy]:
    vacancies = Vacancy.objects.select_related("employer", "area").annotate(
        recommended=Count("recommendations", distinct=True),
        hired=Count("recommendations", filter=Q(recommendations__stage="hired"), distinct=True),
    )
    if filters.get("status") == "open" or not filters.get("status"):
        vacancies = vacancies.filter(pk__in=open_vacancies(today=today).values("pk"))
    elif filters.get("status") != "all":
        vacancies = vacancies.filter(status=filters["status"])
    if filters.get("industry"):
        vacancies = vacancies.filter(industry=filters["industry"])
    if filters.get("area"):
        vacancies = vacancies.filter(area__code=filters["area"])
    if filters.get("q"):
        vacancies = vacancies.filter(Q(title__icontains=filters["q"]) | Q(employer__name__icontains=filters["q"]))
    return vacancies.order_by("-opens_on", "pk")


def employer_list(*, filters: dict[str, str]) -> QuerySet[Employer]:
    employers = Employer.objects.select_related("area", "caretaker", "venture").annotate(
        open_vacancies=Count("vacancies", filter=Q(vacancies__status="open"), distinct=True)
    )
    if filters.get("q"):
        employers = employers.filter(name__icontains=filters["q"])
    if filters.get("area"):
        employers = employers.filter(area__code=filters["area"])
    return employers


def seeker_row(person: Person) -> dict[str, Any]:
    row = Person.objects.filter(pk=person.pk).values("id", *SEEKER_FIELDS.values()).get()
    return {"id": row["id"], **{key: row[path] for key, path in SEEKER_FIELDS.items()}}


def matches_for_person(*, person: Person, today: datetime.date, limit: int = 50) -> list[tuple[dict[str, Any], Match]]:
    """Open vacancies ranked for one job seeker, each with the reasons of its score."""
    seeker = prepare_seeker(seeker_row(person))
    rows = [prepare_vacancy(row) for row in open_vacancies(today=today).values(*VACANCY_FIELDS)]
    return rank([(row, score(seeker, row, today=today)) for row in rows])[:limit]


def worklist_seekers(*, user: User, today: datetime.date) -> QuerySet[Person]:
    """Persons on any of the three clearance worklists today, within the user's scope.

    Built from the clearance module's own pieces (its base memberships and its "employed as of"
    rule), as one query: the union of the worklists is (the union of the bases) minus the
    employed, since the employment rule does not depend on the group.
    """
    memberships = base_memberships(group=WORKLIST_GROUPS[0], year=today.year, as_of=today)
    for group in WORKLIST_GROUPS[1:]:
        memberships = memberships | base_memberships(group=group, year=today.year, as_of=today)
    return (
        Person.objects.for_user(user)
        .filter(Exists(memberships.filter(person_id=OuterRef("pk"))))
        .filter(~employed_as_of(today))
    )


def candidates_for_vacancy(
    *, vacancy: Vacancy, user: User, today: datetime.date, limit: int = 100
) -> list[tuple[dict[str, Any], Match]]:
    """Job seekers of the worklists who fit the vacancy (no unmet requirement), best first."""
    row = prepare_vacancy(Vacancy.objects.filter(pk=vacancy.pk).values(*VACANCY_FIELDS).get())
    people = worklist_seekers(user=user, today=today).values(
        "id", "name", "id_number_masked", "area__name", *SEEKER_FIELDS.values()
    )
    pairs = []
    for person in people:
        seeker = prepare_seeker({key: person[path] for key, path in SEEKER_FIELDS.items()})
        match = score(seeker, row, today=today)
        if match.fits:
            pairs.append((person, match))
    return rank(pairs)[:limit]


def recommendations_for_user(*, user: User) -> QuerySet[Recommendation]:
    return Recommendation.objects.for_user(user).select_related(
        "person", "person__area", "vacancy", "vacancy__employer"
    )


def pipeline(*, vacancy: Vacancy, user: User) -> list[tuple[str, Any, list[Recommendation]]]:
    """The vacancy's recommendations in kanban columns, one per stage (scoped to the user)."""
    recs = list(recommendations_for_user(user=user).filter(vacancy=vacancy))
    return [(stage, label, [r for r in recs if r.stage == stage]) for stage, label in Recommendation.Stage.choices]


def placements(*, user: User) -> QuerySet[Recommendation]:
    return (
        recommendations_for_user(user=user)
        .filter(stage=Recommendation.Stage.HIRED)
        .select_related("employment")
        .prefetch_related("checks")
        .order_by("-decided_on", "-id")
    )


def checks_due(*, user: User, today: datetime.date) -> QuerySet[PlacementCheck]:
    return (
        PlacementCheck.objects.for_user(user)
        .filter(checked_on__isnull=True, due_on__lte=today)
        .select_related("recommendation__person", "recommendation__vacancy__employer")
    )


def placement_lasted(recommendation: Recommendation) -> bool | None:
    """False when the job ended within six months of the hire or a check found the person gone."""
    employment = recommendation.employment
    if employment is None:
        return None
    if employment.end_date and (employment.end_date - employment.start_date).days < 183:
        return False
    checks = list(recommendation.checks.all())
    if any(check.still_employed is False for check in checks):
        return False
    if all(check.still_employed for check in checks) and checks:
        return True
    return None
