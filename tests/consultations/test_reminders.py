"""Reminders the evening before (18:00) and one hour before: each sent once even when the job
runs twice, by SMS and (when given) by e-mail."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core import mail

from consultations import services, tasks
from consultations.models import Booking
from tests.consultations.conftest import NOW, local
from zhuqiao.sms import LocmemSmsBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(slot) -> Booking:
    booking = services.booking_create(
        slot_id=slot.pk, name="张伟", phone="13912345678", email="zhang@example.com", consent=True, now=NOW
    )
    LocmemSmsBackend.outbox.clear()  # the confirmation
    mail.outbox.clear()
    return booking


def test_evening_reminder_is_sent_once_when_the_job_runs_twice(booking, slot):
    evening_before = local(slot.slot_date - datetime.timedelta(days=1), 18)
    with time_machine.travel(evening_before, tick=False):
        assert tasks.reminders_dispatch.delay("evening").get() == 1
        tasks.reminders_dispatch.delay("evening").get()
        tasks.booking_send_reminder.delay(booking.pk, "evening").get()  # a duplicate delivery of the task
    assert len(LocmemSmsBackend.outbox) == 1
    phone, text = LocmemSmsBackend.outbox[0]
    assert phone == "13912345678" and "明天" in text and booking.code in text
    assert len(mail.outbox) == 1
    booking.refresh_from_db()
    assert booking.reminder_evening_sent_at == evening_before


def test_hour_reminder_is_sent_once_within_the_last_hour(booking, slot):
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=90), tick=False):
        assert tasks.reminders_dispatch.delay("hour").get() == 0  # too early
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=55), tick=False):
        assert tasks.reminders_dispatch.delay("hour").get() == 1
        assert tasks.reminders_dispatch.delay("hour").get() == 0
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=50), tick=False):
        assert services.booking_remind(booking_id=booking.pk, kind="hour") is False
    assert len(LocmemSmsBackend.outbox) == 1
    assert "一小时内" in LocmemSmsBackend.outbox[0][1]


def test_cancelled_or_vanished_bookings_get_no_reminder(booking, slot):
    services.booking_cancel(booking=booking, now=NOW)
    assert services.booking_remind(booking_id=booking.pk, kind="evening") is False
    assert services.booking_remind(booking_id=999_999, kind="evening") is False
    assert tasks.booking_send_confirmation.delay(999_999).get() is False
    assert LocmemSmsBackend.outbox == []


def test_rescheduling_owes_a_fresh_reminder(booking, slot, topic, place):
    from tests.factories.consultations import SlotFactory

    services.booking_remind(booking_id=booking.pk, kind="evening", now=NOW)
    later = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 8), 10))
    services.booking_reschedule(booking=booking, new_slot_id=later.pk, now=NOW)
    booking.refresh_from_db()
    assert booking.reminder_evening_sent_at is None


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_reminder_once_when_the_job_is_queued_twice(use_real_worker, topic, place):
    """Two dispatches through Redis to the real worker: the compare-and-swap claim wins once."""
    from django.utils import timezone

    from tests.factories.consultations import BookingFactory, SlotFactory

    soon = SlotFactory(topic=topic, place=place, starts_at=timezone.now() + datetime.timedelta(minutes=30))
    booking = BookingFactory(slot=soon, phone="13987654321")
    first = tasks.booking_send_reminder.delay(booking.pk, "hour")
    second = tasks.booking_send_reminder.delay(booking.pk, "hour")
    results = sorted([first.get(timeout=20), second.get(timeout=20)])
    assert results == [False, True]
    booking.refresh_from_db()
    assert booking.reminder_hour_sent_at is not None


def test_beat_schedule_names_the_booking_tasks():
    from django.conf import settings

    from zhuqiao.celery import app

    app.loader.import_default_modules()
    entries = {
        name: entry for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if name.startswith("consultations-")
    }
    assert {entry["task"] for entry in entries.values()} == {
        "consultations.tasks.reminders_dispatch",
        "consultations.tasks.slots_generate_all",
        "consultations.tasks.bookings_anonymise",
    }
    assert all(entry["task"] in app.tasks for entry in entries.values())
    evening = entries["consultations-evening-reminders"]
    assert (evening["args"], evening["schedule"].hour) == (("evening",), {18})
