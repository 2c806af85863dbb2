"""Targets per town, committee and department (METRICS.md, "Targets per committee and
department"), and the scorecards built on them.

A target is set for a year and a code, for the town (no committee, no department), one committee
or one department. Wherever a target exists for a scope, the snapshot of that scope carries
``<code>_target`` and ``<code>_completion`` (value / target × 100, one decimal). A committee's
target is not derived from the town's, and the town's is not the sum of the committees'.

Targets are written into each snapshot when it is stored (``apply_targets``), so a signed
snapshot keeps the targets it was signed with.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from metrics import definitions as d

# The columns of the committee scorecard: indicator 1 and the four clearance goals.
COMMITTEE_CODES: list[str] = [
    "policy_ventures",
    "successful_entrepreneurs",
    *[f"clearance_{group}_rate" for group in d.CLEARANCE_GROUPS],
]

# The satisfaction codes of METRICS.md, added to the snapshot by the satisfaction work (see
# ``department_values``); their labels here serve the target choices until they are in METRICS.
SATISFACTION_CODES: dict[str, Any] = {
    "satisfaction_ratings": _("满意度评价数"),
    "satisfaction_rate": _("满意率（%）"),
    "satisfaction_mean": _("平均满意度评分"),
}

# The columns of the department scorecard: the work departments run and how satisfied people were.
DEPARTMENT_CODES: dict[str, Any] = {
    "activities": _("主办活动场次"),
    "activity_participants": _("活动参与人次"),
    "training_cohorts": _("开班培训班"),
    **SATISFACTION_CODES,
}

DEPARTMENT_NOTES: dict[str, Any] = {
    "activities": _("统计期内该部门主办的活动场次。"),
    "activity_participants": _("统计期内该部门主办活动的实际参与人次合计。"),
    "training_cohorts": _("统计期内开班的、由该部门主办的培训班数量。"),
    "satisfaction_ratings": _("统计期内对该部门承办个案的满意度评价数。"),
    "satisfaction_rate": _("评分为4或5的评价占比（%）。"),
    "satisfaction_mean": _("评价的平均分（1–5）。"),
}

PERCENT_CODES = {"satisfaction_rate"}


def label(code: str) -> str:
    if code in d.METRICS:
        return str(d.METRICS[code].label)
    return str(DEPARTMENT_CODES.get(code, code))


def target_code_choices() -> list[tuple[str, str]]:
    """The codes a target can be set for: the headline numbers, the clearance bases, and the
    department numbers of the scorecard."""
    codes = list(dict.fromkeys([*d.TARGET_CODES, *DEPARTMENT_CODES]))
    return [(code, f"{label(code)}（{code}）") for code in codes]


def target_codes() -> set[str]:
    return {code for code, _label in target_code_choices()}


# --- reading targets ---------------------------------------------------------------------------------


@dataclass
class Targets:
    """The targets of a year by scope: ``town[code]``, ``areas[area_id][code]``,
    ``departments[department_id][code]``."""

    town: dict[str, Decimal]
    areas: dict[int, dict[str, Decimal]]
    departments: dict[int, dict[str, Decimal]]


def targets_of(year: int) -> Targets:
    """Every target of a year, in one query."""
    from metrics.models import Target

    result = Targets({}, defaultdict(dict), defaultdict(dict))
    for area_id, department_id, code, value in Target.objects.filter(year=year).values_list(
        "area_id", "department_id", "code", "value"
    ):
        if area_id is not None:
            result.areas[area_id][code] = value
        elif department_id is not None:
            result.departments[department_id][code] = value
        else:
            result.town[code] = value
    return result


def town_targets_filter() -> Q:
    return Q(area__isnull=True, department__isnull=True)


def completion(value: Decimal | None, target: Decimal | None) -> Decimal | None:
    """value / target × 100, one decimal; None without a target (or a zero target)."""
    if target is None:
        return None
    return d.ratio(value, target)


def _apply(values: dict[str, Any], targets: dict[str, Decimal]) -> None:
    for code, target in targets.items():
        if code not in values:
            continue
        values[f"{code}_target"] = target
        values[f"{code}_completion"] = completion(values[code], target)


def apply_targets(figures: Any) -> None:
    """Add ``<code>_target`` and ``<code>_completion`` to the figures of a snapshot for every
    scope that has a target of the snapshot's year (town, committees, departments if the
    figures have them). Called once per stored snapshot (one query)."""
    targets = targets_of(figures.year)
    _apply(figures.town, targets.town)
    for area_id, values in figures.areas.items():
        _apply(values, targets.areas.get(area_id, {}))
    for department_id, values in getattr(figures, "departments", {}).items():
        _apply(values, targets.departments.get(department_id, {}))


def is_target_code(code: str) -> bool:
    return code.endswith("_target") or code.endswith("_completion")


COUNT_CODES = {"activities", "activity_participants", "training_cohorts", "satisfaction_ratings"}


def json_number(code: str, value: Decimal | None) -> int | float | None:
    """A target or completion as a JSON number: a completion has one decimal, a target takes the
    kind of its number (a count is whole)."""
    if value is None:
        return None
    if code.endswith("_completion"):
        return float(value)
    base = code.removesuffix("_target")
    metric = d.METRICS.get(base)
    is_count = metric.kind == d.COUNT if metric is not None else base in COUNT_CODES
    return int(value) if is_count else float(value)


# --- department values -----------------------------------------------------------------------------


def department_values(year: int, as_of: datetime.date, snapshot: Any = None) -> dict[int, dict[str, Decimal | None]]:
    """The department numbers of the scorecard for ``[1 January year, as_of]``:
    activities organised, their participants and training cohorts started (two grouped
    queries), and the satisfaction codes from the snapshot's department rows when the snapshot
    has them (the satisfaction work stores them per department)."""
    from activities.models import Activity, TrainingCohort
    from zhuqiao.models import Department

    start = datetime.date(year, 1, 1)
    values: dict[int, dict[str, Decimal | None]] = {
        pk: dict.fromkeys(DEPARTMENT_CODES, None) for pk in Department.objects.values_list("pk", flat=True)
    }
    for row in values.values():
        row.update({"activities": Decimal(0), "activity_participants": Decimal(0), "training_cohorts": Decimal(0)})
    activities = (
        Activity.objects.filter(held_on__gte=start, held_on__lte=as_of)
        .order_by()
        .values("organiser_id")
        .annotate(n=Count("pk"), people=Sum("actual_participants"))
    )
    for organiser_id, count, people in activities.values_list("organiser_id", "n", "people"):
        values[organiser_id]["activities"] = Decimal(count)
        values[organiser_id]["activity_participants"] = Decimal(people or 0)
    cohorts = (
        TrainingCohort.objects.filter(start_date__gte=start, start_date__lte=as_of)
        .order_by()
        .values("organiser_id")
        .annotate(n=Count("pk"))
    )
    for organiser_id, count in cohorts.values_list("organiser_id", "n"):
        values[organiser_id]["training_cohorts"] = Decimal(count)
    if snapshot is not None:
        for department_id, code, value in satisfaction_by_department(snapshot):
            if department_id in values:
                values[department_id][code] = value
    return values


def satisfaction_by_department(snapshot: Any) -> list[tuple[int, str, Decimal | None]]:
    """HOOK (satisfaction): the satisfaction codes stored per department in the snapshot.

    The satisfaction work adds ``SnapshotValue.department`` and the codes of
    ``SATISFACTION_CODES``; until that is merged the snapshot has no department rows and the
    department scorecard shows the satisfaction columns empty ("—")."""
    from metrics.models import SnapshotValue

    if not any(field.name == "department" for field in SnapshotValue._meta.get_fields()):
        return []
    lookups: dict[str, Any] = {"snapshot": snapshot, "department__isnull": False, "code__in": list(SATISFACTION_CODES)}
    columns: list[str] = ["department_id", "code", "value"]
    return list(SnapshotValue.objects.filter(**lookups).values_list(*columns))


# --- the scorecards ------------------------------------------------------------------------------------


def band(completion_value: Decimal | float | None) -> str:
    """The colour band of a completion (CSS class): met (≥ 100 %), near (≥ 80 %), behind, none."""
    if completion_value is None:
        return "band-none"
    if completion_value >= 100:
        return "band-met"
    if completion_value >= 80:
        return "band-near"
    return "band-behind"


@dataclass
class Cell:
    code: str
    value: int | float | None
    target: int | float | None
    completion: float | None

    @property
    def band(self) -> str:
        return band(self.completion)


def _number(code: str, value: Decimal | None) -> int | float | None:
    if code in d.METRICS:
        return d.json_number(code, value)
    return json_number(f"{code}_target", value)


def cell(code: str, values: dict[str, Any], targets: dict[str, Decimal]) -> Cell:
    """One scorecard cell: the value of the scope, its target (as stored with the snapshot, else
    the target set now) and the completion."""
    value = values.get(code)
    target = values.get(f"{code}_target")
    if target is None:
        target = targets.get(code)
    stored_completion = values.get(f"{code}_completion")
    done = stored_completion if stored_completion is not None else completion(value, target)
    return Cell(
        code=code,
        value=_number(code, value),
        target=_number(code, target),
        completion=None if done is None else float(done),
    )


def committee_scorecard(snapshot: Any, *, area_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Committees × (indicator 1, the four clearance goals): one row per committee the user may
    see, each with its cells. Two queries."""
    from metrics.selectors import snapshot_values
    from zhuqiao.models import Area

    values = snapshot_values(snapshot, area_ids=area_ids)
    targets = targets_of(snapshot.year)
    areas = Area.objects.order_by("code")
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
    rows = []
    for area in areas:
        area_values = values.get(area.pk, {})
        rows.append(
            {
                "key": area.code,
                "name": area.name,
                "cells": [cell(code, area_values, targets.areas.get(area.pk, {})) for code in COMMITTEE_CODES],
            }
        )
    return rows


def department_scorecard(snapshot: Any) -> list[dict[str, Any]]:
    """Departments × (activities, participants, cohorts, satisfaction)."""
    from zhuqiao.models import Department

    values = department_values(snapshot.year, snapshot.as_of, snapshot)
    targets = targets_of(snapshot.year)
    rows = []
    for department in Department.objects.filter(is_active=True).order_by("sort_order", "code"):
        department_row = values.get(department.pk, {})
        rows.append(
            {
                "key": department.code,
                "name": department.name,
                "cells": [
                    cell(code, department_row, targets.departments.get(department.pk, {})) for code in DEPARTMENT_CODES
                ],
            }
        )
    return rows
