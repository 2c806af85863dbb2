"""The working-day rule of the booking calendar and its preload from the chinese_calendar package.

A day is a working day when it is Monday to Friday, unless the calendar marks it a public
holiday; a Saturday or Sunday is a working day when the calendar marks it a make-up working day
(调休上班). The calendar is preloaded from ``chinese_calendar`` for the years that package knows;
administrators correct or extend it in the admin.
"""

from __future__ import annotations

import datetime
from typing import Any

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def chinese_calendar_days() -> list[tuple[datetime.date, str, str]]:
    """(day, kind, Chinese name) for every holiday and make-up working day the package knows."""
    from chinese_calendar import constants

    rows = [(day, "holiday", HOLIDAY_NAMES.get(name, name)) for day, name in constants.holidays.items()]
    rows += [(day, "workday", HOLIDAY_NAMES.get(name, name) + "调休") for day, name in constants.workdays.items()]
    return sorted(rows)


def preload_calendar(calendar_model: Any) -> int:
    """Create the calendar days that are missing (never overwrites an administrator's edit).

    Takes the model class so that the data migration can pass its historical model.
    """
    existing = set(calendar_model.objects.values_list("day", flat=True))
    new = [
        calendar_model(day=day, kind=kind, name=name)
        for day, kind, name in chinese_calendar_days()
        if day not in existing
    ]
    calendar_model.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


def is_working_day(day: datetime.date, exceptions: dict[datetime.date, str]) -> bool:
    """``exceptions`` maps the calendar's days in range to their kind (holiday/workday)."""
    kind = exceptions.get(day)
    if kind == "holiday":
        return False
    if kind == "workday":
        return True
    return day.weekday() < 5


def calendar_exceptions(*, start: datetime.date, end: datetime.date) -> dict[datetime.date, str]:
    """The calendar's holidays and make-up working days between two days (inclusive)."""
    from consultations.models import CalendarDay

    return dict(CalendarDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "kind"))
