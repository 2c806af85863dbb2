"""Indicator 3 and 7 inputs, each counted as of a date (METRICS.md)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from entrepreneurs.models import Industry
from incubators import indicators
from incubators.models import Residency
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory, EvaluationFactory, ResidencyFactory, SubsidyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
START = D(2025, 1, 1)


def test_carriers_active_as_of_a_date_counts_established_and_not_yet_closed():
    CarrierFactory(name="老载体", established_on=D(2019, 1, 1))
    CarrierFactory(name="年中开业", established_on=D(2025, 7, 1))
    CarrierFactory(name="当天关闭", established_on=D(2019, 1, 1), closed_on=D(2025, 6, 30))
    CarrierFactory(name="已关闭", established_on=D(2019, 1, 1), closed_on=D(2025, 3, 31))
    number, rows = indicators.carriers_active(start=START, end=D(2025, 6, 30))
    assert number == 2
    assert {c.name for c in rows} == {"老载体", "当天关闭"}
    assert indicators.carriers_active(start=START, end=D(2025, 7, 1))[0] == 2  # 年中开业 in, 当天关闭 out


def test_ventures_in_residence_as_of_a_date():
    carrier = CarrierFactory()
    resident = ResidencyFactory(carrier=carrier, entered_on=D(2025, 3, 1)).venture
    ResidencyFactory(carrier=carrier, stage=Residency.Stage.NOTIFIED, notified_on=D(2025, 5, 1), entered_on=None)
    graduated_on_d = ResidencyFactory(
        carrier=carrier, stage=Residency.Stage.GRADUATED, entered_on=D(2024, 1, 1), graduated_on=D(2025, 6, 30)
    ).venture
    ResidencyFactory(
        carrier=carrier, stage=Residency.Stage.GRADUATED, entered_on=D(2024, 1, 1), graduated_on=D(2025, 6, 29)
    )
    ResidencyFactory(
        carrier=carrier,
        stage=Residency.Stage.LEFT,
        entered_on=D(2024, 1, 1),
        left_on=D(2025, 2, 1),
        leaving_reason="迁出",
    )
    later = ResidencyFactory(carrier=carrier, entered_on=D(2025, 7, 1)).venture

    number, ventures = indicators.ventures_in_residence(start=START, end=D(2025, 6, 30))
    assert number == 2
    assert set(ventures) == {resident, graduated_on_d}
    assert set(indicators.ventures_in_residence(start=START, end=D(2025, 7, 1))[1]) == {resident, later}
    # On 1 Feb 2025 the early leaver still counts (left that day), the 2025 entrants do not yet.
    assert indicators.ventures_in_residence(start=START, end=D(2025, 2, 1))[0] == 3


def test_residencies_started_and_graduated_within_the_period():
    ResidencyFactory(entered_on=D(2025, 1, 1))
    ResidencyFactory(entered_on=D(2025, 6, 30))
    ResidencyFactory(entered_on=D(2024, 12, 31))
    ResidencyFactory(entered_on=D(2025, 7, 1))
    ResidencyFactory(stage=Residency.Stage.NOTIFIED, notified_on=D(2025, 3, 1), entered_on=None)
    ResidencyFactory(stage=Residency.Stage.GRADUATED, entered_on=D(2023, 1, 1), graduated_on=D(2025, 6, 30))
    ResidencyFactory(stage=Residency.Stage.GRADUATED, entered_on=D(2023, 1, 1), graduated_on=D(2024, 12, 31))
    ResidencyFactory(
        stage=Residency.Stage.LEFT, entered_on=D(2023, 1, 1), left_on=D(2025, 5, 1), leaving_reason="经营不善"
    )
    assert indicators.residencies_started(start=START, end=D(2025, 6, 30))[0] == 2
    assert indicators.residencies_graduated(start=START, end=D(2025, 6, 30))[0] == 1
    assert indicators.residencies_started(start=D(2024, 1, 1), end=D(2024, 12, 31))[0] == 1


def test_carrier_subsidies_are_yuan_with_two_decimals_within_the_period():
    SubsidyFactory(granted_on=D(2025, 1, 1), amount=Decimal("100000.50"))
    SubsidyFactory(granted_on=D(2025, 6, 30), amount=Decimal("2000.25"))
    SubsidyFactory(granted_on=D(2025, 7, 1), amount=Decimal("999.00"))
    total, rows = indicators.carrier_subsidies(start=START, end=D(2025, 6, 30))
    assert total == Decimal("102000.75") and str(total) == "102000.75"
    assert rows.count() == 2
    assert indicators.carrier_subsidies(start=D(2020, 1, 1), end=D(2020, 12, 31))[0] == Decimal("0.00")


def test_carrier_evaluations_count_by_the_date_completed():
    EvaluationFactory(year=2024, evaluated_on=D(2025, 1, 15))
    EvaluationFactory(year=2025, evaluated_on=D(2025, 12, 10))
    EvaluationFactory(year=2023, evaluated_on=D(2024, 1, 20))
    assert indicators.carrier_evaluations(start=START, end=D(2025, 6, 30))[0] == 1
    assert indicators.carrier_evaluations(start=START, end=D(2025, 12, 31))[0] == 2


def test_characteristic_ventures_in_residence_keep_only_the_six_industries():
    ResidencyFactory(venture=VentureFactory(industry=Industry.AGRITECH))
    ResidencyFactory(venture=VentureFactory(industry=Industry.SMART_LOGISTICS))
    ResidencyFactory(venture=VentureFactory(industry=Industry.OTHER))
    number, ventures = indicators.characteristic_ventures_in_residence(start=START, end=D(2025, 6, 30))
    assert number == 2
    assert {v.industry for v in ventures} == {Industry.AGRITECH, Industry.SMART_LOGISTICS}
    assert indicators.characteristic_ventures_in_residence(start=START, end=D(2025, 2, 28))[0] == 0


def test_every_indicator_is_registered_and_returns_a_number_and_rows():
    assert set(indicators.INDICATORS) == {
        "carriers_active",
        "ventures_in_residence",
        "residencies_started",
        "residencies_graduated",
        "carrier_subsidies",
        "carrier_evaluations",
        "characteristic_ventures_in_residence",
    }
    for fn in indicators.INDICATORS.values():
        number, rows = fn(start=START, end=D(2025, 12, 31))
        assert number == 0 and rows.count() == 0
