"""Background work of consultation booking: confirmations, reminders and the nightly slots.

Thin tasks: they take ids, fetch again, tolerate rows that are gone or already done, and call
one service each. Reminders are claimed by a compare-and-swap UPDATE, so a job run twice (or
by two workers) sends each reminder once.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from consultations import services


@shared_task
def booking_send_confirmation(booking_id: int) -> bool:
    return services.booking_send_confirmation(booking_id=booking_id)


@shared_task
def booking_send_reminder(booking_id: int, kind: str) -> bool:
    return services.booking_remind(booking_id=booking_id, kind=kind)


@shared_task
def reminders_dispatch(kind: str) -> int:
    """Enqueue one reminder task per booking owed one (``evening`` at 18:00, ``hour`` often)."""
    # A task runs outside any transaction: the ids read here are committed rows, so enqueue now.
    ids = services.reminders_due(kind=kind, now=timezone.now())
    for booking_id in ids:
        booking_send_reminder.delay(booking_id, kind)
    return len(ids)


@shared_task
def slots_generate_all() -> int:
    return services.slots_generate_all()


@shared_task
def bookings_anonymise() -> int:
    return services.bookings_anonymise()
