"""The metrics engine: every code of METRICS.md for a year as of a date, town-wide and per
committee, counted by the database (one grouped query per number for all the periods of a run,
see ``metrics.counting``; never a query per committee, never rows looped over in Python).

Indicator 1 is defined here from the venture, policy-benefit and case registers (the querysets
below list the records behind a number). The clearance goals are defined by
``jobseekers.clearance`` (the people register owns them): its querysets serve the worklists and
drill-downs, and the many-period counts of ``metrics.counting`` are tested to agree with them.
Indicators 2 to 7 come from each app's ``indicators`` module. A piece that is missing leaves
its codes empty (null) with a note; it never fails the run.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from metrics import definitions as d
from metrics.counting import founder_had_startup_case

log = logging.getLogger(__name__)

RECORD_APPS = ("activities", "incubators", "entrepreneurs", "cases")
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
    """The numbers of one snapshot: town-wide, and per committee (by area id)."""

    year: int
    as_of: datetime.date
    town: dict[str, Value] = field(default_factory=dict)
    areas: AreaValues = field(default_factory=dict)
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


def clearance_module() -> Any | None:
    if importlib.util.find_spec("jobseekers.clearance") is None:
        return None
    return importlib.import_module("jobseekers.clearance")


def clearance_querysets(group: str, period: Period) -> tuple[QuerySet[Any], QuerySet[Any]] | None:
    """(base, employed-or-cleared) for a group, or None when the people register has no definition."""
    module = clearance_module()
    if module is None:
        return None
    kwargs = {"year": period.year, "as_of": period.as_of}
    if group == "household":
        return module.household_base(**kwargs), module.household_cleared(**kwargs)
    return module.clearance_base(group=group, **kwargs), module.clearance_employed(group=group, **kwargs)


def clearance_worklist(group: str, period: Period) -> QuerySet[Any] | None:
    module = clearance_module()
    if module is None:
        return None
    kwargs = {"year": period.year, "as_of": period.as_of}
    if group == "household":
        return module.household_worklist(**kwargs)
    return module.clearance_worklist(group=group, **kwargs)


# --- indicators 2 to 7 ------------------------------------------------------------------------------


def record_indicators() -> tuple[dict[str, Callable[..., Any]], list[str]]:
    """Every app's ``INDICATORS``; missing apps are named in the notes."""
    found: dict[str, Callable[..., Any]] = {}
    missing = []
    for app in RECORD_APPS:
        name = f"{app}.indicators"
        try:
            spec = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            spec = None
        if spec is None:
            missing.append(app)
            continue
        module = importlib.import_module(name)
        found.update({code: f for code, f in getattr(module, "INDICATORS", {}).items() if code in d.RECORD_CODES})
    return found, missing


def record_value(
    code: str, period: Period, functions: dict[str, Callable[..., Any]]
) -> tuple[Value, QuerySet[Any] | None]:
    f = functions.get(code)
    if f is None:
        return None, None
    value, queryset = f(start=period.start, end=period.as_of)
    return (None if value is None else Decimal(str(value))), queryset


# --- the engine -------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """Counts of one period that both a snapshot and its year-later neighbour need."""

    town: dict[str, Value]
    areas: AreaValues


class Engine:
    """Computes snapshots; remembers the counts of each period so a year's month-ends and their
    year-earlier comparisons are each counted once per run."""

    def __init__(self, *, area_ids: list[int], targets: dict[tuple[int, str], Decimal] | None = None) -> None:
        self.area_ids = area_ids
        self.targets = targets or {}
        self.functions, self.missing_apps = record_indicators()
        self._raw: dict[tuple[int, datetime.date], _Raw] = {}
        self._records: dict[tuple[str, datetime.date, datetime.date], Value] = {}
        self.has_clearance = clearance_module() is not None

    def raw(self, period: Period) -> _Raw:
        key = (period.year, period.as_of)
        if key not in self._raw:
            self.prepare([period])
        return self._raw[key]

    def prepare(self, periods: list[Period]) -> None:
        """Count every period not counted yet, all at once (one grouped query per number)."""
        from metrics import counting

        todo = sorted({(p.year, p.as_of) for p in periods} - set(self._raw))
        if not todo:
            return
        raws = {key: _Raw({}, {area_id: {} for area_id in self.area_ids}) for key in todo}

        def put(code: str, results: dict[str, tuple[int, dict[int, int]]] | None, prefix: str) -> None:
            for i, key in enumerate(todo):
                raw = raws[key]
                if results is None:
                    raw.town[code] = None
                    for values in raw.areas.values():
                        values[code] = None
                    continue
                total, per_area = results[f"{prefix}{i}"]
                raw.town[code] = Decimal(total)
                for area_id, values in raw.areas.items():
                    values[code] = Decimal(per_area.get(area_id, 0))

        put("policy_ventures", counting.policy_ventures(todo), "p")
        put("successful_entrepreneurs", counting.successful_entrepreneurs(todo), "p")
        for group in d.CLEARANCE_GROUPS:
            done = "cleared" if group == "household" else "employed"
            if not self.has_clearance:
                results = None
            elif group == "household":
                results = counting.households(todo)
            else:
                results = counting.person_group(group, todo)
            put(f"clearance_{group}_base", results, "b")
            put(f"clearance_{group}_{done}", results, "e")
        self._raw.update(raws)

    def record(self, code: str, period: Period) -> Value:
        key = (code, period.start, period.as_of)
        if key not in self._records:
            try:
                self._records[key] = record_value(code, period, self.functions)[0]
            except Exception:  # another app's bug must not take the whole dashboard down
                log.exception("indicator %s failed", code)
                self._records[key] = None
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
        for code in d.RECORD_CODES:
            if not with_records:
                result.town.update({code: None, f"{code}_last": None, f"{code}_yoy": None})
                continue
            value, value_last = self.record(code, period), self.record(code, period.last)
            result.town[code] = value
            result.town[f"{code}_last"] = value_last
            result.town[f"{code}_yoy"] = d.growth(value, value_last)
        if not with_records:
            result.notes["month_end"] = "月末快照只含指标一和清零目标（供趋势图使用）；指标二至七见该年度的主快照。"
        if not self.has_clearance:
            result.notes["clearance"] = "jobseekers.clearance 尚未提供：清零目标暂为空。"
        missing = [code for code in d.RECORD_CODES if code not in self.functions]
        if missing:
            result.notes["records"] = "尚未提供统计口径的指标：" + ", ".join(missing)
        return result

    @staticmethod
    def _derive(this: dict[str, Value], last: dict[str, Value], target: Decimal | None) -> dict[str, Value]:
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
        return out
