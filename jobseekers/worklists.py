"""Reads behind the clearance worklists (清零工作清单): the rows, the per-committee summary and the
monthly inflow and outflow that show a "zero" holds. Built on :mod:`jobseekers.clearance`."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import F, Min, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from jobseekers import clearance, selectors
from jobseekers.models import Household, Person
from zhuqiao.models import Area, User


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

#: The person filters of ``selectors.profile_filter`` the person worklists take as well.
PROFILE_FILTERS = ("sex", "age", "graduated")

PERSON_SORTS = {
    "name": ("name",),
    "area": ("area_id", "name"),
    "contact": (F("last_contact_on").asc(nulls_first=True), "name"),
    "next": (F("next_followup_on").asc(nulls_last=True), "name"),
    "cases": ("-open_cases", "name"),
    "since": ("joined_on", "name"),
}
HOUSEHOLD_SORTS = {
    "no": ("household_no",),
    "area": ("area_id", "household_no"),
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


@dataclass
class Snapshot:
    """One pass over a goal's base as the user may see it: who is still open, per committee.

    The page, its per-committee table and its row count all come from this one query, instead of
    four queries that each recompute the goal at town size.
    """

    open_ids: list[int]
    base_by_area: dict[int, int]
    open_by_area: dict[int, int]


#: Above this many open rows the page filters by subquery rather than by a list of ids (a
#: PostgreSQL statement takes at most 65,535 parameters).
MAX_ID_LIST = 20_000


def snapshot(*, goal: Goal, user: User, year: int, as_of: datetime.date) -> Snapshot:
    if goal.households:
        done: Any = clearance.household_cleared_flag(as_of=as_of)
    else:
        done = clearance.employed_as_of(as_of)
    rows = (
        base(goal, year=year, as_of=as_of)
        .for_user(user)
        .annotate(done=done)
        .order_by()  # order is irrelevant here; the model's default would join and sort the town
        .values_list("pk", "area_id", "done")
    )
    open_ids: list[int] = []
    base_by_area: dict[int, int] = {}
    open_by_area: dict[int, int] = {}
    for pk, area_id, is_done in rows:
        base_by_area[area_id] = base_by_area.get(area_id, 0) + 1
        if not is_done:
            open_ids.append(pk)
            open_by_area[area_id] = open_by_area.get(area_id, 0) + 1
    return Snapshot(open_ids=open_ids, base_by_area=base_by_area, open_by_area=open_by_area)


def worklist_rows(
    *,
    goal: Goal,
    user: User,
    year: int,
    as_of: datetime.date,
    filters: Any,
    taken: Snapshot | None = None,
) -> QuerySet[Any]:
    """The worklist the user may see, with contact dates and open cases, filtered and sorted.

    ``filters``: ``area`` (committee code), ``sex``, ``age``, ``graduated`` (persons only, see
    ``selectors.profile_filter``; the graduate worklist by graduation year), ``q`` (the person list's search; for households the
    household number), ``sort`` (``name``/``no``, ``area``, ``contact``, ``next``, ``cases``,
    ``since``; default: by committee, then name or household number; ``contact`` puts those longest
    without contact first). ``taken``: a snapshot already made for
    this goal, user and period (the page passes the one it shows the committee table from).
    """
    taken = taken or snapshot(goal=goal, user=user, year=year, as_of=as_of)
    model: Any = Household if goal.households else Person
    if connection.vendor == "postgresql":
        # one array parameter, however long the list (IN (...) would take one parameter per id)
        qs = model.objects.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (taken.open_ids,)))
    elif len(taken.open_ids) <= MAX_ID_LIST:
        qs = model.objects.filter(pk__in=taken.open_ids)
    else:
        qs = worklist(goal, year=year, as_of=as_of).for_user(user)
    qs = qs.select_related("area")
    area = (filters.get("area") or "").strip()
    if area:
        qs = qs.filter(area__code=area)
    q = (filters.get("q") or "").strip()
    if goal.households:
        if q:
            qs = qs.filter(household_no__startswith=q)
        latest = (
            clearance.qualifying_certifications(year=year, as_of=as_of)
            .filter(household_id=OuterRef("pk"))
            .order_by("-certified_on")
            .values("certified_on")[:1]
        )
        qs = selectors.annotate_contact(
            qs.annotate(
                certified_on=Subquery(latest),
                member_count=selectors.household_member_count(),
            ),
            person_path="person__household_id",
        )
        sorts = HOUSEHOLD_SORTS
    else:
        if q:
            qs = qs.filter(selectors.search_filter(q))
        qs = qs.filter(selectors.profile_filter(filters, day=as_of))
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
    return qs.order_by(*sorts.get((filters.get("sort") or "").strip(), sorts["area"]), "pk")


def committee_summary(
    *, goal: Goal, user: User, year: int, as_of: datetime.date, taken: Snapshot | None = None
) -> list[dict[str, Any]]:
    """Per committee the user may see: base, still on the worklist, and the rate."""
    taken = taken or snapshot(goal=goal, user=user, year=year, as_of=as_of)
    areas = Area.objects.in_bulk(list(taken.base_by_area))
    rows: list[dict[str, Any]] = []
    for area_id, total in taken.base_by_area.items():
        open_ = taken.open_by_area.get(area_id, 0)
        done = total - open_
        area = areas[area_id]
        rows.append(
            {
                "code": area.code,
                "name": area.name,
                "base": total,
                "open": open_,
                "done": done,
                "rate": round(done * 100 / total, 1) if total else None,
            }
        )
    rows.sort(key=lambda r: (-r["open"], r["code"]))
    return rows


def known_count(taken: Snapshot, filters: Any) -> int | None:
    """The number of rows ``worklist_rows`` returns, when the snapshot already tells it."""
    if any((filters.get(name) or "").strip() for name in ("q", *PROFILE_FILTERS)):
        return None
    code = (filters.get("area") or "").strip()
    if not code:
        return len(taken.open_ids)
    area = Area.objects.filter(code=code).values_list("pk", flat=True).first()
    return taken.open_by_area.get(area, 0) if area is not None else 0


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


def monthly_flow(*, goal: Goal, user: User, year: int, as_of: datetime.date) -> list[dict[str, Any]]:
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
    *, goal: Goal, user: User, year: int, month: int, as_of: datetime.date
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
