"""家庭 / households, keyed by household number; also the households a person names that no
row of 家庭 has (created with the person's committee)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jobseekers.models import Household
from rosters.importing.context import BATCH, CHUNK, Cleaned, ImportContext, chunks
from rosters.importing.copying import insert_rows
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class NewHousehold:
    number: str
    area: str


@dataclass(frozen=True, slots=True)
class HouseholdChange:
    pk: int
    area: str


HouseholdsPlan = Plan[NewHousehold, HouseholdChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> HouseholdsPlan:
    households = context.keys.households
    valid = []
    for row, (number, area_text) in rows:
        area = context.area_code(row, "area_code", area_text)
        if row.failed or context.duplicate(row, number, "household_no"):
            continue
        valid.append((row, number, area or ""))
    households.lookup(number for _row, number, _area in valid)
    plan = HouseholdsPlan()
    for row, number, area in valid:
        stored = households.get(number)
        if stored is not None and stored.pk is not None and not context.area_in_scope(stored.area):
            row.error("household_no", _("该户号已登记在其他居村委，无权修改。"))
            continue
        if stored is None or stored.pk is None:
            households.put(number, None, area)
            plan.create.append(NewHousehold(number, area))
            context.count("created")
            continue
        households.put(number, stored.pk, area)
        if stored.area != area:
            plan.update.append(HouseholdChange(stored.pk, area))
            context.count("updated")
        else:
            context.count("unchanged")
    return plan


def create(households: Sequence[NewHousehold], context: ImportContext) -> None:
    """Insert new households and note their ids in the registry."""
    table = context.keys.households
    areas = context.keys.areas
    for batch in chunks(households, CHUNK):
        ids = insert_rows(Household, [{"household_no": h.number, "area_id": areas.pk(h.area)} for h in batch])
        for household, pk in zip(batch, ids, strict=True):
            table.put(household.number, pk, household.area)
        context.advance(len(batch))


def write(plan: HouseholdsPlan, context: ImportContext) -> None:
    create(plan.create, context)
    for batch in chunks(plan.update, BATCH):
        Household.objects.bulk_update(
            [Household(pk=h.pk, area_id=context.keys.areas.pk(h.area), updated_at=context.now) for h in batch],
            ["area", "updated_at"],
        )
        context.advance(len(batch))
