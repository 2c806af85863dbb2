"""Personal data of bookings past the retention period."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from consultations.models import Booking

RETENTION = datetime.timedelta(days=getattr(settings, "BOOKING_RETENTION_DAYS", 365))
ANONYMOUS_NAME = "（已匿名）"


def bookings_anonymise(*, now: datetime.datetime | None = None) -> int:
    """Erase the personal data of bookings past the retention period that did not become a case
    (as the privacy notice promises). The rows stay, so counts per slot and topic still add up."""
    cutoff = (now or timezone.now()) - RETENTION
    return (
        Booking.objects.filter(slot__ends_at__lt=cutoff, case__isnull=True)
        .exclude(name=ANONYMOUS_NAME)
        .update(
            name=ANONYMOUS_NAME,
            phone_encrypted="",
            phone_hash="",
            phone_masked="",
            email="",
            note="",
            triage_answers=[],
            updated_at=timezone.now(),
        )
    )
