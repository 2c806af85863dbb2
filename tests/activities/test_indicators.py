"""Indicators 2, 4 and 5 as METRICS.md and activities/indicators.py define them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from activities import indicators, services
from activities.models import ActivityTargetGroup, Evidence, TargetGroup
from tests.factories.activities import ActivityFactory, BrandCoverageFactory, BrandFactory, EvidenceFactory
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db

YEAR = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2026, 12, 31)}


def name(activity, persons):
    return services.activity_participants_add(activity=activity, persons=persons)


def test_named_participants_are_part_of_the_head_count_not_added_on_top():
    people = PersonFactory.create_batch(3)
    activity = ActivityFactory(actual_participants=10)
    name(activity, people)
    total, rows = indicators.activity_participants(**YEAR)
    assert total == 10
    assert rows.get().headcount == 10


def test_named_participants_are_the_floor_when_the_typed_count_is_lower():
    people = PersonFactory.create_batch(5)
    activity = ActivityFactory(actual_participants=2)
    name(activity, people)
    ActivityFactory(actual_participants=0)  # nobody came, nobody named
    total, _rows = indicators.activity_participants(**YEAR)
    assert total == 5


def test_a_person_named_twice_on_one_activity_counts_once():
    person = PersonFactory()
    activity = ActivityFactory(actual_participants=0)
    assert name(activity, [person, person]) == 1
    assert name(activity, [person]) == 0
    assert indicators.activity_participants(**YEAR)[0] == 1


def test_a_person_at_two_activities_counts_as_two_participations():
    person = PersonFactory()
    for _ in range(2):
        name(ActivityFactory(actual_participants=0), [person])
    assert indicators.activity_participants(**YEAR)[0] == 2


def test_participants_count_only_activities_held_in_the_period():
    ActivityFactory(actual_participants=40, held_on=datetime.date(2025, 12, 31))
    ActivityFactory(actual_participants=7, held_on=datetime.date(2026, 1, 1))
    ActivityFactory(actual_participants=9, held_on=datetime.date(2026, 6, 30))
    total, _ = indicators.activity_participants(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 29))
    assert total == 7
    assert indicators.activities(start=datetime.date(2026, 1, 1), end=datetime.date(2026, 6, 30))[0] == 2


def test_groups_reached_are_distinct_groups_across_activities_of_the_period():
    for groups, day in (
        ([TargetGroup.YOUTH, TargetGroup.GRADUATE], datetime.date(2026, 2, 1)),
        ([TargetGroup.YOUTH, TargetGroup.WOMEN], datetime.date(2026, 3, 1)),
        ([TargetGroup.VETERAN], datetime.date(2025, 3, 1)),
    ):
        activity = ActivityFactory(held_on=day)
        ActivityTargetGroup.objects.bulk_create([ActivityTargetGroup(activity=activity, group=g) for g in groups])
    count, rows = indicators.activity_groups_reached(**YEAR)
    assert count == 3
    assert {row["group"]: row["activities"] for row in rows} == {"graduate": 1, "women": 1, "youth": 2}


def test_meetings_count_leading_group_and_joint_meetings_by_date():
    EvidenceFactory(kind=Evidence.Kind.LEADING_GROUP_MEETING, dated_on=datetime.date(2026, 1, 5))
    EvidenceFactory(kind=Evidence.Kind.JOINT_MEETING, dated_on=datetime.date(2026, 5, 5))
    EvidenceFactory(kind=Evidence.Kind.JOINT_MEETING, dated_on=datetime.date(2025, 12, 30), year=2026)
    EvidenceFactory(kind=Evidence.Kind.RULE, dated_on=datetime.date(2026, 2, 5))
    assert indicators.meetings(**YEAR)[0] == 2
    assert indicators.rules_adopted(**YEAR)[0] == 1


def test_funds_invested_sum_in_yuan_with_two_decimals():
    EvidenceFactory(kind=Evidence.Kind.FUNDS, amount=Decimal("120000.50"))
    EvidenceFactory(kind=Evidence.Kind.FUNDS, amount=Decimal("0.25"), dated_on=datetime.date(2026, 12, 31))
    EvidenceFactory(kind=Evidence.Kind.FUNDS, amount=Decimal("999"), dated_on=datetime.date(2027, 1, 1), year=2027)
    total, rows = indicators.funds_invested(**YEAR)
    assert total == Decimal("120000.75")
    assert rows.count() == 2
    empty, _ = indicators.funds_invested(start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31))
    assert empty == Decimal("0.00") and str(empty) == "0.00"


def test_brands_active_as_of_the_end_and_coverage_in_the_period():
    active = BrandFactory(launched_on=datetime.date(2024, 1, 1))
    BrandFactory(launched_on=datetime.date(2024, 1, 1), retired_on=datetime.date(2026, 6, 30))
    BrandFactory(launched_on=datetime.date(2027, 1, 1))
    BrandCoverageFactory(brand=active, published_on=datetime.date(2026, 7, 1))
    BrandCoverageFactory(brand=active, published_on=datetime.date(2025, 7, 1))
    assert indicators.brands_active(**YEAR)[0] == 1
    assert indicators.brands_active(start=YEAR["start"], end=datetime.date(2026, 6, 30))[0] == 2
    assert indicators.brand_coverage_items(**YEAR)[0] == 1


def test_every_indicator_returns_a_number_and_its_rows():
    for code, function in indicators.INDICATORS.items():
        value, rows = function(**YEAR)
        assert value == 0, code
        assert hasattr(rows, "model"), code


def test_indicator_queries_do_not_grow_with_the_activities(django_assert_max_num_queries):
    for _ in range(20):
        activity = ActivityFactory()
        ActivityTargetGroup.objects.create(activity=activity, group=TargetGroup.YOUTH)
    with django_assert_max_num_queries(1):
        indicators.activity_participants(**YEAR)
    with django_assert_max_num_queries(1):
        indicators.activity_groups_reached(**YEAR)
