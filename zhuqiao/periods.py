"""The metric period of a page or an API call, read from ``year`` and ``as_of`` in the query
string: the one parser every app uses (METRICS.md, "Periods").

The rule of ``period_from``: a year from ``FIRST_YEAR`` to ``latest_year`` (by default the
current year) is taken; a year that is absent, unparsable or out of that range is the current
year. An ``as_of`` that is a date within the year is taken; absent, unparsable or in another year,
it is the year's default as-of date: today for the current year, 31 December otherwise.

Pages never fail on a bad period, they show the current one. The API is strict instead: it asks
``parse_year`` / ``parse_as_of`` and answers 400 on the ``ValueError`` they raise.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

FIRST_YEAR = 2000


@dataclass(frozen=True)
class Period:
    """``[1 January year, as_of]``, both ends included. ``as_of_chosen`` says the query named
    ``as_of`` (pages that show the latest figures of a year when it did not need to know)."""

    year: int
    as_of: datetime.date
    as_of_chosen: bool = False

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)


def default_as_of(year: int, today: datetime.date) -> datetime.date:
    """Today for the current year, else 31 December of the year (METRICS.md, Periods)."""
    return today if year == today.year else datetime.date(year, 12, 31)


def parse_year(text: str | None) -> int | None:
    """A year written as four digits (1000-9999); None when absent, ValueError when malformed."""
    if text is None or text == "":
        return None
    if not (len(text) == 4 and text.isascii() and text.isdigit() and text[0] != "0"):
        raise ValueError(f"not a four-digit year: {text!r}")
    return int(text)


def parse_as_of(text: str | None) -> datetime.date | None:
    """A date written YYYY-MM-DD; None when absent, ValueError when malformed."""
    if text is None or text == "":
        return None
    if not (len(text) == 10 and text.isascii()):
        raise ValueError(f"not a YYYY-MM-DD date: {text!r}")
    return datetime.date.fromisoformat(text)


def period_from(query: Mapping[str, str], *, today: datetime.date, latest_year: int | None = None) -> Period:
    """The period a page shows for ``query`` (``request.GET``), by the rule of this module."""
    last = today.year if latest_year is None else latest_year
    try:
        year = parse_year(query.get("year"))
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= last:
        year = today.year
    try:
        as_of = parse_as_of(query.get("as_of"))
    except ValueError:
        as_of = None
    if as_of is None or as_of.year != year:
        return Period(year, default_as_of(year, today))
    return Period(year, as_of, as_of_chosen=True)
