"""The people register's part of the staff desk: re-confirmations due. The committee's four
clearance goals at a glance are the metrics app's panel (``metrics.desk``), read from its
snapshot; before the first snapshot of the year it counts them live here (``goals_live``)."""

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
    return [
        DeskItem(
            _("待复核就业意愿"),
            due,
            reverse("jobseekers:reconfirmations"),
            _("复核日期已到或在30天内"),
            urgent=True,
        )
    ]


def goals_live(user: User, today: datetime.date) -> list[GoalGlance]:
    """The committee's four clearance goals counted now over the register (the metrics app's desk
    panel shows them so before the first snapshot of the year, ``metrics.desk``)."""
    goals = []
    for goal in worklists.GOALS.values():
        taken = worklists.snapshot(goal=goal, user=user, year=today.year, as_of=today)
        base = sum(taken.base_by_area.values())
        url = reverse("jobseekers:worklist", kwargs={"goal": goal.code})
        goals.append(GoalGlance(goal.label, base, base - len(taken.open_ids), url))
    return goals
