"""Reading one row of a sheet: each cell cleaned to its type, or an error with the cell's column.

A value that is wrong is an error, never silently fixed or dropped. A column left out of the
sheet yields :data:`ABSENT` (the stored value is kept); a blank cell of an optional column
clears the stored value.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rosters.importing.result import RowError
from rosters.schema import NO_WORDS, YES_WORDS, Column, Sheet


class Cell(enum.Enum):
    """Markers of a cell. An enum member pickles by name and unpickles to the same member, so a
    row cleaned in a worker process keeps its markers when it comes back (a plain ``object()``
    sentinel became a new object there, and ``is ABSENT`` silently failed)."""

    ABSENT = "absent"

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Any = Cell.ABSENT
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MSG_REQUIRED = gettext_lazy("必填，不能为空。")
MSG_DATE = gettext_lazy("日期格式应为 YYYY-MM-DD（如 2026-03-01），或使用 Excel 日期单元格。")
MSG_YES_NO = gettext_lazy("应填写 是/否（也可填 Y/N、yes/no、true/false、1/0）。")


def plain_text(value: Any) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


class SheetLayout:
    """Which column of the file holds which contract column, as found on the header row."""

    def __init__(self, sheet: Sheet, name: str, positions: dict[str, int], headers: dict[str, str]) -> None:
        self.sheet = sheet
        self.name = name
        self.positions = positions
        self.headers = headers

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.sheet.column(key).label

    def has(self, key: str) -> bool:
        return key in self.positions


class RowReader:
    """The cells of one data row; every parse method records its own error on failure."""

    __slots__ = ("errors", "failed", "layout", "number", "values")

    def __init__(self, layout: SheetLayout, number: int, values: tuple[Any, ...], errors: list[RowError]) -> None:
        self.layout = layout
        self.number = number
        self.values = values
        self.errors = errors
        self.failed = False

    def release(self) -> RowReader:
        """Drop the raw cells once parsed: 200,000 kept rows must not keep their raw tuples too."""
        self.values = ()
        return self

    def error(self, key: str, message: Any) -> None:
        self.errors.append(RowError(self.layout.name, self.number, self.layout.header(key), str(message)))
        self.failed = True

    def raw(self, key: str) -> Any:
        position = self.layout.positions.get(key)
        if position is None:
            return ABSENT
        return self.values[position] if position < len(self.values) else None

    def given(self, key: str, *, required: bool | None = None) -> Any:
        """The cell as text: ABSENT when the sheet has no such column, "" when it is empty (an
        error when the column is required: by the contract, or as ``required`` says)."""
        raw = self.raw(key)
        if raw is ABSENT:
            return ABSENT
        value = plain_text(raw)
        if not value and (self.layout.sheet.column(key).required if required is None else required):
            self.error(key, MSG_REQUIRED)
        return value

    def text(self, key: str, *, max_length: int = 200, required: bool | None = None) -> Any:
        value = self.given(key, required=required)
        if value is ABSENT or not value:
            return value
        if len(value) > max_length:
            self.error(
                key, _("不能超过%(max)d个字符（当前%(length)d个）。") % {"max": max_length, "length": len(value)}
            )
            return None
        return value

    def validated(self, key: str, validator: Callable[[str], str], *, required: bool | None = None) -> Any:
        value = self.text(key, max_length=64, required=required)
        if value is ABSENT or not value:
            return value
        try:
            return validator(value)
        except ValidationError as exc:
            self.error(key, " ".join(str(message) for message in exc.messages))
            return None

    def date(self, key: str) -> Any:
        raw = self.raw(key)
        if raw is ABSENT:
            return ABSENT
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        value = plain_text(raw)
        if not value:
            if self.layout.sheet.column(key).required:
                self.error(key, MSG_REQUIRED)
            return None
        if not _DATE.match(value):
            self.error(key, MSG_DATE)
            return None
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            self.error(key, _("日期不存在（如2月30日），请核对。"))
            return None

    def yes_no(self, key: str) -> Any:
        raw = self.raw(key)
        if raw is ABSENT:
            return ABSENT
        value = plain_text(raw).lower()
        if not value:
            self.error(key, MSG_REQUIRED)
            return None
        if value in YES_WORDS:
            return True
        if value in NO_WORDS:
            return False
        self.error(key, MSG_YES_NO)
        return None

    def choice(self, key: str, labels: dict[str, str], *, required: bool | None = None) -> Any:
        """A fixed value given by its Chinese label or by its English code."""
        value = self.given(key, required=required)
        if value is ABSENT or not value:
            return value
        if value in labels:
            return labels[value]
        codes = {code.lower(): code for code in labels.values()}
        if value.lower() in codes:
            return codes[value.lower()]
        self.error(key, _("应为以下之一：%(choices)s。") % {"choices": "、".join(labels)})
        return None

    def decimal(self, key: str, *, required: bool | None = None) -> Any:
        raw = self.raw(key)
        if raw is ABSENT:
            return ABSENT
        value = plain_text(raw).replace(",", "")
        must = self.layout.sheet.column(key).required if required is None else required
        if not value:
            if must:
                self.error(key, MSG_REQUIRED)
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            self.error(key, _("应为数字。"))
            return None
        if not number.is_finite():
            self.error(key, _("应为数字。"))
            return None
        if number < 0:
            self.error(key, _("不能为负数。"))
            return None
        if number != number.quantize(Decimal("0.01")) or number >= Decimal("1e12"):
            self.error(key, _("最多两位小数，且不超过12位数字。"))
            return None
        return number.quantize(Decimal("0.01"))


def read_layout(sheet: Sheet, name: str, header_row: tuple[Any, ...], errors: list[RowError]) -> SheetLayout | None:
    """Match the header row to the contract's columns; None (with errors) when it cannot be used."""
    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    usable = True
    for position, cell in enumerate(header_row):
        header = plain_text(cell)
        if not header:
            continue
        column: Column | None = sheet.match_header(header)
        if column is None:
            if header in ("性别", "sex", "出生日期", "birth_date", "date_of_birth"):
                message = _("性别和出生日期由身份证号推算，不能导入，请删除此列。")
            else:
                message = _("无法识别的列名。可用列名：%(names)s。") % {
                    "names": "、".join(c.label for c in sheet.columns)
                }
            errors.append(RowError(name, 1, header, str(message)))
            usable = False
            continue
        if column.key in positions:
            errors.append(
                RowError(name, 1, header, _("与“%(other)s”是同一列，重复。") % {"other": headers[column.key]})
            )
            usable = False
            continue
        positions[column.key] = position
        headers[column.key] = header
    for column in sheet.columns:
        if column.required and column.key not in positions:
            errors.append(RowError(name, 1, column.label, _("缺少必填列。")))
            usable = False
    return SheetLayout(sheet, name, positions, headers) if usable else None


def is_blank(values: tuple[Any, ...]) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)
