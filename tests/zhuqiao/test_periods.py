"""The one period parser (METRICS.md, Periods): pages fall back to the current period, the API
refuses a malformed year. Every date comes from a fixed ``today``, never the wall clock."""

from __future__ import annotations

import datetime

import pytest

from zhuqiao.periods import FIRST_YEAR, Period, parse_as_of, parse_year, period_from

D = datetime.date
TODAY = D(2026, 5, 4)


def test_no_query_is_this_year_as_of_today() -> None:
    assert period_from({}, today=TODAY) == Period(2026, TODAY)


def test_a_past_year_is_as_of_its_31_december() -> None:
    assert period_from({"year": "2025"}, today=TODAY) == Period(2025, D(2025, 12, 31))


@pytest.mark.parametrize("year", ["abc", "20x6", "2025.0", "٢٠٢٥", " 2025", "0999", "85249", "-2025"])
def test_an_unparsable_year_is_the_current_year(year: str) -> None:
    assert period_from({"year": year}, today=TODAY) == Period(2026, TODAY)


@pytest.mark.parametrize("year", [str(FIRST_YEAR - 1), "2027", "2100"])
def test_a_year_out_of_range_is_the_current_year(year: str) -> None:
    assert period_from({"year": year}, today=TODAY) == Period(2026, TODAY)


def test_the_first_year_and_a_chosen_latest_year_are_in_range() -> None:
    assert period_from({"year": str(FIRST_YEAR)}, today=TODAY).year == FIRST_YEAR
    assert period_from({"year": "2027"}, today=TODAY, latest_year=2027) == Period(2027, D(2027, 12, 31))


def test_an_as_of_within_the_year_is_taken() -> None:
    period = period_from({"year": "2025", "as_of": "2025-06-30"}, today=TODAY)
    assert period == Period(2025, D(2025, 6, 30), as_of_chosen=True)
    assert period.start == D(2025, 1, 1)


@pytest.mark.parametrize("as_of", ["2024-06-30", "2026-01-01", "2025-02-30", "2025/06/30", "20250630", "yesterday"])
def test_an_as_of_in_another_year_or_malformed_is_the_years_default(as_of: str) -> None:
    assert period_from({"year": "2025", "as_of": as_of}, today=TODAY) == Period(2025, D(2025, 12, 31))


def test_an_as_of_of_another_year_in_the_current_year_is_today() -> None:
    assert period_from({"as_of": "2025-12-31"}, today=TODAY) == Period(2026, TODAY)


def test_the_leap_day_is_a_date_of_its_year() -> None:
    today = D(2028, 3, 15)
    assert period_from({"year": "2028", "as_of": "2028-02-29"}, today=today) == Period(
        2028, D(2028, 2, 29), as_of_chosen=True
    )
    # 29 February of a common year is no date: the year's default
    assert period_from({"year": "2027", "as_of": "2027-02-29"}, today=today) == Period(2027, D(2027, 12, 31))


def test_on_the_leap_day_itself_the_current_year_is_as_of_that_day() -> None:
    assert period_from({}, today=D(2028, 2, 29)) == Period(2028, D(2028, 2, 29))


@pytest.mark.parametrize("text", ["abc", "0999", "85249", "20x6", "-375", "２０２５"])
def test_the_api_parser_refuses_a_malformed_year(text: str) -> None:
    with pytest.raises(ValueError):
        parse_year(text)


def test_the_api_parser_takes_four_digits_and_nothing() -> None:
    assert parse_year("2026") == 2026
    assert parse_year("") is None and parse_year(None) is None
    assert parse_as_of("2028-02-29") == D(2028, 2, 29) and parse_as_of("") is None
    with pytest.raises(ValueError):
        parse_as_of("2027-02-29")
