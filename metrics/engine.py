"""The metrics engine: every code of METRICS.md for a year as of a date, town-wide, per
committee and (satisfaction) per department, counted by the database (one grouped query per
number for all the periods of a run, see ``metrics.counting``; never a query per committee, never
rows looped over in Python).

Indicator 1 is defined here from the venture, policy-benefit and case registers (the querysets
below list the records behind a number). The clearance goals are defined by
``jobseekers.clearance`` (the people register owns them): its querysets serve the worklists and
drill-downs, and the many-period counts of ``metrics.counting`` are tested to agree with them.
Indicators 2 to 7 are the computations the record-keeping apps register (``metrics.registry``).
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from jobseekers import clearance
from metrics import definitions as d
from metrics import registry
from metrics.counting import founder_had_startup_case

log = logging.getLogger(__name__)

Value = Decimal | None
AreaValues = dict[int, dict[str, Value]]


@dataclass
class Period:
    """``[1 January year, as_of]``, both ends included."""

    year: int
    as_of: datetime.date

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last(self) -> Period:
        return Period(self.year - 1, d.year_earlier(self.as_of))


@dataclass
class Figures:
    """The numbers of one snapshot: town-wide, per committee (by area id) and per department
    (by department id, satisfaction only)."""

    year: int
    as_of: datetime.date
    town: dict[str, Value] = field(default_factory=dict)
    areas: AreaValues = field(default_factory=dict)
    departments: dict[int, dict[str, Value]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


# --- indicator 1 ---------------------------------------------------------------------------------


def policy_ventures_queryset(period: Period) -> QuerySet[Any]:
    """Ventures with a city- or district-level benefit granted within the period."""
    from entrepreneurs.models import Policy, PolicyBenefit, Venture

    benefits = PolicyBenefit.objects.filter(
        venture=OuterRef("pk"),
        policy__level__in=[Policy.Level.CITY, Policy.Level.DISTRICT],
        granted_on__gte=period.start,
        granted_on__lte=period.as_of,
    )
    return Venture.objects.filter(Exists(benefits))


def successful_ventures_queryset(period: Period) -> QuerySet[Any]:
    """Ventures registered within the period whose founder had a startup case opened 0–365 days
    before (or on) the registration date."""
    from entrepreneurs.models import Venture

    return Venture.objects.filter(
        registered_on__gte=period.start, registered_on__lte=period.as_of, founder__isnull=False
    ).filter(founder_had_startup_case())


# --- clearance goals (definitions owned by jobseekers.clearance) -------------------------------------


def clearance_querysets(group: str, period: Period) -> tuple[QuerySet[Any], QuerySet[Any]]:
    """(base, employed-or-cleared) of a group, as defined by the people register."""
    year, as_of = period.year, period.as_of
    if group == "household":
        return clearance.household_base(year=year, as_of=as_of), clearance.household_cleared(year=year, as_of=as_of)
    return (
        clearance.clearance_base(group=group, year=year, as_of=as_of),
        clearance.clearance_employed(group=group, year=year, as_of=as_of),
    )


def clearance_worklist(group: str, period: Period) -> QuerySet[Any]:
    if group == "household":
        return clearance.household_worklist(year=period.year, as_of=period.as_of)
    return clearance.clearance_worklist(group=group, year=period.year, as_of=period.as_of)


# --- satisfaction ------------------------------------------------------------------------------------


def satisfaction_ratings_queryset(period: Period) -> QuerySet[Any]:
    """The ratings given within the period (``rated_at`` as a date in Asia/Shanghai)."""
    from cases.models import SatisfactionRating

    return SatisfactionRating.objects.filter(rated_at__date__gte=period.start, rated_at__date__lte=period.as_of)


# --- indicators 2 to 7 ------------------------------------------------------------------------------


def record_value(code: str, period: Period) -> tuple[Value, QuerySet[Any]]:
    """The number of a code of indicators 2 to 7 and its rows (registered by the app that keeps
    the records; KeyError when nothing is registered, caught by the system check first)."""
    return registry.computation(code).value(period.start, period.as_of)


# --- the engine -------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """Counts of one period that both a snapshot and its year-later neighbour need."""

    town: dict[str, Value]
    areas: AreaValues
    departments: dict[int, dict[str, Value]] = field(default_factory=dict)


SATISFACTION_RAW = ("satisfaction_ratings", "satisfaction_good", "satisfaction_score_sum")

# The families of numbers, each counted by its own queries; a refresh after an edit counts only
# the families the changed records feed (``metrics.freshness``) and keeps the others.
FAMILIES = frozenset({"indicator_one", "clearance", "satisfaction", "records"})


def code_family(code: str) -> str:
    """The family of a code of a snapshot (with its ``_last``, ``_yoy``, ``_target`` and
    ``_completion`` forms): indicator 1, the clearance goals, satisfaction, or indicators 2-7."""
    if code.startswith("clearance_"):
        return "clearance"
    if code.startswith("satisfaction_"):
        return "satisfaction"
    if code.startswith(("policy_ventures", "successful_entrepreneurs")):
        return "indicator_one"
    return "records"


class Engine:
    """Computes snapshots; remembers the counts of each period so a year's month-ends and their
    year-earlier comparisons are each counted once per run."""

    def __init__(
        self,
        *,
        area_ids: list[int],
        targets: dict[tuple[int, str], Decimal] | None = None,
        department_ids: list[int] | None = None,
    ) -> None:
        self.area_ids = area_ids
        self.department_ids = department_ids or []
        self.targets = targets or {}
        self._raw: dict[tuple[int, datetime.date], _Raw] = {}
        self._records: dict[tuple[str, datetime.date, datetime.date], tuple[Value, dict[int, Decimal]]] = {}

    def raw(self, period: Period) -> _Raw:
        key = (period.year, period.as_of)
        if key not in self._raw:
            self.prepare([period])
        return self._raw[key]

    def prepare(self, periods: list[Period], families: frozenset[str] = FAMILIES) -> None:
        """Count every period not counted yet, all at once (one grouped query per number). Only
        the numbers of ``families`` are counted; the others are left at zero (a refresh that
        stores those families only, see ``code_family``)."""
        from metrics import counting

        todo = sorted({(p.year, p.as_of) for p in periods} - set(self._raw))
        if not todo:
            return
        raws = {
            key: _Raw({}, {area_id: {} for area_id in self.area_ids}, {dept_id: {} for dept_id in self.department_ids})
            for key in todo
        }

        def put(code: str, results: dict[str, tuple[int, dict[int, int]]], prefix: str) -> None:
            for i, key in enumerate(todo):
                raw = raws[key]
                total, per_area = results[f"{prefix}{i}"]
                raw.town[code] = Decimal(total)
                for area_id, values in raw.areas.items():
                    values[code] = Decimal(per_area.get(area_id, 0))

        zero: dict[str, tuple[int, dict[int, int]]] = {
            f"{prefix}{i}": (0, {}) for prefix in "pbengs" for i in range(len(todo))
        }
        indicator_one = "indicator_one" in families
        put("policy_ventures", counting.policy_ventures(todo) if indicator_one else zero, "p")
        put("successful_entrepreneurs", counting.successful_entrepreneurs(todo) if indicator_one else zero, "p")
        for group in d.CLEARANCE_GROUPS:
            done = "cleared" if group == "household" else "employed"
            if "clearance" not in families:
                results = zero
            elif group == "household":
                results = counting.households(todo)
            else:
                results = counting.person_group(group, todo)
            put(f"clearance_{group}_base", results, "b")
            put(f"clearance_{group}_{done}", results, "e")
        if "satisfaction" in families:
            by_area, by_department = counting.satisfaction(todo)
        else:
            by_area, by_department = zero, {name: {} for name in zero}
        for prefix, code in zip("ngs", SATISFACTION_RAW, strict=True):
            put(code, by_area, prefix)
            for i, key in enumerate(todo):
                per_department = by_department[f"{prefix}{i}"]
                for dept_id, values in raws[key].departments.items():
                    values[code] = Decimal(per_department.get(dept_id, 0))
        self._raw.update(raws)

    def record(self, code: str, period: Period) -> tuple[Value, dict[int, Decimal]]:
        """A number of indicators 2 to 7 for the town and, where its records have a committee,
        per committee."""
        key = (code, period.start, period.as_of)
        if key not in self._records:
            computation = registry.computation(code)
            value, rows = computation.value(period.start, period.as_of)
            self._records[key] = (value, computation.by_area(rows))
        return self._records[key]

    def figures(self, year: int, as_of: datetime.date, *, with_records: bool = True) -> Figures:
        """The numbers of one snapshot. Without ``with_records`` (the month-end snapshots that
        feed the trend charts) indicators 2 to 7 are left empty, with a note."""
        period = Period(year, as_of)
        result = Figures(year=year, as_of=as_of)
        this, last = self.raw(period), self.raw(period.last)
        target = self.targets.get((year, "successful_entrepreneurs"))
        result.town = self._derive(this.town, last.town, target)
        for area_id in self.area_ids:
            result.areas[area_id] = self._derive(this.areas[area_id], last.areas[area_id], None)
        for dept_id in self.department_ids:
            result.departments[dept_id] = self._satisfaction(this.departments[dept_id], last.departments[dept_id])
        for code in d.RECORD_CODES:
            per_area = code in d.RECORD_AREA_CODES
            if not with_records:
                empty = {code: None, f"{code}_last": None, f"{code}_yoy": None}
                result.town.update(empty)
                if per_area:
                    for values in result.areas.values():
                        values.update(empty)
                continue
            (value, areas), (value_last, areas_last) = self.record(code, period), self.record(code, period.last)
            result.town.update(self._growth(code, value, value_last))
            if per_area:
                zero = Decimal("0.00") if d.METRICS[code].kind == d.MONEY else Decimal(0)
                for area_id, values in result.areas.items():
                    values.update(self._growth(code, areas.get(area_id, zero), areas_last.get(area_id, zero)))
        if not with_records:
            result.notes["month_end"] = (
                "月末快照只含指标一、清零目标和满意度（供趋势图使用）；指标二至七见该年度的主快照。"
            )
        return result

    @staticmethod
    def _growth(code: str, value: Value, value_last: Value) -> dict[str, Value]:
        return {code: value, f"{code}_last": value_last, f"{code}_yoy": d.growth(value, value_last)}

    @staticmethod
    def _satisfaction(this: dict[str, Value], last: dict[str, Value]) -> dict[str, Value]:
        """The satisfaction codes of METRICS.md from the raw counts of the two periods."""
        out: dict[str, Value] = {}
        numbers = {}
        for name, raw in (("this", this), ("last", last)):
            count, good, total = (raw[code] for code in SATISFACTION_RAW)
            numbers[name] = (count, d.ratio(good, count), d.mean(total, count))
        (count, rate, mean), (count_last, rate_last, mean_last) = numbers["this"], numbers["last"]
        out["satisfaction_ratings"] = count
        out["satisfaction_ratings_last"] = count_last
        out["satisfaction_ratings_yoy"] = d.growth(count, count_last)
        out["satisfaction_rate"] = rate
        out["satisfaction_rate_last"] = rate_last
        out["satisfaction_rate_yoy"] = d.points(rate, rate_last)
        out["satisfaction_mean"] = mean
        out["satisfaction_mean_last"] = mean_last
        out["satisfaction_mean_yoy"] = d.difference(mean, mean_last)
        return out

    @classmethod
    def _derive(cls, this: dict[str, Value], last: dict[str, Value], target: Decimal | None) -> dict[str, Value]:
        out: dict[str, Value] = {}
        out["policy_ventures"] = this["policy_ventures"]
        out["policy_ventures_last"] = last["policy_ventures"]
        out["policy_ventures_yoy"] = d.growth(this["policy_ventures"], last["policy_ventures"])
        out["successful_entrepreneurs"] = this["successful_entrepreneurs"]
        out["successful_entrepreneurs_last"] = last["successful_entrepreneurs"]
        out["successful_entrepreneurs_yoy"] = d.growth(
            this["successful_entrepreneurs"], last["successful_entrepreneurs"]
        )
        out["successful_entrepreneurs_target"] = target
        out["successful_entrepreneurs_completion"] = d.ratio(this["successful_entrepreneurs"], target)
        for group in d.CLEARANCE_GROUPS:
            done = "cleared" if group == "household" else "employed"
            base, employed = this[f"clearance_{group}_base"], this[f"clearance_{group}_{done}"]
            rate = d.ratio(employed, base)
            rate_last = d.ratio(last[f"clearance_{group}_{done}"], last[f"clearance_{group}_base"])
            out[f"clearance_{group}_base"] = base
            out[f"clearance_{group}_{done}"] = employed
            out[f"clearance_{group}_rate"] = rate
            out[f"clearance_{group}_rate_last"] = rate_last
            out[f"clearance_{group}_rate_yoy"] = d.points(rate, rate_last)
        out.update(cls._satisfaction(this, last))
        return out
