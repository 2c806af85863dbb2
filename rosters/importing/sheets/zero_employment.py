"""零就业家庭认定 / zero_employment: certifications of a household, keyed by (户号, 认定日期)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from jobseekers.models import ZeroEmploymentCertification
from rosters.importing.context import BATCH, Cleaned, ImportContext, chunks
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class NewCertification:
    household: str
    certified_on: datetime.date
    willing: bool


@dataclass(frozen=True, slots=True)
class CertificationChange:
    pk: int
    willing: bool


CertificationsPlan = Plan[NewCertification, CertificationChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> CertificationsPlan:
    households = context.keys.households
    valid = []
    for row, (number, certified_on, willing) in rows:
        if row.failed or context.duplicate(row, (number, certified_on), "certified_on"):
            continue
        valid.append((row, number, certified_on, willing))
    households.lookup(number for _row, number, _day, _willing in valid)
    stored_ids = {entry.pk for item in valid if (entry := households.get(item[1])) and entry.pk is not None}
    stored: dict[tuple[int, datetime.date], tuple[int, bool]] = {}
    for batch in chunks(stored_ids):
        for pk, household_id, day, willing in ZeroEmploymentCertification.objects.filter(
            household_id__in=batch
        ).values_list("pk", "household_id", "certified_on", "willing"):
            stored[(household_id, day)] = (pk, willing)
    plan = CertificationsPlan()
    for row, number, certified_on, willing in valid:
        household = households.get(number)
        if household is None:
            row.error("household_no", _("户号 %(no)s 未登记，也不在本文件的“家庭”表中。") % {"no": number})
            continue
        if not context.area_in_scope(household.area):
            row.error("household_no", _("该家庭不属于本居村委，无权导入。"))
            continue
        existing = stored.get((household.pk, certified_on)) if household.pk is not None else None
        if existing is None:
            plan.create.append(NewCertification(number, certified_on, willing))
            context.count("created")
        elif existing[1] != willing:
            plan.update.append(CertificationChange(existing[0], willing))
            context.count("updated")
        else:
            context.count("unchanged")
    return plan


def write(plan: CertificationsPlan, context: ImportContext) -> None:
    households = context.keys.households
    ZeroEmploymentCertification.objects.bulk_create(
        [
            ZeroEmploymentCertification(
                household_id=households.pk(new.household), certified_on=new.certified_on, willing=new.willing
            )
            for new in plan.create
        ],
        batch_size=BATCH,
    )
    ZeroEmploymentCertification.objects.bulk_update(
        [ZeroEmploymentCertification(pk=c.pk, willing=c.willing, updated_at=context.now) for c in plan.update],
        ["willing", "updated_at"],
        batch_size=BATCH,
    )
    context.advance(len(plan))
