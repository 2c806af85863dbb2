"""Departments' own groups (部门重点群体): the plan gives each department a group of its own, which
the department sees town-wide, masked and read-only beyond its own cases:

- 团委 (``youth_league``): graduates, and long-term unemployed youth;
- 妇联 (``womens_federation``): women of working age who are not employed;
- 退役军人服务站 (``veterans_station``): veterans;
- 工会 (``trade_union``): people in training cohorts.

Each group is a queryset of persons as of a day; the definitions are stated on the page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from jobseekers import clearance, extensions
from jobseekers.models import Employment, Person, TargetGroupMembership
from jobseekers.selectors import active_membership_filter, born_for_age
from zhuqiao.roles import Role

if TYPE_CHECKING:
    from zhuqiao.models import User

Group = TargetGroupMembership.Group

#: Long-term unemployed youth: aged 16 to 35, a job seeker of the register, and not employed for
#: this many months or more.
YOUTH_AGES = (16, 35)
LONG_TERM_MONTHS = 6


@dataclass(frozen=True)
class DepartmentGroup:
    code: str
    department: str
    label: Any
    definition: Any


GROUPS: dict[str, DepartmentGroup] = {
    g.code: g
    for g in (
        DepartmentGroup("graduates", "youth_league", _("应届高校毕业生"), _("有效的“应届毕业生”重点群体身份的人员。")),
        DepartmentGroup(
            "long_term_youth",
            "youth_league",
            _("长期失业青年"),
            _(
                "年龄16至35周岁，具有登记失业人员、就业困难人员或新退工人员身份，"
                "且最近6个月及以上没有任何就业记录的人员。"
            ),
        ),
        DepartmentGroup(
            "women",
            "womens_federation",
            _("未就业的劳动年龄妇女"),
            _("年龄16至55周岁（女性法定劳动年龄）、今天没有在业记录的女性。"),
        ),
        DepartmentGroup("veterans", "veterans_station", _("退役军人"), _("有效的“退役军人”重点群体身份的人员。")),
        DepartmentGroup("trainees", "trade_union", _("培训班学员"), _("报名参加过培训班（三位一体培训）的人员。")),
    )
}


def groups_for(user: User) -> list[DepartmentGroup]:
    """The groups a user sees: a department's own; town-wide roles see every group."""
    if getattr(user, "sees_whole_town", False) or getattr(user, "is_superuser", False):
        return list(GROUPS.values())
    if getattr(user, "role", None) == Role.DEPARTMENT and user.department_id:
        # department staff have a department (constraint user_department_has_department)
        return [g for g in GROUPS.values() if g.department == user.department.code]  # type: ignore[union-attr]
    return []


def members(group: DepartmentGroup, *, day: datetime.date) -> QuerySet[Person]:
    """The persons of ``group`` as of ``day``, town-wide (the caller checks the user owns it)."""
    qs = Person.objects.all()
    if group.code == "graduates":
        running = TargetGroupMembership.objects.filter(active_membership_filter(day, group=Group.GRADUATE))
        return qs.filter(Exists(running.filter(person_id=OuterRef("pk"))))
    if group.code == "veterans":
        running = TargetGroupMembership.objects.filter(active_membership_filter(day, group=Group.VETERAN))
        return qs.filter(Exists(running.filter(person_id=OuterRef("pk"))))
    if group.code == "long_term_youth":
        seekers = TargetGroupMembership.objects.filter(
            active_membership_filter(day), group__in=[Group.UNEMPLOYED, Group.DIFFICULTY, Group.LAID_OFF]
        )
        since = day - relativedelta(months=LONG_TERM_MONTHS)
        recent_jobs = Employment.objects.filter(start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=since)
        )
        return qs.filter(
            born_for_age(day, *YOUTH_AGES),
            Exists(seekers.filter(person_id=OuterRef("pk"))),
            ~Exists(recent_jobs.filter(person_id=OuterRef("pk"))),
        )
    if group.code == "women":
        return qs.filter(
            born_for_age(day, settings.WORKING_AGE_MIN, settings.WORKING_AGE_MAX_FEMALE),
            ~clearance.employed_as_of(day),
            sex=Person.Sex.FEMALE,
        )
    if group.code in extensions.group_conditions:  # e.g. trainees, from the activities app
        return qs.filter(extensions.group_conditions[group.code](day))
    raise KeyError(group.code)


def own_case_ids(user: User, persons: list[Person]) -> set[int]:
    """Of ``persons``, those with a case the user's department may see (they may open those)."""
    ids = [p.pk for p in persons]
    found: set[int] = set()
    for lookup in extensions.case_persons:  # registered by the cases app
        found |= lookup(user, ids)
    return found
