"""就业记录 / employments: a person's jobs, keyed by (身份证号, 就业日期). A column left out
(离职日期, 单位名称) keeps the stored value."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jobseekers.models import Employment
from rosters.importing.cells import ABSENT
from rosters.importing.context import BATCH, CHUNK, Cleaned, ImportContext, chunks
from rosters.importing.copying import insert_rows
from rosters.importing.sheets.persons_rows import resolved, stored_person_ids
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class NewEmployment:
    number: str
    start: datetime.date
    end: datetime.date | None
    kind: str
    employer: str


@dataclass(frozen=True, slots=True)
class EmploymentChange:
    """``end`` and ``employer`` are ABSENT when the sheet leaves the column out."""

    pk: int
    end: Any
    kind: str
    employer: Any


EmploymentsPlan = Plan[NewEmployment, EmploymentChange]


def check(rows: Sequence[Cleaned], context: ImportContext) -> EmploymentsPlan:
    valid = resolved(rows, context)
    stored: dict[tuple[int, datetime.date], tuple[Any, ...]] = {}
    for batch in stored_person_ids(valid, context):
        for pk, person_id, start, end, kind, employer in Employment.objects.filter(person_id__in=batch).values_list(
            "pk", "person_id", "start_date", "end_date", "kind", "employer"
        ):
            stored[(person_id, start)] = (pk, end, kind, employer)
    plan = EmploymentsPlan()
    persons = context.keys.persons
    for row, number, start, end, kind, employer in valid:
        if context.duplicate(row, (number, start), "start_date"):
            continue
        person = persons.get(number)
        existing = stored.get((person.pk, start)) if person and person.pk is not None else None
        if existing is None:
            plan.create.append(
                NewEmployment(
                    number, start, None if end is ABSENT else end, kind, "" if employer is ABSENT else employer
                )
            )
            context.count("created")
        elif (
            (end is ABSENT or existing[1] == end)
            and existing[2] == kind
            and (employer is ABSENT or existing[3] == employer)
        ):
            context.count("unchanged")
        else:
            plan.update.append(EmploymentChange(existing[0], end, kind, employer))
            context.count("updated")
    return plan


def write(plan: EmploymentsPlan, context: ImportContext) -> None:
    persons = context.keys.persons
    for batch in chunks(plan.create, CHUNK):
        insert_rows(
            Employment,
            [
                {
                    "person_id": persons.pk(new.number),
                    "start_date": new.start,
                    "end_date": new.end,
                    "kind": new.kind,
                    "employer": new.employer,
                }
                for new in batch
            ],
        )
        context.advance(len(batch))
    groups: dict[tuple[str, ...], list[Employment]] = {}
    for change in plan.update:
        employment = Employment(pk=change.pk, kind=change.kind, updated_at=context.now)
        fields = ["kind", "updated_at"]
        if change.end is not ABSENT:
            employment.end_date = change.end
            fields.append("end_date")
        if change.employer is not ABSENT:
            employment.employer = change.employer
            fields.append("employer")
        groups.setdefault(tuple(fields), []).append(employment)
    for fields_, group in groups.items():
        Employment.objects.bulk_update(group, list(fields_), batch_size=BATCH)
    context.advance(len(plan.update))
