"""The four clearance goals against hand-computed cases (METRICS.md, year 2025 as of 30 June)."""

from __future__ import annotations

import datetime

import pytest
from django.db.models import Count

from jobseekers import clearance
from tests.factories.jobseekers import (
    CertificationFactory,
    EmploymentFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
)

Y = 2025
D = datetime.date(2025, 6, 30)
d = datetime.date


def names(qs):
    return sorted(p.name for p in qs)


def nos(qs):
    return sorted(h.household_no for h in qs)


def person(name, area, *memberships, jobs=()):
    p = PersonFactory(name=name, area=area)
    for m in memberships:
        MembershipFactory(person=p, **m)
    for start, end in jobs:
        EmploymentFactory(person=p, start_date=start, end_date=end)
    return p


@pytest.fixture
def unemployed_register(area_a):
    u = "unemployed"
    person("长期未就业", area_a, {"group": u, "start_date": d(2024, 5, 1)})
    person("已就业", area_a, {"group": u, "start_date": d(2025, 2, 1)}, jobs=[(d(2025, 3, 1), None)])
    person("上年已退出", area_a, {"group": u, "start_date": d(2024, 1, 1), "end_date": d(2024, 12, 31)})
    person("元旦退出", area_a, {"group": u, "start_date": d(2024, 1, 1), "end_date": d(2025, 1, 1)})
    person("期后登记", area_a, {"group": u, "start_date": d(2025, 7, 1)})
    person(
        "无意愿",
        area_a,
        {
            "group": u,
            "start_date": d(2025, 1, 5),
            "willing": False,
            "unwilling_reason": "照顾家人",
            "reconfirm_on": d(2025, 12, 1),
        },
    )
    person("昨日离职", area_a, {"group": u, "start_date": d(2025, 1, 5)}, jobs=[(d(2025, 2, 1), d(2025, 6, 29))])
    person("当日离职", area_a, {"group": u, "start_date": d(2025, 1, 5)}, jobs=[(d(2025, 2, 1), D)])
    person("期后入职", area_a, {"group": u, "start_date": d(2025, 1, 5)}, jobs=[(d(2025, 7, 1), None)])
    person("仅困难", area_a, {"group": "difficulty", "start_date": d(2025, 1, 5)})
    person(
        "两次登记",
        area_a,
        {"group": u, "start_date": d(2024, 3, 1), "end_date": d(2025, 2, 1)},
        {"group": u, "start_date": d(2025, 4, 1)},
    )


@pytest.mark.django_db
def test_unemployed_base_counts_willing_memberships_running_into_the_year(unemployed_register):
    base = clearance.clearance_base(group="unemployed", year=Y, as_of=D)
    assert names(base) == sorted(["长期未就业", "已就业", "元旦退出", "昨日离职", "当日离职", "期后入职", "两次登记"])
    assert base.count() == 7  # a person with two memberships counts once


@pytest.mark.django_db
def test_employed_means_a_job_running_on_the_as_of_date_including_one_ending_that_day(unemployed_register):
    assert names(clearance.clearance_employed(group="unemployed", year=Y, as_of=D)) == ["已就业", "当日离职"]


@pytest.mark.django_db
def test_the_worklist_is_the_base_without_the_employed(unemployed_register):
    assert names(clearance.clearance_worklist(group="unemployed", year=Y, as_of=D)) == sorted(
        ["长期未就业", "元旦退出", "昨日离职", "期后入职", "两次登记"]
    )


@pytest.mark.django_db
def test_the_difficulty_group_is_counted_apart(unemployed_register):
    assert names(clearance.clearance_base(group="difficulty", year=Y, as_of=D)) == ["仅困难"]


@pytest.mark.django_db
def test_graduates_count_only_when_they_graduated_in_the_year(area_a):
    person("去年毕业", area_a, {"group": "graduate", "start_date": d(2024, 6, 30)})
    person("今年毕业", area_a, {"group": "graduate", "start_date": d(2025, 6, 15)})
    person("今年毕业已就业", area_a, {"group": "graduate", "start_date": d(2025, 6, 15)}, jobs=[(d(2025, 6, 20), None)])
    person("下月毕业", area_a, {"group": "graduate", "start_date": d(2025, 7, 10)})
    assert names(clearance.clearance_base(group="graduate", year=Y, as_of=D)) == ["今年毕业", "今年毕业已就业"]
    assert names(clearance.clearance_worklist(group="graduate", year=Y, as_of=D)) == ["今年毕业"]
    assert names(clearance.clearance_base(group="graduate", year=2024, as_of=d(2024, 12, 31))) == ["去年毕业"]


@pytest.mark.django_db
def test_an_unknown_group_is_an_error():
    with pytest.raises(ValueError):
        clearance.clearance_base(group="veteran", year=Y, as_of=D)


def household(no, area, certs, jobs=()):
    h = HouseholdFactory(household_no=no, area=area)
    member = PersonFactory(area=area, household=h)
    for certified_on, willing in certs:
        CertificationFactory(household=h, certified_on=certified_on, willing=willing)
    for start, end in jobs:
        EmploymentFactory(person=member, start_date=start, end_date=end)
    return h


@pytest.fixture
def households(area_a, area_b):
    household("H1-未清零", area_a, [(d(2025, 3, 1), True)])
    household("H2-已清零", area_a, [(d(2025, 3, 1), True)], jobs=[(d(2025, 4, 1), None)])
    household("H3-认定前就业", area_a, [(d(2025, 3, 1), True)], jobs=[(d(2024, 1, 1), None)])
    household("H4-上年已清零", area_a, [(d(2024, 6, 1), True)], jobs=[(d(2024, 9, 1), None)])
    household("H5-上年未保持", area_b, [(d(2024, 6, 1), True)], jobs=[(d(2024, 9, 1), d(2024, 11, 30))])
    household("H6-无意愿", area_a, [(d(2025, 3, 1), False)])
    household("H7-期后认定", area_a, [(d(2025, 7, 1), True)])
    household(
        "H8-再次认定",
        area_b,
        [(d(2024, 6, 1), True), (d(2025, 3, 1), True)],
        jobs=[(d(2024, 9, 1), d(2025, 2, 1)), (d(2025, 4, 1), None)],
    )
    household("H9-最新认定为准", area_a, [(d(2025, 1, 10), True), (d(2025, 5, 1), True)], jobs=[(d(2025, 2, 1), None)])


@pytest.mark.django_db
def test_household_base_leaves_out_certifications_already_cleared_last_year(households):
    assert nos(clearance.household_base(year=Y, as_of=D)) == sorted(
        ["H1-未清零", "H2-已清零", "H3-认定前就业", "H5-上年未保持", "H8-再次认定", "H9-最新认定为准"]
    )


@pytest.mark.django_db
def test_household_cleared_needs_a_job_started_on_or_after_the_latest_qualifying_certification(households):
    assert nos(clearance.household_cleared(year=Y, as_of=D)) == sorted(["H2-已清零", "H8-再次认定"])
    assert nos(clearance.household_worklist(year=Y, as_of=D)) == sorted(
        ["H1-未清零", "H3-认定前就业", "H5-上年未保持", "H9-最新认定为准"]
    )


@pytest.mark.django_db
def test_household_querysets_group_by_area_for_the_metrics_engine(households):
    rows = clearance.household_base(year=Y, as_of=D).values("area__code").annotate(n=Count("id")).order_by("area__code")
    assert list(rows) == [{"area__code": "A01", "n": 4}, {"area__code": "A02", "n": 2}]


@pytest.mark.django_db
def test_the_model_rule_agrees_with_the_queryset_for_a_single_certification(area_a):
    h = household("HX", area_a, [(d(2025, 3, 1), True)], jobs=[(d(2025, 4, 1), d(2025, 5, 31))])
    cert = h.certifications.get()
    assert cert.is_cleared_as_of(d(2025, 5, 31)) is True
    assert cert.is_cleared_as_of(D) is False
    assert nos(clearance.household_cleared(year=Y, as_of=d(2025, 5, 31))) == ["HX"]
    assert nos(clearance.household_cleared(year=Y, as_of=D)) == []
