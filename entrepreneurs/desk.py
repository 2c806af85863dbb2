"""The ventures' queue of the staff desk: policy windows closing within 90 days."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from entrepreneurs.selectors import policy_opportunity_count
from zhuqiao.desk import DeskItem
from zhuqiao.models import User

WITHIN_DAYS = 90


def items(user: User, today: datetime.date) -> list[DeskItem]:
    if user.role not in (User.Role.COMMITTEE, User.Role.CENTRE):
        return []
    closing = policy_opportunity_count(user=user, today=today, closing_within_days=WITHIN_DAYS)
    url = f"{reverse('entrepreneurs:opportunity_list')}?within={WITHIN_DAYS}"
    return [DeskItem(_("即将截止的政策窗口"), closing, url, _("90天内截止、尚未享受"))]
