"""Indicator 1 on a small hand-computed data set: 2025 as of 30 June, town and per committee."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from cases.models import Category
from entrepreneurs.models import Policy
from metrics.engine import Engine
from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import PolicyBenefitFactory, PolicyFactory, VentureFactory
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def policy_data(area_a, area_b, area_c):  # type: ignore[no-untyped-def]
    city = PolicyFactory(name="市级租金补贴", level=Policy.Level.CITY)
    district = PolicyFactory(name="区级一次性创业补贴", level=Policy.Level.DISTRICT)
    town = PolicyFactory(name="镇级奖励", level=Policy.Level.TOWN)
    v1 = VentureFactory(area=area_a)
    PolicyBenefitFactory(venture=v1, policy=city, granted_on=D(2025, 3, 1))
    PolicyBenefitFactory(venture=v1, policy=district, granted_on=D(2025, 5, 1))  # same venture: counted once
    PolicyBenefitFactory(venture=v1, policy=city, granted_on=D(2024, 2, 1))  # last year's period
    v2 = VentureFactory(area=area_a)
    PolicyBenefitFactory(venture=v2, policy=town, granted_on=D(2025, 4, 1))  # town level: never counted
    v3 = VentureFactory(area=area_b)
    PolicyBenefitFactory(venture=v3, policy=district, granted_on=D(2025, 7, 1))  # after the as-of date
    PolicyBenefitFactory(venture=v3, policy=district, granted_on=D(2024, 6, 30))  # last period's last day
    v4 = VentureFactory(area=area_b)
    PolicyBenefitFactory(venture=v4, policy=city, granted_on=D(2025, 1, 1))  # first day of the period
    v5 = VentureFactory(area=area_a)
    PolicyBenefitFactory(venture=v5, policy=district, granted_on=D(2024, 12, 31))  # in neither period
    v6 = VentureFactory(area=area_a)
    PolicyBenefitFactory(venture=v6, policy=district, granted_on=D(2025, 6, 30))  # last day of the period
    return {"areas": (area_a, area_b, area_c)}


@pytest.fixture
def entrepreneur_data(area_a, area_b, area_c):  # type: ignore[no-untyped-def]
    def founder_with_case(area, registered_on, opened_on, *, category=Category.STARTUP, venture_area=None):  # type: ignore[no-untyped-def]
        person = PersonFactory(area=area)
        VentureFactory(area=venture_area or area, founder=person, registered_on=registered_on)
        if opened_on is not None:
            CaseFactory(person=person, category=category, opened_on=opened_on)
        return person

    founder_with_case(area_a, D(2025, 3, 1), D(2024, 3, 1))  # exactly 365 days before: counted
    founder_with_case(area_b, D(2025, 3, 1), D(2024, 2, 29))  # 366 days before: not counted
    founder_with_case(area_a, D(2025, 4, 10), D(2025, 4, 10))  # on the registration date: counted
    founder_with_case(area_b, D(2025, 5, 1), D(2025, 4, 1), category=Category.EMPLOYMENT)  # not a startup case
    founder_with_case(area_b, D(2025, 5, 1), D(2025, 5, 2))  # case after registration: not counted
    founder_with_case(area_a, D(2025, 7, 1), D(2025, 6, 1))  # registered after the as-of date
    founder_with_case(area_a, D(2025, 1, 1), None)  # no case at all
    # one founder, two ventures in two committees: counted in each committee, once for the town
    p6 = PersonFactory(area=area_a)
    VentureFactory(area=area_a, founder=p6, registered_on=D(2025, 2, 1))
    VentureFactory(area=area_b, founder=p6, registered_on=D(2025, 6, 1))
    CaseFactory(person=p6, category=Category.STARTUP, opened_on=D(2025, 1, 15))
    # last year's period: registered on its last day
    founder_with_case(area_b, D(2024, 6, 30), D(2024, 1, 1))
    return {"areas": (area_a, area_b, area_c)}


def _figures(areas, targets=None):  # type: ignore[no-untyped-def]
    engine = Engine(area_ids=[a.pk for a in areas], targets=targets or {})
    return engine.figures(2025, D(2025, 6, 30))


def test_policy_ventures_count_city_and_district_benefits_of_the_period(policy_data) -> None:  # type: ignore[no-untyped-def]
    area_a, area_b, area_c = policy_data["areas"]
    figures = _figures(policy_data["areas"])
    assert figures.town["policy_ventures"] == 3  # v1, v4, v6 (not v2: town level; not v3: July)
    assert figures.town["policy_ventures_last"] == 2  # v1, v3
    assert figures.town["policy_ventures_yoy"] == Decimal("50.0")
    assert figures.areas[area_a.pk]["policy_ventures"] == 2
    assert figures.areas[area_a.pk]["policy_ventures_last"] == 1
    assert figures.areas[area_a.pk]["policy_ventures_yoy"] == Decimal("100.0")
    assert figures.areas[area_b.pk]["policy_ventures"] == 1
    assert figures.areas[area_b.pk]["policy_ventures_yoy"] == Decimal("0.0")
    # a committee with no data: zeros, and null growth (zero base)
    assert figures.areas[area_c.pk]["policy_ventures"] == 0
    assert figures.areas[area_c.pk]["policy_ventures_last"] == 0
    assert figures.areas[area_c.pk]["policy_ventures_yoy"] is None


def test_successful_entrepreneurs_with_a_startup_case_within_365_days(entrepreneur_data) -> None:  # type: ignore[no-untyped-def]
    area_a, area_b, area_c = entrepreneur_data["areas"]
    figures = _figures(entrepreneur_data["areas"], {(2025, "successful_entrepreneurs"): Decimal(4)})
    assert figures.town["successful_entrepreneurs"] == 3
    assert figures.town["successful_entrepreneurs_last"] == 1
    assert figures.town["successful_entrepreneurs_yoy"] == Decimal("200.0")
    assert figures.town["successful_entrepreneurs_target"] == 4
    assert figures.town["successful_entrepreneurs_completion"] == Decimal("75.0")
    assert figures.areas[area_a.pk]["successful_entrepreneurs"] == 3
    assert figures.areas[area_a.pk]["successful_entrepreneurs_yoy"] is None  # nothing last year
    assert figures.areas[area_b.pk]["successful_entrepreneurs"] == 1  # the founder of two ventures
    assert figures.areas[area_b.pk]["successful_entrepreneurs_last"] == 1
    assert figures.areas[area_c.pk]["successful_entrepreneurs"] == 0
    # the target is the town's: committees show no target and no completion
    assert figures.areas[area_a.pk]["successful_entrepreneurs_target"] is None
    assert figures.areas[area_a.pk]["successful_entrepreneurs_completion"] is None


def test_without_a_target_completion_is_null(entrepreneur_data) -> None:  # type: ignore[no-untyped-def]
    figures = _figures(entrepreneur_data["areas"])
    assert figures.town["successful_entrepreneurs_target"] is None
    assert figures.town["successful_entrepreneurs_completion"] is None


def test_29_february_compares_with_28_february_of_the_year_before(area_a) -> None:  # type: ignore[no-untyped-def]
    district = PolicyFactory(name="区级补贴", level=Policy.Level.DISTRICT)
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), policy=district, granted_on=D(2024, 2, 29))
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), policy=district, granted_on=D(2023, 2, 28))
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), policy=district, granted_on=D(2023, 3, 1))
    engine = Engine(area_ids=[area_a.pk])
    figures = engine.figures(2024, D(2024, 2, 29))
    assert figures.town["policy_ventures"] == 1
    assert figures.town["policy_ventures_last"] == 1  # 28 Feb 2023 included, 1 March not
    assert figures.town["policy_ventures_yoy"] == Decimal("0.0")


@pytest.mark.parametrize("as_of", [D(2025, 3, 31), D(2025, 6, 30), D(2024, 6, 30), D(2025, 12, 31)])
def test_counts_equal_the_drill_down_records(policy_data, entrepreneur_data, as_of) -> None:  # type: ignore[no-untyped-def]
    """The numbers (counted for many periods at once) match the records a drill-down lists."""
    from metrics.engine import Period, policy_ventures_queryset, successful_ventures_queryset

    area_a, area_b, area_c = policy_data["areas"]
    figures = Engine(area_ids=[area_a.pk, area_b.pk, area_c.pk]).figures(as_of.year, as_of)
    period = Period(as_of.year, as_of)
    assert figures.town["policy_ventures"] == policy_ventures_queryset(period).count()
    founders = successful_ventures_queryset(period).values("founder_id").distinct().count()
    assert figures.town["successful_entrepreneurs"] == founders
    for area in (area_a, area_b, area_c):
        assert figures.areas[area.pk]["policy_ventures"] == policy_ventures_queryset(period).filter(area=area).count()
        in_area = successful_ventures_queryset(period).filter(area=area).values("founder_id").distinct().count()
        assert figures.areas[area.pk]["successful_entrepreneurs"] == in_area
