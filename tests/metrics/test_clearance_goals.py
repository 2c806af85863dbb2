"""The four clearance goals on a small hand-computed data set: 2025 as of 30 June, town and per
committee. These are the acceptance test of jobseekers.clearance's definitions as the engine
groups them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from jobseekers.models import TargetGroupMembership
from metrics.engine import Engine
from tests.factories.jobseekers import (
    CertificationFactory,
    EmploymentFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
G = TargetGroupMembership.Group


def member(area, group, start, end=None, *, willing=True):  # type: ignore[no-untyped-def]
    person = PersonFactory(area=area)
    extra = {} if willing else {"unwilling_reason": "在家照顾老人", "reconfirm_on": D(2025, 12, 1)}
    MembershipFactory(person=person, group=group, start_date=start, end_date=end, willing=willing, **extra)
    return person


def job(person, start, end=None):  # type: ignore[no-untyped-def]
    return EmploymentFactory(person=person, start_date=start, end_date=end)


@pytest.fixture
def clearance_data(area_a, area_b, area_c):  # type: ignore[no-untyped-def]
    # difficulty
    d1 = member(area_a, G.DIFFICULTY, D(2024, 5, 1))
    job(d1, D(2025, 2, 1))
    member(area_a, G.DIFFICULTY, D(2023, 1, 1), D(2024, 12, 31))  # ended before the year: only last year's base
    d3 = member(area_a, G.DIFFICULTY, D(2025, 1, 10))
    job(d3, D(2024, 1, 1), D(2025, 3, 31))  # employment ended before the as-of date
    member(area_b, G.DIFFICULTY, D(2025, 1, 1), willing=False)  # not willing
    member(area_b, G.DIFFICULTY, D(2025, 7, 1))  # starts after the as-of date
    d6 = member(area_b, G.DIFFICULTY, D(2024, 1, 1), D(2025, 2, 1))
    MembershipFactory(person=d6, group=G.DIFFICULTY, start_date=D(2025, 3, 1))  # two memberships, one person
    job(d6, D(2025, 6, 30))  # starts on the as-of date
    d7 = member(area_b, G.DIFFICULTY, D(2025, 1, 1))
    job(d7, D(2025, 1, 1), D(2025, 6, 30))  # ends on the as-of date: still employed
    # graduates
    member(area_a, G.GRADUATE, D(2025, 6, 30))  # graduated this year, not employed
    member(area_a, G.GRADUATE, D(2024, 7, 1))  # graduate of last year: never in 2025's base
    g3 = member(area_b, G.GRADUATE, D(2025, 6, 15))
    job(g3, D(2025, 6, 20))
    member(area_b, G.GRADUATE, D(2025, 7, 15))  # graduates after the as-of date
    g5 = member(area_a, G.GRADUATE, D(2024, 6, 1))  # last year's base, employed then
    job(g5, D(2024, 6, 15))
    # unemployed: 2 of 3 employed
    u1 = member(area_a, G.UNEMPLOYED, D(2025, 2, 1))
    job(u1, D(2025, 3, 1), D(2025, 5, 31))
    job(member(area_a, G.UNEMPLOYED, D(2025, 2, 1)), D(2025, 4, 1))
    job(member(area_a, G.UNEMPLOYED, D(2025, 1, 5)), D(2025, 1, 6))
    # zero-employment households
    h1 = HouseholdFactory(area=area_a)
    CertificationFactory(household=h1, certified_on=D(2024, 10, 1))
    job(PersonFactory(area=area_a, household=h1), D(2024, 11, 1))  # cleared last year: left out
    h2 = HouseholdFactory(area=area_a)
    CertificationFactory(household=h2, certified_on=D(2024, 10, 1))
    job(PersonFactory(area=area_a, household=h2), D(2025, 3, 1))  # cleared this year
    h3 = HouseholdFactory(area=area_b)
    CertificationFactory(household=h3, certified_on=D(2025, 2, 1))
    job(PersonFactory(area=area_b, household=h3), D(2025, 1, 15))  # job began before the certification
    CertificationFactory(household=HouseholdFactory(area=area_b), certified_on=D(2025, 5, 1), willing=False)
    CertificationFactory(household=HouseholdFactory(area=area_b), certified_on=D(2025, 7, 1))  # after D
    h6 = HouseholdFactory(area=area_a)
    CertificationFactory(household=h6, certified_on=D(2023, 3, 1))
    CertificationFactory(household=h6, certified_on=D(2025, 4, 1))  # the latest qualifying one counts
    member6 = PersonFactory(area=area_a, household=h6)
    job(member6, D(2023, 6, 1), D(2023, 12, 31))
    job(member6, D(2025, 3, 1))  # before the latest certification: not cleared
    return area_a, area_b, area_c


@pytest.fixture
def figures(clearance_data):  # type: ignore[no-untyped-def]
    engine = Engine(area_ids=[a.pk for a in clearance_data])
    return engine.figures(2025, D(2025, 6, 30))


def test_difficulty_goal_town_and_committees(figures, clearance_data) -> None:  # type: ignore[no-untyped-def]
    a, b, c = clearance_data
    town = figures.town
    assert (town["clearance_difficulty_base"], town["clearance_difficulty_employed"]) == (4, 3)
    assert town["clearance_difficulty_rate"] == Decimal("75.0")
    assert town["clearance_difficulty_rate_last"] == Decimal("0.0")  # 2024: 3 in the base, none employed
    assert town["clearance_difficulty_rate_yoy"] == Decimal("75.0")
    area_a = figures.areas[a.pk]
    assert (area_a["clearance_difficulty_base"], area_a["clearance_difficulty_employed"]) == (2, 1)
    assert area_a["clearance_difficulty_rate"] == Decimal("50.0")
    assert area_a["clearance_difficulty_rate_yoy"] == Decimal("50.0")
    area_b = figures.areas[b.pk]
    assert (area_b["clearance_difficulty_base"], area_b["clearance_difficulty_employed"]) == (2, 2)
    assert area_b["clearance_difficulty_rate"] == Decimal("100.0")
    area_c = figures.areas[c.pk]
    assert area_c["clearance_difficulty_base"] == 0
    assert area_c["clearance_difficulty_rate"] is None  # a zero base gives null
    assert area_c["clearance_difficulty_rate_yoy"] is None


def test_graduate_goal_counts_only_this_years_graduates(figures, clearance_data) -> None:  # type: ignore[no-untyped-def]
    a, b, _c = clearance_data
    town = figures.town
    assert (town["clearance_graduate_base"], town["clearance_graduate_employed"]) == (2, 1)
    assert town["clearance_graduate_rate"] == Decimal("50.0")
    assert town["clearance_graduate_rate_last"] == Decimal("100.0")
    assert town["clearance_graduate_rate_yoy"] == Decimal("-50.0")
    assert figures.areas[a.pk]["clearance_graduate_rate"] == Decimal("0.0")
    assert figures.areas[a.pk]["clearance_graduate_rate_yoy"] == Decimal("-100.0")
    assert figures.areas[b.pk]["clearance_graduate_rate"] == Decimal("100.0")
    assert figures.areas[b.pk]["clearance_graduate_rate_last"] is None
    assert figures.areas[b.pk]["clearance_graduate_rate_yoy"] is None


def test_unemployed_goal_rounds_two_thirds_to_66_7(figures, clearance_data) -> None:  # type: ignore[no-untyped-def]
    a, b, _c = clearance_data
    assert figures.town["clearance_unemployed_base"] == 3
    assert figures.town["clearance_unemployed_employed"] == 2
    assert figures.town["clearance_unemployed_rate"] == Decimal("66.7")
    assert figures.areas[a.pk]["clearance_unemployed_rate"] == Decimal("66.7")
    assert figures.areas[b.pk]["clearance_unemployed_base"] == 0
    assert figures.areas[b.pk]["clearance_unemployed_rate"] is None


def test_household_goal_leaves_out_households_cleared_last_year(figures, clearance_data) -> None:  # type: ignore[no-untyped-def]
    a, b, c = clearance_data
    town = figures.town
    assert (town["clearance_household_base"], town["clearance_household_cleared"]) == (3, 1)
    assert town["clearance_household_rate"] == Decimal("33.3")
    assert town["clearance_household_rate_last"] is None  # 2024 as of 30 June: h6 was cleared in 2023
    assert town["clearance_household_rate_yoy"] is None
    assert (figures.areas[a.pk]["clearance_household_base"], figures.areas[a.pk]["clearance_household_cleared"]) == (
        2,
        1,
    )
    assert figures.areas[a.pk]["clearance_household_rate"] == Decimal("50.0")
    assert figures.areas[b.pk]["clearance_household_rate"] == Decimal("0.0")
    assert figures.areas[c.pk]["clearance_household_base"] == 0
    assert figures.areas[c.pk]["clearance_household_rate"] is None


@pytest.mark.parametrize(
    "as_of", [D(2025, 1, 31), D(2025, 2, 28), D(2025, 6, 30), D(2025, 12, 31), D(2024, 6, 30), D(2024, 12, 31)]
)
def test_engine_counts_equal_jobseekers_clearance_querysets(clearance_data, as_of) -> None:  # type: ignore[no-untyped-def]
    """The engine counts many periods at once; it must agree with the people register's own
    per-period definitions (jobseekers.clearance) on every committee."""
    from django.db.models import Count

    from jobseekers import clearance

    a, b, c = clearance_data
    figures = Engine(area_ids=[a.pk, b.pk, c.pk]).figures(as_of.year, as_of)

    def by_area(queryset):  # type: ignore[no-untyped-def]
        return {row["area_id"]: row["n"] for row in queryset.order_by().values("area_id").annotate(n=Count("pk"))}

    for group in ("difficulty", "unemployed", "graduate", "household"):
        if group == "household":
            base = by_area(clearance.household_base(year=as_of.year, as_of=as_of))
            done = by_area(clearance.household_cleared(year=as_of.year, as_of=as_of))
            done_code = "clearance_household_cleared"
        else:
            base = by_area(clearance.clearance_base(group=group, year=as_of.year, as_of=as_of))
            done = by_area(clearance.clearance_employed(group=group, year=as_of.year, as_of=as_of))
            done_code = f"clearance_{group}_employed"
        for area in (a, b, c):
            assert figures.areas[area.pk][f"clearance_{group}_base"] == base.get(area.pk, 0), (group, area.code)
            assert figures.areas[area.pk][done_code] == done.get(area.pk, 0), (group, area.code)
        assert figures.town[f"clearance_{group}_base"] == sum(base.values())
