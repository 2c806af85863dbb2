"""Reads behind the clearance worklists (清零工作清单): the rows, the per-committee summary and the
monthly inflow and outflow that show a "zero" holds. Built on :mod:`jobseekers.clearance`."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, IntegerField, Min, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from jobseekers import clearance, selectors
from jobseekers.models import Person


@dataclass(frozen=True)
class Goal:
    code: str
    label: Any
    households: bool = False


GOALS: dict[str, Goal] = {
    "difficulty": Goal("difficulty", _("就业困难人员")),
    "unemployed": Goal("unemployed", _("登记失业人员")),
    "graduate": Goal("graduate", _("应届毕业生")),
    "household": Goal("household", _("零就业家庭"), households=True),
}

PERSON_SORTS = {
    "name": ("name",),
    "area": ("area__code", "name"),
    "contact": (F("last_contact_on").asc(nulls_first=True), "name"),
    "next": (F("next_followup_on").asc(nulls_last=True), "name"),
    "cases": ("-open_cases", "name"),
    "since": ("joined_on", "name"),
}
HOUSEHOLD_SORTS = {
    "no": ("household_no",),
    "area": ("area__code", "household_no"),
    "contact": (F("last_contact_on").asc(nulls_first=True), "household_no"),
    "next": (F("next_followup_on").asc(nulls_last=True), "household_no"),
    "cases": ("-open_cases", "household_no"),
    "since": ("certified_on", "household_no"),
}


def base(goal: Goal, *, year: int, as_of: datetime.date) -> Any:
    if goal.households:
        return clearance.household_base(year=year, as_of=as_of)
    return clearance.clearance_base(group=goal.code, year=year, as_of=as_of)


def worklist(goal: Goal, *, year: int, as_of: datetime.date) -> Any:
    if goal.households:
        return clearance.household_worklist(year=year, as_of=as_of)
    return clearance.clearance_worklist(group=goal.code, year=year, as_of=as_of)


def worklist_rows(*, goal: Goal, user: Any, year: int, as_of: datetime.date, filters: Any) -> QuerySet[Any]:
    """The worklist the user may see, with contact dates and open cases, filtered and sorted.

    ``filters``: ``area`` (committee code), ``q`` (the person list's search; for households the
    household number), ``sort`` (``name``/``no``, ``area``, ``contact``, ``next``, ``cases``,
    ``since``; default: longest without contact first).
    """
    qs = worklist(goal, year=year, as_of=as_of).for_user(user).select_related("area")
    area = (filters.get("area") or "").strip()
    if area:
        qs = qs.filter(area__code=area)
    q = (filters.get("q") or "").strip()
    if goal.households:
        if q:
            qs = qs.filter(household_no__startswith=q)
        qs = selectors.annotate_household_contact(
            qs.annotate(
                certified_on=F(clearance.CERTIFIED_ON_ALIAS),
                member_count=Coalesce(
                    Subquery(
                        Person.objects.filter(household_id=OuterRef("pk"))
                        .order_by()
                        .values("household_id")
                        .annotate(n=Count("pk"))
                        .values("n")[:1],
                        output_field=IntegerField(),
                    ),
                    Value(0),
                ),
            )
        )
        sorts = HOUSEHOLD_SORTS
    else:
        if q:
            qs = qs.filter(selectors.search_filter(q))
        memberships = (
            clearance.base_memberships(group=goal.code, year=year, as_of=as_of)
            .filter(person_id=OuterRef("pk"))
            .order_by()
            .values("person_id")
            .annotate(d=Min("start_date"))
            .values("d")[:1]
        )
        qs = selectors.annotate_contact(qs.annotate(joined_on=Subquery(memberships)))
        sorts = PERSON_SORTS
    return qs.order_by(*sorts.get((filters.get("sort") or "").strip(), sorts["contact"]), "pk")


def committee_summary(*, goal: Goal, user: Any, year: int, as_of: datetime.date) -> list[dict[str, Any]]:
    """Per committee the user may see: base, still on the worklist, and the rate (two queries)."""
    totals = {
        row["area__code"]: row
        for row in base(goal, year=year, as_of=as_of)
        .for_user(user)
        .values("area__code", "area__name")
        .annotate(n=Count("pk"))
        .order_by("area__code")
    }
    left = dict(
        worklist(goal, year=year, as_of=as_of)
        .for_user(user)
        .values("area__code")
        .annotate(n=Count("pk"))
        .values_list("area__code", "n")
    )
    rows = []
    for code, row in totals.items():
        open_ = left.get(code, 0)
        done = row["n"] - open_
        rows.append(
            {
                "code": code,
                "name": row["area__name"],
                "base": row["n"],
                "open": open_,
                "done": done,
                "rate": round(done * 100 / row["n"], 1) if row["n"] else None,
            }
        )
    rows.sort(key=lambda r: (-r["open"], r["code"]))
    return rows


def month_ends(year: int, as_of: datetime.date) -> list[tuple[int, datetime.date]]:
    """(month, last day of the month or ``as_of`` if earlier) for each month of ``year`` up to ``as_of``."""
    ends = []
    for month in range(1, 13):
        first = datetime.date(year, month, 1)
        if first > as_of:
            break
        last = datetime.date(year, month, calendar.monthrange(year, month)[1])
        ends.append((month, min(last, as_of)))
    return ends


def _ids(qs: QuerySet[Any]) -> set[int]:
    return set(qs.values_list("pk", flat=True))


def monthly_flow(*, goal: Goal, user: Any, year: int, as_of: datetime.date) -> list[dict[str, Any]]:
    """For each month: opening, joined, left (employed / cleared, or no longer counted), closing.

    The opening of January is the worklist carried into the year (as of 31 December of the year
    before, counted by this year's rule). Two set queries per month, whatever the size of the list.
    """
    previous_day = datetime.date(year - 1, 12, 31)
    previous = _ids(worklist(goal, year=year, as_of=previous_day).for_user(user))
    rows = []
    for month, end in month_ends(year, as_of):
        now = _ids(worklist(goal, year=year, as_of=end).for_user(user))
        left = previous - now
        still_base = _ids(base(goal, year=year, as_of=end).for_user(user).filter(pk__in=left)) if left else set()
        rows.append(
            {
                "month": month,
                "end": end,
                "opening": len(previous),
                "joined": len(now - previous),
                "left_done": len(still_base),
                "left_other": len(left - still_base),
                "closing": len(now),
            }
        )
        previous = now
    return rows


def month_movements(
    *, goal: Goal, user: Any, year: int, month: int, as_of: datetime.date
) -> tuple[list[Any], list[tuple[Any, Any]]]:
    """Who joined and who left the worklist in one month, each leaver with the reason."""
    first = datetime.date(year, month, 1)
    end = min(datetime.date(year, month, calendar.monthrange(year, month)[1]), as_of)
    before = first - datetime.timedelta(days=1)
    then = _ids(worklist(goal, year=year, as_of=before).for_user(user))
    now = _ids(worklist(goal, year=year, as_of=end).for_user(user))
    joined_ids, left_ids = now - then, then - now
    done_ids = _ids(base(goal, year=year, as_of=end).for_user(user).filter(pk__in=left_ids)) if left_ids else set()
    model = base(goal, year=year, as_of=end).model
    order = ("household_no",) if goal.households else ("area__code", "name")
    records = {
        obj.pk: obj
        for obj in model.objects.filter(pk__in=joined_ids | left_ids).select_related("area").order_by(*order)
    }
    done_label = _("已清零（成员就业）") if goal.households else _("已就业")
    other_label = (
        _("认定不再计入（无就业意愿或上年已清零）") if goal.households else _("不再计入（身份结束或无就业意愿）")
    )
    joined = [records[pk] for pk in records if pk in joined_ids]
    left = [(records[pk], done_label if pk in done_ids else other_label) for pk in records if pk in left_ids]
    return joined, left
