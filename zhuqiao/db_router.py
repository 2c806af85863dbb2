"""Reads of the heavy read-only pages from a PostgreSQL streaming replica (``DATABASE_REPLICA_URL``).

Only the views named in ``REPLICA_READ_VIEWS`` (dashboards, drill-downs, exports) read from the
replica, and only while they run: ``ReplicaReadsMiddleware`` switches it on for them, the router
sends their reads to the ``replica`` alias. Writes always go to ``default`` (the audit entry of
an export, a recompute request), as does everything else: the login, the session, every form.
A replica lags its primary by a moment, which a dashboard can afford and a form cannot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading_replica: ContextVar[bool] = ContextVar("zhuqiao_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within this block, reads go to the replica when one is configured."""
    token = _reading_replica.set(True)
    try:
        yield
    finally:
        _reading_replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _reading_replica.get() and REPLICA in settings.DATABASES:
            return REPLICA
        return None

    def db_for_write(self, model: type, **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the same rows on both ends

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary's schema by itself


class ReplicaReadsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.view_names = frozenset(settings.REPLICA_READ_VIEWS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._reads_replica(request):
            return self.get_response(request)
        # The session and the user are read from the primary, before the switch: a login made a
        # moment ago may not have reached the replica yet.
        user = getattr(request, "user", None)
        if user is not None:
            _ = user.is_authenticated
        with replica_reads():
            return self.get_response(request)

    def _reads_replica(self, request: HttpRequest) -> bool:
        if request.method not in ("GET", "HEAD") or REPLICA not in settings.DATABASES:
            return False
        from django.urls import Resolver404, resolve

        try:
            return resolve(request.path_info).view_name in self.view_names
        except Resolver404:
            return False
