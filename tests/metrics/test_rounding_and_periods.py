"""Rounding half away from zero, growth, rates, points, periods and 29 February."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from metrics import definitions as d

D = datetime.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("6.25"), Decimal("6.3")),
        (Decimal("-6.25"), Decimal("-6.3")),
        (Decimal("6.35"), Decimal("6.4")),  # banker's rounding would give 6.4 too; 6.25 is the tell
        (Decimal("0.05"), Decimal("0.1")),
        (Decimal("-0.05"), Decimal("-0.1")),
        (Decimal("6.24999"), Decimal("6.2")),
        (2.675, Decimal("2.7")),  # floats are taken by their shortest repr, not their binary value
    ],
)
def test_round_half_up_rounds_half_away_from_zero(value: Decimal, expected: Decimal) -> None:
    assert d.round_half_up(value) == expected


def test_rates_and_growth_round_from_exact_values() -> None:
    assert d.ratio(1, 16) == Decimal("6.3")  # 6.25 exactly
    assert d.ratio(2, 3) == Decimal("66.7")
    assert d.ratio(0, 5) == Decimal("0.0")
    assert d.ratio(3, 0) is None  # zero base
    assert d.growth(17, 16) == Decimal("6.3")  # +6.25 %
    assert d.growth(15, 16) == Decimal("-6.3")  # -6.25 %
    assert d.growth(5, 0) is None
    assert d.growth(0, 4) == Decimal("-100.0")


def test_rate_yoy_is_the_difference_of_the_rounded_rates() -> None:
    assert d.points(Decimal("66.7"), Decimal("60.4")) == Decimal("6.3")
    assert d.points(Decimal("60.4"), Decimal("66.7")) == Decimal("-6.3")
    assert d.points(None, Decimal("1.0")) is None
    assert d.points(Decimal("1.0"), None) is None


def test_the_year_earlier_of_29_february_is_28_february() -> None:
    assert d.year_earlier(D(2024, 2, 29)) == D(2023, 2, 28)
    assert d.year_earlier(D(2025, 3, 1)) == D(2024, 3, 1)
    assert d.year_earlier(D(2025, 2, 28)) == D(2024, 2, 28)


def test_default_as_of_is_today_this_year_else_31_december() -> None:
    assert d.default_as_of(2026, D(2026, 5, 4)) == D(2026, 5, 4)
    assert d.default_as_of(2025, D(2026, 5, 4)) == D(2025, 12, 31)


def test_month_ends_include_29_february_in_a_leap_year() -> None:
    assert d.month_ends(2024, D(2024, 3, 30)) == [D(2024, 1, 31), D(2024, 2, 29)]
    assert len(d.month_ends(2023, D(2023, 12, 31))) == 12


def test_json_numbers_are_whole_counts_money_with_cents_and_rates_with_one_decimal() -> None:
    assert d.json_number("policy_ventures", Decimal("41.00")) == 41
    assert isinstance(d.json_number("policy_ventures", Decimal("41.00")), int)
    assert d.json_number("funds_invested", Decimal("1234.50")) == 1234.5
    assert d.json_number("clearance_graduate_rate", Decimal("96.30")) == 96.3
    assert d.json_number("policy_ventures_yoy", None) is None


def test_every_code_of_metrics_md_is_defined_with_a_chinese_note() -> None:
    expected = {"policy_ventures", "policy_ventures_last", "policy_ventures_yoy", "successful_entrepreneurs"}
    expected |= {"successful_entrepreneurs_target", "successful_entrepreneurs_completion"}
    for group in ("difficulty", "unemployed", "graduate", "household"):
        done = "cleared" if group == "household" else "employed"
        expected |= {f"clearance_{group}_{s}" for s in ("base", done, "rate", "rate_last", "rate_yoy")}
    for code in d.RECORD_CODES:
        expected |= {code, f"{code}_last", f"{code}_yoy"}
    assert expected <= set(d.METRICS)
    assert len(d.RECORD_CODES) == 18
    for metric in d.METRICS.values():
        assert str(metric.note) and str(metric.label)
