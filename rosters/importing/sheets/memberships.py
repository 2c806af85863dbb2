"""人员类别 / memberships: a person's target groups, keyed by (身份证号, 类别, 开始日期).

"Not willing" always carries a reason and a date to re-confirm it: an imported 否 gets
:data:`UNWILLING_REASON` and a re-confirmation date :data:`RECONFIRM_AFTER_DAYS` after the import;
a reason staff already recorded is kept on re-import."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jobseekers.models import TargetGroupMembership
from rosters.importing.cells import ABSENT
from rosters.importing.context import CHUNK, Cleaned, ImportContext, chunks
from rosters.importing.copying import insert_rows
from rosters.importing.sheets.persons_rows import resolved, stored_person_ids
from rosters.importing.sheets.plan import Plan

UNWILLING_REASON = "名册导入：无就业意愿"
RECONFIRM_AFTER_DAYS = 90


@dataclass(frozen=True, slots=True)
class NewMembership:
    number: str
    group: str
    start: datetime.date
    end: datetime.date | None
    willing: bool


@dataclass(frozen=True, slots=True)
class MembershipChange:
    """``end`` is ABSENT when the sheet leaves the column out."""

    pk: int
    end: Any
    willing: bool
    was_willing: bool


MembershipsPlan = Plan[NewMembership, MembershipChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> MembershipsPlan:
    valid = resolved(rows, context)
    stored: dict[tuple[int, str, datetime.date], tuple[Any, ...]] = {}
    for batch in stored_person_ids(valid, context):
        for pk, person_id, group, start, end, willing in TargetGroupMembership.objects.filter(
            person_id__in=batch
        ).values_list("pk", "person_id", "group", "start_date", "end_date", "willing"):
            stored[(person_id, group, start)] = (pk, end, willing)
    plan = MembershipsPlan()
    persons = context.keys.persons
    for row, number, group, start, end, willing in valid:
        if context.duplicate(row, (number, group, start), "start_date"):
            continue
        person = persons.get(number)
        existing = stored.get((person.pk, group, start)) if person and person.pk is not None else None
        if existing is None:
            plan.create.append(NewMembership(number, group, start, None if end is ABSENT else end, willing))
            context.count("created")
        elif (end is ABSENT or existing[1] == end) and existing[2] == willing:
            context.count("unchanged")
        else:
            plan.update.append(MembershipChange(existing[0], end, willing, existing[2]))
            context.count("updated")
    return plan


def write(plan: MembershipsPlan, context: ImportContext) -> None:
    persons = context.keys.persons
    reconfirm_on = context.today + datetime.timedelta(days=RECONFIRM_AFTER_DAYS)
    for batch in chunks(plan.create, CHUNK):
        insert_rows(
            TargetGroupMembership,
            [
                {
                    "person_id": persons.pk(new.number),
                    "group": new.group,
                    "start_date": new.start,
                    "end_date": new.end,
                    "willing": new.willing,
                    "unwilling_reason": "" if new.willing else UNWILLING_REASON,
                    "reconfirm_on": None if new.willing else reconfirm_on,
                }
                for new in batch
            ],
        )
        context.advance(len(batch))
    groups: dict[tuple[str, ...], list[TargetGroupMembership]] = {}
    for change in plan.update:
        membership = TargetGroupMembership(pk=change.pk, willing=change.willing, updated_at=context.now)
        fields = ["willing", "updated_at"]
        if not change.willing and change.was_willing:
            # Re-import keeps a reason staff already recorded; a newly unwilling row gets ours.
            membership.unwilling_reason = UNWILLING_REASON
            membership.reconfirm_on = reconfirm_on
            fields += ["unwilling_reason", "reconfirm_on"]
        if change.end is not ABSENT:
            membership.end_date = change.end
            fields.append("end_date")
        groups.setdefault(tuple(fields), []).append(membership)
    for fields_, group in groups.items():
        TargetGroupMembership.objects.bulk_update(group, list(fields_), batch_size=2000)
    context.advance(len(plan.update))
