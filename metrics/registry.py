"""The computations of indicators 2 to 7, registered with metrics by code.

The apps that keep the records define the counting (``<app>/indicators.py``: a function of the
period ``[start, end]`` returning the number and the rows it was counted from); metrics registers
them in its ``AppConfig.ready()`` with plain imports (``metrics.indicators``). Nothing is found by
name at run time: a code without a computation fails the system check ``metrics.E001`` and the
test suite, instead of leaving a null on the dashboard.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum

Compute = Callable[..., tuple[Any, QuerySet[Any]]]


@dataclass(frozen=True)
class Computation:
    """A number of indicators 2 to 7: ``compute(start=, end=) -> (value, rows)``.

    ``area_path`` is the lookup from a row to its committee (``"area"``, ``"venture__area"``)
    when the records have one: the number is then also counted per committee, by grouping the
    same rows (a count of distinct rows, or the sum of ``sum_field``).
    """

    code: str
    compute: Compute
    area_path: str | None = None
    sum_field: str | None = None

    def value(self, start: datetime.date, end: datetime.date) -> tuple[Decimal | None, QuerySet[Any]]:
        value, rows = self.compute(start=start, end=end)
        return (None if value is None else Decimal(str(value))), rows

    def by_area(self, rows: QuerySet[Any]) -> dict[int, Decimal]:
        """``{area_id: value}`` over the rows ``value`` returned for a period, in one grouped
        query (committees without rows absent)."""
        if self.area_path is None:
            return {}
        aggregate = Sum(self.sum_field) if self.sum_field else Count("pk", distinct=True)
        grouped = rows.order_by().values(self.area_path).annotate(n=aggregate)
        result: dict[int, Decimal] = {}
        for row in grouped:
            area_id, number = row[self.area_path], row["n"]
            if area_id is not None and number:
                result[area_id] = Decimal(str(number)).quantize(Decimal("0.01")) if self.sum_field else Decimal(number)
        return result

    def rows_in_area(self, rows: QuerySet[Any], area_id: int) -> QuerySet[Any]:
        if self.area_path is None:
            return rows.none()
        return rows.filter(**{self.area_path: area_id})


_computations: dict[str, Computation] = {}


def register(code: str, compute: Compute, *, area_path: str | None = None, sum_field: str | None = None) -> None:
    """Register the computation of a code (again for the same function is harmless)."""
    existing = _computations.get(code)
    if existing is not None and existing.compute is not compute:
        raise ValueError(f"metric {code} already has a computation ({existing.compute.__module__})")
    _computations[code] = Computation(code, compute, area_path, sum_field)


def computation(code: str) -> Computation:
    """The computation of a code; KeyError when none is registered (a programming error)."""
    return _computations[code]


def registered() -> dict[str, Computation]:
    return dict(_computations)
