"""The people register's part of the staff desk: re-confirmations due and, for committee staff,
their committee's four clearance goals at a glance."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jobseekers import worklists
from jobseekers.selectors import reconfirmations_due
from zhuqiao.desk import DeskItem, GoalGlance
from zhuqiao.models import User


def items(user: User, today: datetime.date) -> list[Any]:
    if user.role not in (User.Role.COMMITTEE, User.Role.CENTRE):
        return []
    due = reconfirmations_due(user=user, within_days=30, day=today).order_by().count()
    found: list[Any] = [
        DeskItem(
            _("待复核就业意愿"),
            due,
            reverse("jobseekers:reconfirmations"),
            _("复核日期已到或在30天内"),
            urgent=True,
        )
    ]
    if user.role == User.Role.COMMITTEE:
        found.extend(_goals_from_snapshot(user, today) or _goals_live(user, today))
    return found


def _goals_from_snapshot(user: User, today: datetime.date) -> list[GoalGlance]:
    """The committee's four goals as the current metrics snapshot of the year counted them (one
    query; the snapshot is refreshed within a minute of an edit). Empty when there is none yet."""
    from metrics.selectors import area_clearance_counts  # metrics imports the people register

    if user.area_id is None:
        return []
    as_of, counts = area_clearance_counts(area_id=user.area_id, year=today.year, as_of=today)
    if as_of is None:
        return []
    goals = []
    for goal in worklists.GOALS.values():
        base, done = counts.get(goal.code, (0, 0))
        url = reverse("jobseekers:worklist", kwargs={"goal": goal.code})
        goals.append(GoalGlance(goal.label, base, done, url, as_of=as_of))
    return goals


def _goals_live(user: User, today: datetime.date) -> list[GoalGlance]:
    """The four goals counted now over the register (before the first snapshot of the year)."""
    goals = []
    for goal in worklists.GOALS.values():
        taken = worklists.snapshot(goal=goal, user=user, year=today.year, as_of=today)
        base = sum(taken.base_by_area.values())
        url = reverse("jobseekers:worklist", kwargs={"goal": goal.code})
        goals.append(GoalGlance(goal.label, base, base - len(taken.open_ids), url))
    return goals
