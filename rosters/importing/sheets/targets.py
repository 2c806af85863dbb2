"""年度目标 / targets: the yearly target of a metric code for the town, one committee (居村委编码)
or one department (部门), keyed by (年度, 指标, 居村委编码, 部门); both scope columns empty is the
town's target, and never both (DATA-CONTRACT.md). Centre staff only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from metrics.definitions import METRICS
from metrics.models import Target
from metrics.targets import target_codes
from rosters.importing.context import Cleaned, ImportContext
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class TargetKey:
    year: int
    metric: str
    area_code: str = ""  # "" = not a committee's target
    department_pk: int | None = None


@dataclass(frozen=True, slots=True)
class NewTarget:
    key: TargetKey
    value: Decimal


@dataclass(frozen=True, slots=True)
class TargetChange:
    pk: int
    value: Decimal


TargetsPlan = Plan[NewTarget, TargetChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> TargetsPlan:
    codes = set(METRICS) | target_codes()
    valid = []
    for row, (year, metric, value, area_code, department) in rows:
        if not context.scope.whole_town:
            row.error("year", _("居村委工作人员不能导入年度目标。"))
            continue
        if metric and metric not in codes:
            row.error("metric", _("指标代码 %(code)s 不存在（见指标口径说明）。") % {"code": metric})
        area_code = context.area_code(row, "area_code", area_code) or ""
        department_pk = context.catalogues.departments.get(department) if department else None
        if department and department_pk is None:
            row.error("department", _("部门“%(name)s”不存在。") % {"name": department})
        key = TargetKey(year, metric, area_code, department_pk)
        if row.failed or context.duplicate(row, key, "metric"):
            continue
        valid.append((key, value))
    code_of = context.keys.area_code_of
    stored = {
        TargetKey(year, code, code_of.get(area_id, "") if area_id else "", department_id): (pk, value)
        for pk, year, code, area_id, department_id, value in Target.objects.filter(
            year__in={key.year for key, _value in valid}
        ).values_list("pk", "year", "code", "area_id", "department_id", "value")
    }
    plan = TargetsPlan()
    for key, value in valid:
        existing = stored.get(key)
        if existing is None:
            plan.create.append(NewTarget(key, value))
            context.count("created")
        elif existing[1] == value:
            context.count("unchanged")
        else:
            plan.update.append(TargetChange(existing[0], value))
            context.count("updated")
    return plan


def write(plan: TargetsPlan, context: ImportContext) -> None:
    # Committees named by code may be new in this file's 居村委 sheet: their ids exist only now.
    areas = context.keys.areas
    Target.objects.bulk_create(
        [
            Target(
                year=new.key.year,
                code=new.key.metric,
                value=new.value,
                area_id=areas.pk(new.key.area_code) if new.key.area_code else None,
                department_id=new.key.department_pk,
            )
            for new in plan.create
        ]
    )
    Target.objects.bulk_update(
        [Target(pk=change.pk, value=change.value, updated_at=context.now) for change in plan.update],
        ["value", "updated_at"],
    )
    context.advance(len(plan))
