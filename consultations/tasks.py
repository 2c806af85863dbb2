"""Background work of consultation booking: confirmations, reminders and the nightly slots.

Thin tasks: they take ids, fetch again, tolerate rows that are gone or already done, and call
one service each. Each notice (confirmation, evening and hour reminders) is claimed by a
compare-and-swap UPDATE, so a job run twice (or by two workers) sends it once.
"""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from consultations import services


@shared_task
def booking_send_notice(booking_id: int, kind: str) -> bool:
    return services.booking_notify(booking_id=booking_id, kind=kind)


@shared_task(ignore_result=True)  # beat runs it every few seconds: keep no result for each run
def notices_dispatch(kind: str) -> int:
    """Enqueue one task per booking owed a notice: ``confirmation`` every few seconds,
    ``evening`` at 18:00, ``hour`` every five minutes."""
    # A task runs outside any transaction: the ids read here are committed rows, so enqueue now.
    ids = services.notices_due(kind=kind, now=timezone.now())
    for booking_id in ids:
        booking_send_notice.delay(booking_id, kind)
    return len(ids)


@shared_task
def slots_generate_all() -> int:
    return services.slots_generate_all()


@shared_task
def bookings_anonymise() -> int:
    return services.bookings_anonymise()
