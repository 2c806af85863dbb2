"""Django's Redis cache, made to degrade instead of fail while Redis is unreachable.

Everything the portal caches (dashboard fragments, metric documents) can be recomputed from
PostgreSQL, so while Redis is down a read is a miss and a write is dropped: pages answer 200, a
little slower. After a failure the backend does not touch Redis again for ``RETRY_AFTER``
seconds, so a request with many cache calls pays for at most one failed connection, not one per
call (a remote Redis that stopped answering would cost the socket timeout every time).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("zhuqiao.cache")

RETRY_AFTER = 5.0  # seconds without trying Redis after a failure


class FailSoftRedisCache(RedisCache):
    _down_until = 0.0  # per process; monotonic clock

    def redis_down(self) -> bool:
        """True while this process considers Redis unreachable (after a recent failure)."""
        return time.monotonic() < type(self)._down_until

    def mark_down(self) -> None:
        """Record a failure seen by a caller that talks to the Redis client directly."""
        type(self)._down_until = time.monotonic() + RETRY_AFTER

    def _soft(self, call: Callable[[], Any], fallback: Any) -> Any:
        if self.redis_down():
            return fallback
        try:
            return call()
        except RedisError as exc:
            self.mark_down()
            logger.warning("cache unavailable, serving without it for %.0f s: %s", RETRY_AFTER, exc.__class__.__name__)
            return fallback

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._soft(lambda: super(FailSoftRedisCache, self).get(key, default, version), default)

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._soft(lambda: super(FailSoftRedisCache, self).get_many(keys, version), {})

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).has_key(key, version), False)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).set(key, value, timeout, version), None)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).add(key, value, timeout, version), False)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).touch(key, timeout, version), False)

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._soft(lambda: super(FailSoftRedisCache, self).delete(key, version), False)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._soft(lambda: super(FailSoftRedisCache, self).set_many(data, timeout, version), list(data))

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._soft(lambda: super(FailSoftRedisCache, self).delete_many(keys, version), None)
