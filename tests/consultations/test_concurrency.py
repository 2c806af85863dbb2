"""No double booking under concurrency, guaranteed by PostgreSQL: 50 threads, each with its own
database connection, book a slot of capacity 3 at the same moment through the API."""

from __future__ import annotations

import datetime
import threading
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from consultations import services
from consultations.holidays import calendar_exceptions, is_working_day
from consultations.models import Booking, Slot
from tests.factories.consultations import SlotFactory

URL = "/api/v1/consultations/bookings/"


def next_working_day() -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=1)
    exceptions = calendar_exceptions(start=day, end=day + datetime.timedelta(days=14))
    while not is_working_day(day, exceptions):
        day += datetime.timedelta(days=1)
    return day


def slot_on_next_working_day(topic, place, *, hour: int, capacity: int) -> Slot:
    starts = timezone.make_aware(datetime.datetime.combine(next_working_day(), datetime.time(hour)))
    return SlotFactory(topic=topic, place=place, starts_at=starts, capacity=capacity)


def run_at_once(count: int, action) -> list:
    """Run ``action(i)`` in ``count`` threads released together; each closes its connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = action(i)
        except Exception as exc:  # recorded, then asserted on: a crash must fail the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_requests_for_three_places_give_three_bookings_and_47_full(topic, place):
    slot = slot_on_next_working_day(topic, place, hour=10, capacity=3)

    def book(i: int) -> tuple[int, str]:
        response = APIClient().post(
            URL,
            {"slot": slot.pk, "name": f"并发{i}", "phone": f"139{i:08d}", "consent": True},
            format="json",
            REMOTE_ADDR=f"10.9.0.{i + 1}",
        )
        return response.status_code, response.json().get("code", "")

    results = run_at_once(50, book)
    assert not [r for r in results if isinstance(r, Exception)], results
    statuses = Counter(status for status, _code in results)
    assert statuses == {201: 3, 409: 47}, statuses
    assert Counter(code for status, code in results if status == 409) == {"full": 47}
    slot.refresh_from_db()
    rows = Booking.objects.filter(slot=slot).exclude(status=Booking.Status.CANCELLED).count()
    assert slot.booked_count == rows == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_reschedules_into_one_slot_respect_its_capacity(topic, place):
    target = slot_on_next_working_day(topic, place, hour=15, capacity=3)
    sources = [slot_on_next_working_day(topic, place, hour=9, capacity=20)]
    now = timezone.now()
    bookings = [
        services.booking_create(slot_id=sources[0].pk, name=f"改约{i}", phone=f"137{i:08d}", consent=True, now=now)
        for i in range(12)
    ]

    def move(i: int) -> str:
        try:
            services.booking_reschedule(booking=bookings[i], new_slot_id=target.pk)
        except services.SlotFull:
            return "full"
        return "moved"

    results = run_at_once(12, move)
    assert Counter(results) == {"moved": 3, "full": 9}, results
    target.refresh_from_db()
    sources[0].refresh_from_db()
    assert target.booked_count == Booking.objects.filter(slot=target).count() == 3
    assert sources[0].booked_count == Booking.objects.filter(slot=sources[0]).count() == 9
