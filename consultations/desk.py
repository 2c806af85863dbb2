"""The consultation queue of the staff desk: today's bookings at my places."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from consultations.models import Booking
from zhuqiao.desk import DeskItem
from zhuqiao.models import User


def items(user: User, today: datetime.date) -> list[DeskItem]:
    if user.role not in (User.Role.DEPARTMENT, User.Role.CENTRE):
        return []
    bookings = Booking.objects.for_user(user).filter(slot__slot_date=today).exclude(status=Booking.Status.CANCELLED)
    url = reverse("consultations:day")
    if user.role == User.Role.DEPARTMENT and user.department_id:
        bookings = bookings.filter(topic__department_id=user.department_id)
        url = f"{url}?department={user.department_id}"
    counts = bookings.aggregate(total=Count("pk"), waiting=Count("pk", filter=Q(status=Booking.Status.BOOKED)))
    hint = _("%(waiting)d 人待签到") % {"waiting": counts["waiting"]}
    return [DeskItem(_("今天的预约"), counts["total"], url, hint)]
