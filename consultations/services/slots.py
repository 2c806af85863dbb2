"""The booking calendar: slots generated from opening hours, holidays and make-up working days."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.utils import timezone

from consultations.holidays import calendar_exceptions, is_working_day
from consultations.models import CalendarDay, Slot, Topic


def slots_generate(*, topic: Topic, start: datetime.date, end: datetime.date) -> int:
    """Create the missing slots of a topic between two days from its places' opening hours.

    Holidays get none; a make-up working day on a weekend follows the place's Monday hours
    when it has none of its own for that weekday. Returns the number of slots created.
    """
    exceptions = calendar_exceptions(start=start, end=end)
    length = datetime.timedelta(minutes=topic.slot_minutes)
    candidates = []
    for place in topic.places.filter(is_active=True).prefetch_related("hours"):
        periods: dict[int, list[tuple[datetime.time, datetime.time]]] = defaultdict(list)
        for hours in place.hours.all():
            periods[hours.weekday].append((hours.opens_at, hours.closes_at))
        day = start
        while day <= end:
            if is_working_day(day, exceptions):
                todays = periods.get(day.weekday()) or (periods.get(0, []) if day.weekday() >= 5 else [])
                for opens, closes in todays:
                    begin = timezone.make_aware(datetime.datetime.combine(day, opens))
                    close = timezone.make_aware(datetime.datetime.combine(day, closes))
                    while begin + length <= close:
                        candidates.append(
                            Slot(
                                topic=topic,
                                place=place,
                                slot_date=day,
                                starts_at=begin,
                                ends_at=begin + length,
                                capacity=topic.capacity,
                            )
                        )
                        begin += length
            day += datetime.timedelta(days=1)
    before = Slot.objects.filter(topic=topic).count()
    Slot.objects.bulk_create(candidates, ignore_conflicts=True, batch_size=500)
    return Slot.objects.filter(topic=topic).count() - before


def slots_generate_all(*, today: datetime.date | None = None) -> int:
    """Slots of every active topic for its whole booking window (the nightly job)."""
    today = today or timezone.localdate()
    return sum(
        slots_generate(topic=topic, start=today, end=topic.window_on(today)[1])
        for topic in Topic.objects.filter(is_active=True)
    )


def calendar_day_set(*, day: datetime.date, kind: str, name: str = "") -> CalendarDay:
    calendar_day, _created = CalendarDay.objects.update_or_create(day=day, defaults={"kind": kind, "name": name})
    return calendar_day
