"""What /healthz knows: each part of the portal, whether it answers, within two seconds in all.

``health_report()`` is the full detail (which part is down and why), for the on-call check and
for a view that decides how much of it to show to whom.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection

REDIS_TIMEOUT = 0.5  # seconds, connect and answer
WORKER_PING_TIMEOUT = 1.0


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # the whole point is to report it, not to crash
        return {"ok": False, "error": exc.__class__.__name__}


def _redis() -> dict[str, Any]:
    if not settings.REDIS_URL:
        return {"ok": True, "mode": "not configured (local memory cache)"}
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT, socket_timeout=REDIS_TIMEOUT
        )
        try:
            return {"ok": bool(client.ping())}
        finally:
            client.close()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}


def _celery(broker_ok: bool) -> dict[str, Any]:
    from zhuqiao.celery import app

    if app.conf.task_always_eager:
        return {"ok": True, "mode": "eager (tasks run in the web process)"}
    if not broker_ok:  # a ping through a dead broker waits on kombu's reconnects: don't
        return {"ok": False, "workers": 0, "error": "broker (redis) unreachable"}
    try:
        replies = app.control.ping(timeout=WORKER_PING_TIMEOUT)
    except Exception as exc:
        return {"ok": False, "workers": 0, "error": exc.__class__.__name__}
    return {"ok": bool(replies), "workers": len(replies)}


def health_report() -> tuple[bool, dict[str, Any]]:
    """(healthy, detail): detail names every part, and ``down`` lists the ones not answering."""
    report: dict[str, Any] = {"database": _database(), "redis": _redis()}
    report["celery"] = _celery(report["redis"]["ok"])
    down = [part for part in ("database", "redis", "celery") if not report[part]["ok"]]
    report["down"] = down
    report["status"] = "ok" if not down else "degraded"
    return not down, report
