"""The metrics app's part of the staff desk: for committee staff, their committee's four
clearance goals at a glance, read from the current metrics snapshot of the year (one query; the
snapshot is refreshed within a minute of an edit), or counted live over the people register
before the year's first snapshot. Registered with the desk in ``MetricsConfig.ready()``."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse

from jobseekers import worklists
from jobseekers.desk import goals_live
from metrics.selectors import area_clearance_counts
from zhuqiao.desk import GoalGlance
from zhuqiao.models import User


def goals(user: User, today: datetime.date) -> list[Any]:
    if user.role != User.Role.COMMITTEE:
        return []
    return _goals_from_snapshot(user, today) or goals_live(user, today)


def _goals_from_snapshot(user: User, today: datetime.date) -> list[GoalGlance]:
    """The committee's four goals as the current metrics snapshot of the year counted them.
    Empty when there is none yet."""
    if user.area_id is None:
        return []
    as_of, counts = area_clearance_counts(area_id=user.area_id, year=today.year, as_of=today)
    if as_of is None:
        return []
    found = []
    for goal in worklists.GOALS.values():
        base, done = counts.get(goal.code, (0, 0))
        url = reverse("jobseekers:worklist", kwargs={"goal": goal.code})
        found.append(GoalGlance(goal.label, base, done, url, as_of=as_of))
    return found
