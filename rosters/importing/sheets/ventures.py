"""创业组织 / ventures, keyed by 统一社会信用代码; the founder must be a person of the file or stored."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from entrepreneurs.models import Venture
from rosters.importing.context import BATCH, Cleaned, ImportContext, stored_by
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class NewVenture:
    code: str
    name: str
    kind: str
    registered_on: datetime.date
    area: str
    industry: str
    founder: str


@dataclass(frozen=True, slots=True)
class VentureChange:
    pk: int
    venture: NewVenture


VenturesPlan = Plan[NewVenture, VentureChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> VenturesPlan:
    keys = context.keys
    valid = []
    for row, (code, name, kind, registered_on, area_text, industry, founder) in rows:
        area = context.area_code(row, "area_code", area_text)
        if row.failed or context.duplicate(row, code, "credit_code"):
            continue
        valid.append((row, NewVenture(code, name, kind, registered_on, area or "", industry, founder)))
    keys.persons.lookup(venture.founder for _row, venture in valid)
    stored = dict(
        stored_by(
            Venture,
            "credit_code",
            [venture.code for _row, venture in valid],
            "pk",
            "name",
            "kind",
            "registered_on",
            "area_id",
            "industry",
            "founder_id",
        )
    )
    plan = VenturesPlan()
    for row, venture in valid:
        founder = keys.persons.get(venture.founder)
        if founder is None:
            row.error("founder_id_number", _("法定代表人未登记，也不在本文件的“人员”表中。"))
            continue
        existing = stored.get(venture.code)
        if existing is not None and not context.stored_in_scope(existing[4]):
            row.error("credit_code", _("该创业组织已登记在其他居村委，无权修改。"))
            continue
        if existing is None:
            keys.ventures.put(venture.code, None, venture.area)
            plan.create.append(venture)
            context.count("created")
            continue
        keys.ventures.put(venture.code, existing[0], venture.area)
        now = (venture.name, venture.kind, venture.registered_on, venture.area, venture.industry, founder.pk)
        if (*existing[1:4], keys.area_code_of.get(existing[4]), *existing[5:7]) == now:
            context.count("unchanged")
        else:
            plan.update.append(VentureChange(existing[0], venture))
            context.count("updated")
    return plan


def _venture(venture: NewVenture, context: ImportContext, pk: int | None = None) -> Venture:
    return Venture(
        pk=pk,
        credit_code=venture.code,
        name=venture.name,
        kind=venture.kind,
        registered_on=venture.registered_on,
        area_id=context.keys.areas.pk(venture.area),
        industry=venture.industry,
        founder_id=context.keys.persons.pk(venture.founder),
    )


def write(plan: VenturesPlan, context: ImportContext) -> None:
    made = Venture.objects.bulk_create([_venture(new, context) for new in plan.create], batch_size=BATCH)
    for venture in made:
        context.keys.ventures.put(venture.credit_code, venture.pk, context.keys.area_code_of[venture.area_id])
    changed = []
    for change in plan.update:
        venture = _venture(change.venture, context, change.pk)
        venture.updated_at = context.now
        changed.append(venture)
    Venture.objects.bulk_update(
        changed,
        ["name", "kind", "registered_on", "area", "industry", "founder", "updated_at"],
        batch_size=BATCH,
    )
    context.advance(len(plan))
