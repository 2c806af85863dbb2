"""The notices of a booking: the confirmation within seconds, reminders the evening before (18:00)
and one hour before. Each is sent once even when the job runs twice, by SMS and (when given) by
e-mail; the booking request itself never waits for the queue."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
import time_machine
from django.core import mail

from consultations import services, tasks
from consultations.models import Booking
from consultations.services import notices
from tests.conftest import celery_eager
from tests.consultations.conftest import NOW, local
from zhuqiao.sms import LocmemSmsBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(slot) -> Booking:
    booking = services.booking_create(
        slot_id=slot.pk, name="张伟", phone="13912345678", email="zhang@example.com", consent=True, now=NOW
    )
    # Its confirmation is owed (sent when the transaction commits, which this test never does).
    return booking


@pytest.fixture
def queued_tasks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[tuple[str, tuple]]]:
    """Celery as in production (a worker, not eager), with every message the code would queue
    recorded instead of sent to Redis."""
    from celery.app.task import Task

    sent: list[tuple[str, tuple]] = []

    def record(task: Task, args: tuple = (), *rest: object, **options: object) -> None:
        sent.append((task.name, tuple(args)))

    monkeypatch.setattr(Task, "apply_async", record)
    with celery_eager(False):
        yield sent


def test_the_booking_request_queues_nothing_and_the_sweep_confirms_once(
    slot, queued_tasks, django_capture_on_commit_callbacks
):
    from rest_framework.test import APIClient

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            "/api/v1/consultations/bookings/",
            {"slot": slot.pk, "name": "张伟", "phone": "13912345678", "email": "zhang@example.com", "consent": True},
            format="json",
        )
    assert response.status_code == 201, response.content
    # Nothing queued, nothing sent in the request: a Redis outage cannot fail a booking.
    assert queued_tasks == [] and LocmemSmsBackend.outbox == []
    booking = Booking.objects.get(code=response.json()["code"])
    assert booking.confirmation_sent_at is None

    with time_machine.travel(NOW, tick=False):
        assert services.notices_due(kind="confirmation", now=NOW) == [booking.pk]
        assert services.booking_notify(booking_id=booking.pk, kind="confirmation") is True
        assert services.booking_notify(booking_id=booking.pk, kind="confirmation") is False  # run twice
        assert services.notices_due(kind="confirmation", now=NOW) == []
    [(phone, text)] = LocmemSmsBackend.outbox
    assert phone == "13912345678" and booking.code in text and "您已预约" in text
    assert mail.outbox[0].attachments[0][0] == f"{booking.code}.ics"
    booking.refresh_from_db()
    assert booking.confirmation_sent_at == NOW


def test_the_sweep_through_the_task_sends_each_confirmation_once(booking, slot):
    with time_machine.travel(NOW, tick=False):
        assert tasks.notices_dispatch.delay("confirmation").get() == 1
        assert tasks.notices_dispatch.delay("confirmation").get() == 0
        tasks.booking_send_notice.delay(booking.pk, "confirmation").get()  # a duplicate delivery
    assert len(LocmemSmsBackend.outbox) == 1


def test_a_failed_delivery_gives_the_claim_back_for_the_next_sweep(booking, monkeypatch):
    def gateway_down(**kwargs: object) -> None:
        raise ConnectionError("SMS gateway unreachable")

    monkeypatch.setattr(notices, "send_sms", gateway_down)
    with pytest.raises(ConnectionError):
        services.booking_notify(booking_id=booking.pk, kind="confirmation", now=NOW)
    booking.refresh_from_db()
    assert booking.confirmation_sent_at is None
    monkeypatch.undo()
    assert services.booking_notify(booking_id=booking.pk, kind="confirmation", now=NOW) is True
    assert len(LocmemSmsBackend.outbox) == 1


def test_no_confirmation_is_owed_for_demo_bookings_or_slots_already_over(slot, topic, place):
    from tests.factories.consultations import SlotFactory

    demo = services.booking_create(
        slot_id=slot.pk, name="演示", phone="13900000009", consent=True, source="demo", now=NOW
    )
    assert demo.confirmation_sent_at == NOW
    past = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 1), 10))
    Booking.objects.create(code="PAST2345", slot=past, topic=topic, name="李娜", phone="13900000010", consent_at=NOW)
    assert services.notices_due(kind="confirmation", now=NOW) == []


def test_evening_reminder_is_sent_once_when_the_job_runs_twice(booking, slot):
    evening_before = local(slot.slot_date - datetime.timedelta(days=1), 18)
    with time_machine.travel(evening_before, tick=False):
        assert tasks.notices_dispatch.delay("evening").get() == 1
        tasks.notices_dispatch.delay("evening").get()
        tasks.booking_send_notice.delay(booking.pk, "evening").get()  # a duplicate delivery of the task
    assert len(LocmemSmsBackend.outbox) == 1
    phone, text = LocmemSmsBackend.outbox[0]
    assert phone == "13912345678" and "明天" in text and booking.code in text
    assert len(mail.outbox) == 1
    booking.refresh_from_db()
    assert booking.reminder_evening_sent_at == evening_before


def test_hour_reminder_is_sent_once_within_the_last_hour(booking, slot):
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=90), tick=False):
        assert tasks.notices_dispatch.delay("hour").get() == 0  # too early
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=55), tick=False):
        assert tasks.notices_dispatch.delay("hour").get() == 1
        assert tasks.notices_dispatch.delay("hour").get() == 0
    with time_machine.travel(slot.starts_at - datetime.timedelta(minutes=50), tick=False):
        assert services.booking_notify(booking_id=booking.pk, kind="hour") is False
    assert len(LocmemSmsBackend.outbox) == 1
    assert "一小时内" in LocmemSmsBackend.outbox[0][1]


def test_cancelled_or_vanished_bookings_get_no_reminder(booking, slot):
    services.booking_cancel(booking=booking, now=NOW)
    assert services.booking_notify(booking_id=booking.pk, kind="evening") is False
    assert services.booking_notify(booking_id=999_999, kind="evening") is False
    assert tasks.booking_send_notice.delay(999_999, "confirmation").get() is False
    assert LocmemSmsBackend.outbox == []


def test_rescheduling_owes_a_fresh_confirmation_and_reminder(booking, slot, topic, place):
    from tests.factories.consultations import SlotFactory

    services.booking_notify(booking_id=booking.pk, kind="confirmation", now=NOW)
    services.booking_notify(booking_id=booking.pk, kind="evening", now=NOW)
    later = SlotFactory(topic=topic, place=place, starts_at=local(datetime.date(2026, 12, 8), 10))
    services.booking_reschedule(booking=booking, new_slot_id=later.pk, now=NOW)
    booking.refresh_from_db()
    assert booking.confirmation_sent_at is None and booking.reminder_evening_sent_at is None
    LocmemSmsBackend.outbox.clear()
    assert services.booking_notify(booking_id=booking.pk, kind="confirmation", now=NOW) is True
    [(_phone, text)] = LocmemSmsBackend.outbox
    assert "2026-12-08 10:00" in text


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_each_reminder_once_when_the_job_is_queued_twice(use_real_worker, topic, place):
    """Two dispatches through Redis to the real worker: the compare-and-swap claim wins once."""
    from django.utils import timezone

    from tests.factories.consultations import BookingFactory, SlotFactory

    soon = SlotFactory(topic=topic, place=place, starts_at=timezone.now() + datetime.timedelta(minutes=30))
    booking = BookingFactory(slot=soon, phone="13987654321")
    first = tasks.booking_send_notice.delay(booking.pk, "hour")
    second = tasks.booking_send_notice.delay(booking.pk, "hour")
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
        "consultations.tasks.notices_dispatch",
        "consultations.tasks.slots_generate_all",
        "consultations.tasks.bookings_anonymise",
    }
    assert all(entry["task"] in app.tasks for entry in entries.values())
    evening = entries["consultations-evening-reminders"]
    assert (evening["args"], evening["schedule"].hour) == (("evening",), {18})
    confirmations = entries["consultations-confirmations"]
    assert (confirmations["args"], confirmations["schedule"]) == (("confirmation",), 10.0)
