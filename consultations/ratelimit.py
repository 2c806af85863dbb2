"""Per-phone and per-address limits on booking attempts, counted in Django's cache (Redis).

Fixed windows: the first attempt creates a counter that expires after the window. When the
cache is unreachable the limit fails open (the booking goes ahead) and the failure is logged:
a Redis outage must not close the counter to residents, and the database still guarantees
capacity and the one-booking-per-phone rule.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("consultations.ratelimit")

KEY_PREFIX = "consultations:rate"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}:{kind}:{digest}"


def _redis_client(backend: Any) -> Any:
    """The redis-py client behind Django's Redis cache backend, or None for other backends."""
    inner = getattr(backend, "_cache", None)
    if inner is not None and hasattr(inner, "get_client") and hasattr(backend, "make_key"):
        return inner.get_client(write=True)
    return None


def hit_many(checks: list[tuple[str, str, tuple[int, int]]]) -> bool:
    """Count one attempt against each (kind, value, rate); False when any goes over its limit.

    On Redis every counter is created-if-missing with its expiry and incremented in a single
    round trip (a pipeline of SET NX EX + INCR per counter).
    """
    keys = [(_key(kind, value), rate) for kind, value, rate in checks]
    if getattr(cache, "redis_down", lambda: False)():  # a failure moments ago: do not wait on it again
        logger.warning("booking rate limit not applied: cache unavailable (%s)", ",".join(k for k, _v, _r in checks))
        return True
    try:
        client = _redis_client(cache)
        if client is not None:
            pipe = client.pipeline(transaction=False)
            for key, (_limit, seconds) in keys:
                full_key = cache.make_key(key)
                pipe.set(full_key, 0, ex=seconds, nx=True)
                pipe.incr(full_key)
            counts = pipe.execute()[1::2]
        else:
            counts = []
            for key, (_limit, seconds) in keys:
                cache.add(key, 0, timeout=seconds)
                counts.append(cache.incr(key))
    except Exception:  # any cache failure: fail open, loudly
        getattr(cache, "mark_down", lambda: None)()
        logger.warning(
            "booking rate limit not applied: cache unavailable (%s)", ",".join(k for k, _v, _r in checks), exc_info=True
        )
        return True
    return all(int(count) <= limit for count, (_key_, (limit, _s)) in zip(counts, keys, strict=True))


def hit(kind: str, value: str, rate: tuple[int, int]) -> bool:
    """Count one attempt; False when this attempt goes over the limit."""
    return hit_many([(kind, value, rate)])


def booking_attempt_allowed(*, phone: str, address: str | None) -> bool:
    """Both limits are counted for every attempt, so hammering one phone still uses the address."""
    checks = [("address", address or "unknown", settings.BOOKING_RATE_PER_ADDRESS)]
    if phone:
        checks.append(("phone", phone, settings.BOOKING_RATE_PER_PHONE))
    return hit_many(checks)


def lookup_attempt_allowed(*, address: str | None) -> bool:
    """Looking up a booking by code and last four digits is limited per address (guessing)."""
    return hit("lookup", address or "unknown", settings.BOOKING_RATE_PER_ADDRESS)
