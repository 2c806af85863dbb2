"""Cleaning each row of each sheet on its own: cell types, formats, identifiers, dates in order.

Nothing here looks at stored records or other rows, so a sheet can be cleaned in another process
while the main one cleans the next (see ``rosters.importing.engine``); checks that need the
database or other sheets (committees, references, scope, duplicates) run afterwards in the engine.
Each function returns the row's values as a tuple, recording errors on the row.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterator
from typing import Any

from django.utils.translation import gettext as _

from entrepreneurs.validators import validate_credit_code
from jobseekers.models import Person
from jobseekers.validators import validate_id_number, validate_mobile, validate_person_name
from rosters.importing.cells import ABSENT, RowReader, SheetLayout, is_blank
from rosters.schema import (
    AREA_KIND_LABELS,
    CASE_CATEGORY_LABELS,
    CASE_STATUS_LABELS,
    EMPLOYMENT_KIND_LABELS,
    GROUP_LABELS,
    INDUSTRY_LABELS,
    NOTE_PREFIX,
    POLICY_LEVEL_LABELS,
    VENTURE_KIND_LABELS,
)
from zhuqiao.personal_data import phone_columns

Known = Container[str]


def id_number(row: RowReader, key: str, known: Known, *, required: bool | None = None) -> Any:
    """A validated ID number; one this import validated already (``known``) is not validated again."""
    raw = row.raw(key)
    if isinstance(raw, str) and raw in known:
        return raw
    return row.validated(key, validate_id_number, required=required)


def _given(value: Any) -> bool:
    return bool(value) and value is not ABSENT


def clean_areas(row: RowReader, known: Known) -> tuple[Any, ...]:
    return row.text("code", max_length=16), row.text("name", max_length=64), row.choice("kind", AREA_KIND_LABELS)


def clean_households(row: RowReader, known: Known) -> tuple[Any, ...]:
    return row.text("household_no", max_length=32), row.text("area_code", max_length=16)


def clean_persons(row: RowReader, known: Known) -> tuple[Any, ...]:
    """The row's values, then the stored columns of its ID number and phone (encrypted, hashed,
    masked; None on a row with an error): computing them here puts the encryption of 200,000
    numbers in the worker processes of a large import, not in the one that writes."""
    number = row.validated("id_number", validate_id_number)
    name = row.validated("name", validate_person_name)
    phone = row.validated("phone", validate_mobile)
    area_code = row.text("area_code", max_length=16)
    household = row.text("household_no", max_length=32)
    stored = None
    if not row.failed:  # a sheet without the 手机号 column: a new person has none
        stored = {**Person.id_number_columns(number), **phone_columns("" if phone is ABSENT else phone)}
    return number, name, phone, area_code, household, stored


def clean_zero_employment(row: RowReader, known: Known) -> tuple[Any, ...]:
    return row.text("household_no", max_length=32), row.date("certified_on"), row.yes_no("willing")


def clean_memberships(row: RowReader, known: Known) -> tuple[Any, ...]:
    number = id_number(row, "id_number", known)
    group = row.choice("group", GROUP_LABELS)
    start = row.date("start_date")
    end = row.date("end_date")
    willing = row.yes_no("willing")
    if start and _given(end) and end < start:
        row.error("end_date", _("结束日期不能早于开始日期。"))
    return number, group, start, end, willing


def clean_employments(row: RowReader, known: Known) -> tuple[Any, ...]:
    number = id_number(row, "id_number", known)
    start = row.date("start_date")
    end = row.date("end_date")
    kind = row.choice("kind", EMPLOYMENT_KIND_LABELS)
    employer = row.text("employer", max_length=200)
    if start and _given(end) and end < start:
        row.error("end_date", _("离职日期不能早于就业日期。"))
    return number, start, end, kind, employer


def clean_ventures(row: RowReader, known: Known) -> tuple[Any, ...]:
    return (
        row.validated("credit_code", validate_credit_code),
        row.text("name", max_length=200),
        row.choice("kind", VENTURE_KIND_LABELS),
        row.date("registered_on"),
        row.text("area_code", max_length=16),
        row.choice("industry", INDUSTRY_LABELS),
        id_number(row, "founder_id_number", known),
    )


def clean_policy_benefits(row: RowReader, known: Known) -> tuple[Any, ...]:
    return (
        row.validated("credit_code", validate_credit_code),
        row.text("policy", max_length=100),
        row.choice("level", POLICY_LEVEL_LABELS),
        row.date("granted_on"),
        row.decimal("amount"),
    )


def clean_cases(row: RowReader, known: Known) -> tuple[Any, ...]:
    ref = row.text("ref", max_length=32)
    category = row.choice("category", CASE_CATEGORY_LABELS)
    service = row.text("service", max_length=64)
    number = id_number(row, "id_number", known, required=False)
    code = row.validated("credit_code", validate_credit_code, required=False)
    opened_on = row.date("opened_on")
    closed_on = row.date("closed_on")
    department = row.text("department", max_length=64)
    status = row.choice("status", CASE_STATUS_LABELS)
    outcome = row.text("outcome", max_length=2000)
    if not row.failed and _given(number) == _given(code):
        row.error("id_number", _("身份证号和统一社会信用代码须填且只填一项。"))
    if opened_on and _given(closed_on) and closed_on < opened_on:
        row.error("closed_on", _("办结日期不能早于受理日期。"))
    return ref, category, service, number, code, opened_on, closed_on, department, status, outcome


def clean_targets(row: RowReader, known: Known) -> tuple[Any, ...]:
    year_text = row.text("year", max_length=4)
    metric = row.text("metric", max_length=64)
    value = row.decimal("value")
    year = None
    if year_text:
        if not year_text.isdigit() or not 2000 <= int(year_text) <= 2100:
            row.error("year", _("年度应为2000至2100之间的四位数字。"))
        else:
            year = int(year_text)
    # optional scope columns (DATA-CONTRACT.md): both empty = the town's target, never both
    area_code = row.text("area_code", max_length=16)
    department = row.text("department", max_length=64)
    area_code = "" if area_code is ABSENT else area_code
    department = "" if department is ABSENT else department
    if area_code and department:
        row.error("department", _("居村委编码和部门只能填写一项（都不填为全镇目标）。"))
    return year, metric, value, area_code, department


CLEANERS: dict[str, Callable[[RowReader, Known], tuple[Any, ...]]] = {
    "areas": clean_areas,
    "households": clean_households,
    "persons": clean_persons,
    "zero_employment": clean_zero_employment,
    "memberships": clean_memberships,
    "employments": clean_employments,
    "ventures": clean_ventures,
    "policy_benefits": clean_policy_benefits,
    "cases": clean_cases,
    "targets": clean_targets,
}


def data_rows(layout: SheetLayout, rows: Iterator[tuple[int, tuple[Any, ...]]], errors: list) -> Iterator[RowReader]:
    """The data rows after the header: blank rows and the template's notes row (row 2) skipped."""
    for number, values in rows:
        if is_blank(values):
            continue
        if number == 2 and all(
            isinstance(value, str) and value.startswith(NOTE_PREFIX) for value in values if value not in (None, "")
        ):
            continue
        yield RowReader(layout, number, values, errors)
