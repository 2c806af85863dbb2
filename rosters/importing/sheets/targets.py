"""年度目标 / targets: the town's yearly target of a metric code, keyed by (年度, 指标).

Centre staff only. The key is a :class:`TargetKey`: per-committee and per-department targets
(optional 居村委编码 / 部门 columns of DATA-CONTRACT.md) add their two parts to it once
``metrics.Target`` stores them; today every target is the town's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from metrics.definitions import METRICS
from metrics.models import Target
from rosters.importing.context import Cleaned, ImportContext
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class TargetKey:
    year: int
    metric: str


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
    valid = []
    for row, (year, metric, value) in rows:
        if not context.scope.whole_town:
            row.error("year", _("居村委工作人员不能导入年度目标。"))
            continue
        if metric and metric not in METRICS:
            row.error("metric", _("指标代码 %(code)s 不存在（见指标口径说明）。") % {"code": metric})
        key = TargetKey(year, metric)
        if row.failed or context.duplicate(row, key, "metric"):
            continue
        valid.append((key, value))
    stored = {
        TargetKey(year, code): (pk, value)
        for pk, year, code, value in Target.objects.filter(year__in={key.year for key, _value in valid}).values_list(
            "pk", "year", "code", "value"
        )
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
    Target.objects.bulk_create([Target(year=new.key.year, code=new.key.metric, value=new.value) for new in plan.create])
    Target.objects.bulk_update(
        [Target(pk=change.pk, value=change.value, updated_at=context.now) for change in plan.update],
        ["value", "updated_at"],
    )
    context.advance(len(plan))
