"""Reads of consultation booking: what the public may book, and the staff's day view."""

from __future__ import annotations

import datetime
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from consultations.holidays import calendar_exceptions
from consultations.models import Booking, NoShowBlock, Place, Slot, Topic, TriageQuestion
from jobseekers.models import Person
from zhuqiao.personal_data import phone_hash

if TYPE_CHECKING:
    from zhuqiao.models import User


def topics_bookable() -> QuerySet[Topic]:
    return (
        Topic.objects.filter(is_active=True)
        .select_related("department")
        .prefetch_related(Prefetch("questions", queryset=TriageQuestion.objects.order_by("sort_order", "id")))
    )


def slots_bookable(*, topic: Topic, now: datetime.datetime, day: datetime.date | None = None) -> QuerySet[Slot]:
    """Slots a resident may pick now: in the topic's window, before the cut-off, on working days.

    Full slots are included (shown as full); filter on ``remaining`` to drop them.
    """
    first, last = topic.window_on(timezone.localdate(now))
    if day is not None:
        first, last = max(first, day), min(last, day)
    exceptions = calendar_exceptions(start=first, end=last)
    closed = [d for d, kind in exceptions.items() if kind == "holiday"]
    weekend_open = [d for d, kind in exceptions.items() if kind == "workday"]
    qs = (
        Slot.objects.filter(
            topic=topic,
            place__is_active=True,
            slot_date__gte=first,
            slot_date__lte=last,
            starts_at__gt=now + datetime.timedelta(hours=topic.cutoff_hours),
        )
        .exclude(slot_date__in=closed)
        # Weekend slots only on make-up working days (slots are generated that way; this also
        # hides slots of a day the administrators later mark differently).
        .exclude(Q(slot_date__week_day__in=[1, 7]) & ~Q(slot_date__in=weekend_open))
        .select_related("place")
        .order_by("starts_at", "place__name")
    )
    return qs


def dates_bookable(*, topic: Topic, now: datetime.datetime) -> list[dict[str, Any]]:
    """Each bookable date with its places left (for the date chooser)."""
    rows = (
        slots_bookable(topic=topic, now=now)
        .values("slot_date")
        .annotate(capacity=Sum("capacity"), booked=Sum("booked_count"))
        .order_by("slot_date")
    )
    return [{"day": row["slot_date"], "remaining": max(0, row["capacity"] - row["booked"])} for row in rows]


def booking_for_resident(*, code: str, phone_last4: str) -> Booking | None:
    """The booking matching the code and the phone's last four digits, or None (either wrong)."""
    if len(phone_last4) != 4 or not phone_last4.isdigit():
        return None
    booking = Booking.objects.select_related("topic", "slot__place", "topic__department").filter(code=code).first()
    if booking is None or not booking.phone_masked.endswith(phone_last4):
        return None
    return booking


def bookings_for_day(
    *, user: User, day: datetime.date, place: Place | None = None, department_id: int | None = None
) -> QuerySet[Booking]:
    qs = (
        Booking.objects.for_user(user)
        .filter(slot__slot_date=day)
        .select_related("topic__department", "slot__place", "case", "handled_by")
        .order_by("slot__starts_at", "slot__place__name", "id")
    )
    if place is not None:
        qs = qs.filter(slot__place=place)
    if department_id:
        qs = qs.filter(topic__department_id=department_id)
    return qs


def day_groups(bookings: QuerySet[Booking]) -> OrderedDict[str, list[Booking]]:
    groups: OrderedDict[str, list[Booking]] = OrderedDict()
    for booking in bookings:
        groups.setdefault(booking.slot.place.name, []).append(booking)
    return groups


def blocks_active(*, now: datetime.datetime) -> QuerySet[NoShowBlock]:
    return NoShowBlock.objects.filter(lifted_at__isnull=True, blocked_until_at__gt=now).order_by("-created_at")


def persons_matching(*, user: User, query: str) -> QuerySet[Person]:
    """Persons the user may see whose name contains the query or whose phone is it."""
    query = query.strip()
    if not query:
        return Person.objects.none()
    return (
        Person.objects.for_user(user)
        .filter(Q(name__icontains=query) | Q(phone_hash=phone_hash(query)))
        .select_related("area")
        .order_by("name", "id")[:20]
    )
