"""Per-phone and per-address limits on booking attempts, counted in Django's cache (Redis).

Fixed windows: the first attempt creates a counter that expires after the window. When the
cache is unreachable the limit fails open (the booking goes ahead) and the failure is logged:
a Redis outage must not close the counter to residents, and the database still guarantees
capacity and the one-booking-per-phone rule.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("consultations.ratelimit")

KEY_PREFIX = "consultations:rate"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{kind}:{digest}"


def hit(kind: str, value: str, rate: tuple[int, int]) -> bool:
    """Count one attempt; False when this attempt goes over the limit."""
    limit, seconds = rate
    key = _key(kind, value)
    try:
        cache.add(key, 0, timeout=seconds)
        count = cache.incr(key)
    except Exception:  # any cache failure: fail open, loudly
        logger.warning("booking rate limit not applied: cache unavailable (%s)", kind, exc_info=True)
        return True
    return int(count) <= limit


def booking_attempt_allowed(*, phone: str, address: str | None) -> bool:
    """Both limits are counted for every attempt, so hammering one phone still uses the address."""
    address_ok = hit("address", address or "unknown", settings.BOOKING_RATE_PER_ADDRESS)
    phone_ok = hit("phone", phone, settings.BOOKING_RATE_PER_PHONE) if phone else True
    return address_ok and phone_ok


def lookup_attempt_allowed(*, address: str | None) -> bool:
    """Looking up a booking by code and last four digits is limited per address (guessing)."""
    return hit("lookup", address or "unknown", settings.BOOKING_RATE_PER_ADDRESS)
