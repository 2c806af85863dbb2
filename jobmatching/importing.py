"""Vacancies imported from a sheet: employers send their openings as a workbook.

One sheet (the first), a header row with the Chinese column names below, one vacancy a row. The
same rules as the roster import: the workbook is checked before openpyxl opens it (no renamed
files, no zip bombs; ``rosters.reading.check_workbook``), formulas are never evaluated, every row
is validated before anything is written, and any error writes nothing. A row is matched on
(单位名称, 岗位名称, 开始招聘日期) and updated in place, so importing the same sheet twice changes
nothing. An employer named for the first time is created in the row's committee.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from entrepreneurs.models import Industry
from jobmatching.models import Education, Employer, Hours, Vacancy
from jobmatching.services import employer_save, vacancy_save
from rosters.reading import UnreadableFile, check_workbook
from zhuqiao.audit import audit_record
from zhuqiao.models import Area, AuditEntry, User

COLUMNS: dict[str, str] = {
    "单位名称": "employer",
    "统一社会信用代码": "credit_code",
    "行业": "industry",
    "居村委编码": "area",
    "岗位名称": "title",
    "招聘人数": "posts",
    "月薪下限": "pay_min",
    "月薪上限": "pay_max",
    "工作时间": "hours",
    "最低学历": "education_min",
    "最低年龄": "age_min",
    "最高年龄": "age_max",
    "技能要求": "skills",
    "证书要求": "certificates",
    "详细地点": "place",
    "开始招聘日期": "opens_on",
    "截止日期": "closes_on",
}
REQUIRED = ("单位名称", "居村委编码", "岗位名称", "开始招聘日期")
CHOICES = {
    "industry": {str(label): value for value, label in Industry.choices},
    "hours": {str(label): value for value, label in Hours.choices},
    "education_min": {str(label): value for value, label in Education.choices},
}


@dataclass
class VacancyImport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    return datetime.date.fromisoformat(text) if text else None


def _number(value: Any) -> int | None:
    text = _text(value)
    return int(text) if text else None


def _row_values(raw: dict[str, Any], areas: dict[str, Area], row: int, errors: list[str]) -> dict[str, Any] | None:
    """The model values of one row, or None with its errors (``行 N，列 X：…``) appended."""
    values: dict[str, Any] = {}
    before = len(errors)

    def fail(column: str, message: str) -> None:
        errors.append(_("第 %(row)s 行，%(column)s：%(message)s") % {"row": row, "column": column, "message": message})

    for column in REQUIRED:
        if not _text(raw.get(column)):
            fail(column, _("必须填写。"))
    for column, name in COLUMNS.items():
        value = raw.get(column)
        try:
            if name in ("opens_on", "closes_on"):
                values[name] = _date(value)
            elif name in ("posts", "pay_min", "pay_max", "age_min", "age_max"):
                values[name] = _number(value)
            elif name in CHOICES:
                text = _text(value)
                if text and text not in CHOICES[name] and text not in CHOICES[name].values():
                    fail(column, _("应为以下之一：%(options)s") % {"options": "、".join(CHOICES[name])})
                values[name] = CHOICES[name].get(text, text) if text else None
            elif name == "area":
                code = _text(value)
                if code and code not in areas:
                    fail(column, _("居村委编码不存在。"))
                values[name] = areas.get(code)
            else:
                values[name] = _text(value)
        except ValueError:
            fail(column, _("日期应为 YYYY-MM-DD，数字应为整数。"))
    if values.get("credit_code"):
        from entrepreneurs.validators import validate_credit_code

        try:
            values["credit_code"] = validate_credit_code(values["credit_code"])
        except ValidationError as error:
            fail("统一社会信用代码", "；".join(error.messages))
    return values if len(errors) == before else None


def vacancies_import(*, path: Path | str, by: User | None, dry_run: bool = False) -> VacancyImport:
    """Validate every row, then write all of them in one transaction (or nothing)."""
    result = VacancyImport()
    try:
        check_workbook(Path(path))
    except UnreadableFile as error:
        result.errors.append(str(error))
        return result
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    finally:
        workbook.close()
    if not rows:
        result.errors.append(_("工作表是空的。"))
        return result
    header = [_text(cell) for cell in rows[0]]
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column and column not in COLUMNS]
    if missing or unknown:
        if missing:
            result.errors.append(_("缺少列：%(columns)s") % {"columns": "、".join(missing)})
        if unknown:
            result.errors.append(_("无法识别的列：%(columns)s") % {"columns": "、".join(unknown)})
        return result
    areas = {area.code: area for area in Area.objects.all()}
    employers = {employer.name: employer for employer in Employer.objects.all()}
    planned: list[tuple[int, dict[str, Any]]] = []
    for number, cells in enumerate(rows[1:], start=2):
        raw = dict(zip(header, cells, strict=False))
        if not any(_text(value) for value in raw.values()):
            continue
        values = _row_values(raw, areas, number, result.errors)
        if values is not None:
            planned.append((number, values))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, values in planned:
                _write_row(number, values, employers, by, result)
            if dry_run or result.errors:
                transaction.set_rollback(True)
    except ValidationError as error:  # a model rule refused a row: nothing is kept
        result.errors.append("；".join(error.messages))
    if result.errors:
        result.created = result.updated = result.unchanged = 0
    elif not dry_run:
        audit_record(
            action=AuditEntry.Action.IMPORT,
            user=by,
            object_type="jobmatching.vacancy",
            detail=f"vacancies: {result.created} created, {result.updated} updated, {result.unchanged} unchanged",
        )
    return result


def _write_row(
    number: int, values: dict[str, Any], employers: dict[str, Employer], by: User | None, result: VacancyImport
) -> None:
    name = values.pop("employer")
    credit_code = values.pop("credit_code")
    employer = employers.get(name)
    if employer is None:
        employer = employer_save(
            employer=Employer(
                name=name,
                credit_code=credit_code,
                area=values["area"],
                industry=values.get("industry") or Industry.OTHER,
            )
        )
        employers[name] = employer
    values = {key: value for key, value in values.items() if value is not None}
    values.setdefault("industry", employer.industry)
    vacancy = Vacancy.objects.filter(employer=employer, title=values["title"], opens_on=values["opens_on"]).first()
    if vacancy is None:
        vacancy = Vacancy(employer=employer, **values)
        result.created += 1
    else:
        changed = {key: value for key, value in values.items() if getattr(vacancy, key) != value}
        if not changed:
            result.unchanged += 1
            return
        for key, value in changed.items():
            setattr(vacancy, key, value)
        result.updated += 1
    try:
        vacancy_save(vacancy=vacancy, by=by)
    except ValidationError as error:
        result.errors.append(_("第 %(row)s 行：%(message)s") % {"row": number, "message": "；".join(error.messages)})
