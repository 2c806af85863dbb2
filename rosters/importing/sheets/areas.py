"""居村委 / areas: the committees, keyed by code (centre staff only)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from rosters.importing.context import Cleaned, ImportContext
from rosters.importing.sheets.plan import Plan
from zhuqiao.models import Area


@dataclass(frozen=True, slots=True)
class NewArea:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class AreaChange:
    pk: int
    name: str
    kind: str


AreasPlan = Plan[NewArea, AreaChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> AreasPlan:
    plan = AreasPlan()
    areas = context.keys.areas
    for row, (code, name, kind) in rows:
        if not context.scope.whole_town:
            row.error("code", _("居村委工作人员不能导入居村委表。"))
            continue
        if row.failed or context.duplicate(row, code, "code"):
            continue
        stored = areas.stored.get(code)
        if stored is None:
            plan.create.append(NewArea(code, name, kind))
            areas.new.add(code)
            context.count("created")
        elif (stored[1], stored[2]) != (name, kind):
            plan.update.append(AreaChange(stored[0], name, kind))
            context.count("updated")
        else:
            context.count("unchanged")
    return plan


def write(plan: AreasPlan, context: ImportContext) -> None:
    Area.objects.bulk_create([Area(code=a.code, name=a.name, kind=a.kind) for a in plan.create])
    Area.objects.bulk_update([Area(pk=a.pk, name=a.name, kind=a.kind) for a in plan.update], ["name", "kind"])
    if plan.create:
        context.keys.areas_written()
    context.advance(len(plan))
