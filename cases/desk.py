"""The casework queues of the staff desk: overdue follow-ups and referrals waiting for my department."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.selectors import overdue_q
from zhuqiao.desk import DeskItem
from zhuqiao.models import User


def _inbox_kind(user: User) -> str:
    if user.role == User.Role.DEPARTMENT and user.department_id:
        return "department"
    if user.role == User.Role.COMMITTEE and user.area_id:
        return "committee"
    return "town" if user.sees_whole_town else "mine"


def items(user: User, today: datetime.date) -> list[DeskItem]:
    if not user.can_edit or user.role == User.Role.ADMIN:
        return []
    kind = _inbox_kind(user)
    cases = Case.objects.for_user(user)
    if kind == "department":
        cases = cases.filter(Q(department_id=user.department_id) | Q(referred_to_id=user.department_id))
    elif kind == "mine":
        cases = cases.filter(owner_id=user.pk)
    # Two counts, each narrowed by the status and date indexes, rather than one pass over the town's cases.
    counts = {"overdue": cases.filter(overdue_q(today)).order_by().count()}
    if user.department_id:
        referred = cases.filter(status=Case.Status.REFERRED, referred_to_id=user.department_id)
        counts["referred"] = referred.order_by().count()
    inbox = reverse("cases:inbox", kwargs={"kind": kind})
    found = [
        DeskItem(_("跟进已逾期的个案"), counts["overdue"], f"{inbox}?overdue=1", _("下次跟进日期已过"), urgent=True)
    ]
    if user.department_id:
        department_inbox = reverse("cases:inbox", kwargs={"kind": "department"})
        found.append(
            DeskItem(
                _("待本部门接收的转介"),
                counts["referred"],
                f"{department_inbox}?status=referred",
                _("转介到本部门、尚未接收"),
                urgent=True,
            )
        )
    return found
