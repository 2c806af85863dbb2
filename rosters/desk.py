"""The rosters' queue of the staff desk: imports checked and awaiting confirmation."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rosters.apps import IMPORT_ROLES
from rosters.models import ImportRun
from rosters.selectors import import_runs_for_user
from zhuqiao.desk import DeskItem
from zhuqiao.models import User


def items(user: User, today: datetime.date) -> list[DeskItem]:
    if user.role not in IMPORT_ROLES or user.role == User.Role.ADMIN:
        return []
    waiting = import_runs_for_user(user=user).filter(status=ImportRun.Status.CHECKED).order_by().count()
    return [DeskItem(_("待确认的名册导入"), waiting, reverse("rosters:index"), _("校验已通过，等待确认导入"))]
