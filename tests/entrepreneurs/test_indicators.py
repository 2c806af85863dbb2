"""Indicators 6 and 7 counted from the venture register (METRICS.md)."""

from __future__ import annotations

import datetime

import pytest

from cases.indicators import ventures_cultivated
from cases.models import Case
from entrepreneurs.indicators import INDICATORS, characteristic_ventures_registered, role_models
from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import RoleModelFactory, VentureFactory
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_role_models_count_the_designations_of_the_periods_year():
    RoleModelFactory(year=2024)
    this_year = [RoleModelFactory(year=2025), RoleModelFactory(year=2025)]
    person = PersonFactory()
    this_year.append(RoleModelFactory(venture=None, person=person, area=person.area, year=2025))
    RoleModelFactory(year=2026)
    value, rows = role_models(start=D(2025, 1, 1), end=D(2025, 3, 31))
    assert value == 3
    assert set(rows) == set(this_year)
    last_value, _ = role_models(start=D(2024, 1, 1), end=D(2024, 3, 31))
    assert last_value == 1


def test_characteristic_ventures_registered_in_the_period_both_ends_included():
    inside = [
        VentureFactory(industry="aviation_supply", registered_on=D(2025, 1, 1)),
        VentureFactory(industry="agritech", registered_on=D(2025, 6, 30)),
    ]
    VentureFactory(industry="other", registered_on=D(2025, 3, 1))  # not characteristic
    VentureFactory(industry="iot", registered_on=D(2024, 12, 31))  # before
    VentureFactory(industry="commerce", registered_on=D(2025, 7, 1))  # after the as-of date
    value, rows = characteristic_ventures_registered(start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert value == 2
    assert set(rows) == set(inside)


def test_ventures_cultivated_counts_distinct_ventures_with_a_case_resolved_in_the_period():
    twice = VentureFactory()
    once = VentureFactory()
    for venture, closed_on in ((twice, D(2025, 2, 1)), (twice, D(2025, 3, 1)), (once, D(2025, 5, 1))):
        CaseFactory(
            person=None, venture=venture, status=Case.Status.CLOSED, opened_on=D(2025, 1, 5), closed_on=closed_on
        )
    open_case_venture = VentureFactory()
    CaseFactory(person=None, venture=open_case_venture, opened_on=D(2025, 1, 5))
    late = VentureFactory()
    CaseFactory(person=None, venture=late, status=Case.Status.CLOSED, opened_on=D(2025, 1, 5), closed_on=D(2025, 8, 1))
    value, rows = ventures_cultivated(start=D(2025, 1, 1), end=D(2025, 6, 30))
    assert value == 2
    assert set(rows) == {twice, once}


def test_indicators_are_registered_under_their_metric_codes():
    assert set(INDICATORS) == {"role_models", "characteristic_ventures_registered"}
