"""服务个案 / cases, keyed by 编号; the subject is a person (身份证号) or a venture (信用代码).
A case service not yet in the catalogue is added to it. A column left out (办结日期, 部门, 状态,
结果) keeps the stored value."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from cases.models import Case, ServiceType
from rosters.importing.cells import ABSENT
from rosters.importing.context import BATCH, Cleaned, ImportContext, given, stored_by
from rosters.importing.copying import insert_rows
from rosters.importing.sheets.plan import Plan


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as the row gives it; ``closed_on``, ``department`` (an id) and ``outcome`` are
    ABSENT when the sheet leaves the column out, ``status`` is empty when not given."""

    ref: str
    category: str
    service: str
    person: str | None
    venture: str | None
    opened_on: datetime.date
    closed_on: Any
    department: Any
    status: str
    outcome: Any
    area: str


@dataclass(frozen=True, slots=True)
class CaseChange:
    pk: int
    case: CaseRow


@dataclass
class CasesPlan(Plan[CaseRow, CaseChange]):
    new_services: dict[str, str] = field(default_factory=dict)


STORED = (
    "pk",
    "category",
    "service_id",
    "person_id",
    "venture_id",
    "opened_on",
    "closed_on",
    "department_id",
    "status",
    "outcome",
    "area_id",
)


def check(rows: Sequence[Cleaned], context: ImportContext) -> CasesPlan:
    keys = context.keys
    departments = context.catalogues.departments
    valid = []
    for row, (ref, category, service, number, code, opened_on, closed_on, department, status, outcome) in rows:
        department_pk: Any = department if department is ABSENT else None
        if given(department):
            department_pk = departments.get(department)
            if department_pk is None:
                row.error("department", _("部门“%(name)s”不存在。") % {"name": department})
        if row.failed or context.duplicate(row, ref, "ref"):
            continue
        subject = number if given(number) else None
        venture = code if given(code) else None
        valid.append(
            (row, ref, category, service, subject, venture, opened_on, closed_on, department_pk, status, outcome)
        )
    keys.persons.lookup(item[4] for item in valid if item[4])
    keys.ventures.lookup(item[5] for item in valid if item[5])
    stored = dict(stored_by(Case, "ref", [item[1] for item in valid], *STORED))
    services = context.catalogues.services
    plan = CasesPlan()
    for row, ref, category, service, subject, venture, opened_on, closed_on, department_pk, status, outcome in valid:
        if subject:
            area = context.person_area(row, "id_number", subject)
        else:
            area = context.venture_area(row, "credit_code", venture or "")
        if area is None:
            continue
        existing = stored.get(ref)
        if existing is not None and not context.stored_in_scope(existing[10]):
            row.error("ref", _("该个案属于其他居村委，无权修改。"))
            continue
        if service not in services:
            services[service] = None
            plan.new_services[service] = category
        status = status if given(status) else ""
        case = CaseRow(
            ref, category, service, subject, venture, opened_on, closed_on, department_pk, status, outcome, area
        )
        if existing is None:
            plan.create.append(case)
            context.count("created")
            continue
        person = keys.persons.get(subject) if subject else None
        venture_entry = keys.ventures.get(venture) if venture else None
        person_pk = person.pk if person else None
        venture_pk = venture_entry.pk if venture_entry else None
        same = (
            existing[1] == category
            and existing[2] == services[service]
            and existing[2] is not None
            and existing[3] == person_pk
            and existing[4] == venture_pk
            and (existing[3] is not None or existing[4] is not None)
            and existing[5] == opened_on
            and (closed_on is ABSENT or existing[6] == closed_on)
            and (department_pk is ABSENT or existing[7] == department_pk)
            and (not status or existing[8] == status)
            and (outcome is ABSENT or existing[9] == outcome)
        )
        if same:
            context.count("unchanged")
        else:
            plan.update.append(CaseChange(existing[0], case))
            context.count("updated")
    return plan


def _case_values(row: CaseRow, context: ImportContext) -> dict[str, Any]:
    """The stored columns a case row gives (a column left out of the sheet: the new case's default)."""
    keys = context.keys
    return {
        "ref": row.ref,
        "category": row.category,
        "service_id": context.catalogues.service_pk(row.service),
        "person_id": keys.persons.pk(row.person) if row.person else None,
        "venture_id": keys.ventures.pk(row.venture) if row.venture else None,
        "area_id": keys.areas.pk(row.area),
        "opened_on": row.opened_on,
        "department_id": None if row.department is ABSENT else row.department,
        "closed_on": None if row.closed_on is ABSENT else row.closed_on,
        "status": row.status or Case.Status.NEW,
        "outcome": "" if row.outcome is ABSENT else row.outcome,
    }


def write(plan: CasesPlan, context: ImportContext) -> None:
    services = context.catalogues.services
    for service in ServiceType.objects.bulk_create(
        [ServiceType(name=name, category=category) for name, category in plan.new_services.items()]
    ):
        services[service.name] = service.pk
    insert_rows(Case, [_case_values(row, context) for row in plan.create])
    groups: dict[tuple[str, ...], list[Case]] = {}
    for change in plan.update:
        case = Case(pk=change.pk, updated_at=context.now, **_case_values(change.case, context))
        fields = ["category", "service", "person", "venture", "area", "opened_on", "updated_at"]
        if change.case.closed_on is not ABSENT:
            fields.append("closed_on")
        if change.case.department is not ABSENT:
            fields.append("department")
        if change.case.status:
            fields.append("status")
        if change.case.outcome is not ABSENT:
            fields.append("outcome")
        groups.setdefault(tuple(fields), []).append(case)
    for fields_, group in groups.items():
        Case.objects.bulk_update(group, list(fields_), batch_size=BATCH)
    context.advance(len(plan))
