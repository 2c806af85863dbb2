"""Recompute runs: queued on the task queue, claimed once per year, run with a heartbeat, failed."""

from __future__ import annotations

import contextlib
import datetime
import logging
import threading
from collections.abc import Iterator

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from metrics.models import RecomputeRun
from metrics.services.snapshots import metrics_compute
from zhuqiao.models import User

log = logging.getLogger(__name__)


class WorkerUnavailable(Exception):
    """The task queue (Redis) does not answer: a recompute cannot be queued now."""


def stale_after() -> datetime.timedelta:
    """A run whose heartbeat (updated_at) is older than this is dead (its worker died)."""
    return datetime.timedelta(seconds=getattr(settings, "METRICS_RUN_DEAD_AFTER", 90))


def queue_available(timeout: float = 1.0) -> bool:
    """Whether the broker answers a ping within ``timeout`` seconds (always with eager Celery)."""
    from zhuqiao.celery import app

    if app.conf.task_always_eager:
        return True
    url = str(app.conf.broker_url or "")
    if not url.startswith(("redis://", "rediss://")):
        return True
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout).ping())
    except (redis.RedisError, OSError):
        return False


def recompute_run_claim(
    *, year: int, reason: str, as_of: datetime.date | None = None, user: User | None = None
) -> tuple[RecomputeRun, bool]:
    """The active run of the year, joined, or a new queued one: (run, created).

    The partial unique constraint on (year) over active runs is the compare-and-swap: of two
    concurrent requests one inserts, the other gets an IntegrityError and joins that run. A run
    silent for longer than ``stale_after()`` (no heartbeat: its worker died) is marked failed
    first, so a dead worker blocks nothing.
    """
    cutoff = timezone.now() - stale_after()
    RecomputeRun.objects.filter(year=year, status__in=RecomputeRun.ACTIVE, updated_at__lt=cutoff).update(
        status=RecomputeRun.Status.FAILED,
        message="计算进程无响应，已放弃；请重新计算。",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    for _attempt in range(3):
        existing = RecomputeRun.objects.filter(year=year, status__in=RecomputeRun.ACTIVE).first()
        if existing is not None:
            return existing, False
        try:
            with transaction.atomic():
                run = RecomputeRun.objects.create(
                    year=year,
                    as_of=as_of,
                    reason=reason[:200],
                    requested_by=user if getattr(user, "is_authenticated", False) else None,
                )
            return run, True
        except IntegrityError:
            continue  # another request won the race: join its run
    raise RuntimeError("could not claim a recompute run")


def metrics_schedule_recompute(*, reason: str, year: int | None = None, user: User | None = None) -> RecomputeRun:
    """Ask for the year's numbers (default: the current year) to be recomputed in the background.

    Joins a run already queued or running for that year instead of starting another; the task is
    enqueued when the surrounding transaction commits (at once outside a transaction). Metrics
    calls this when a roster was imported. Raises WorkerUnavailable at once (within about a
    second) when the queue does not answer, before any run is claimed.
    """
    year = year or timezone.localdate().year
    if not queue_available():
        raise WorkerUnavailable
    run, created = recompute_run_claim(year=year, reason=reason, user=user)
    if created:
        run_id = run.pk
        transaction.on_commit(lambda: _enqueue_run(year, run_id))
    return run


def _enqueue_run(year: int, run_id: int) -> None:
    from metrics.tasks import recompute_metrics

    try:
        recompute_metrics.apply_async(
            kwargs={"year": year, "run_id": run_id}, retry=True, retry_policy={"max_retries": 1, "interval_start": 0}
        )
    except Exception as error:  # the queue went away between the ping and the send
        if recompute_metrics.app.conf.task_always_eager:
            raise
        recompute_run_fail(run_id=run_id, message=f"无法提交到后台计算服务：{type(error).__name__}")


def recompute_run_execute(*, run_id: int) -> RecomputeRun | None:
    """Run a claimed recompute to its end. Returns None when the run is gone or already finished
    (a redelivered task), so a task may call this any number of times."""
    claimed = RecomputeRun.objects.filter(pk=run_id, status__in=RecomputeRun.ACTIVE)
    now = timezone.now()
    run = claimed.first()
    if run is None:
        return None
    RecomputeRun.objects.filter(pk=run_id).update(
        status=RecomputeRun.Status.RUNNING, started_at=run.started_at or now, attempts=run.attempts + 1, updated_at=now
    )

    def progress(percent: int) -> None:
        RecomputeRun.objects.filter(pk=run_id, status=RecomputeRun.Status.RUNNING).update(
            progress=min(percent, 99), updated_at=timezone.now()
        )

    with _heartbeat(run_id):
        metrics_compute(year=run.year, as_of=run.as_of, on_progress=progress)
    RecomputeRun.objects.filter(pk=run_id).update(
        status=RecomputeRun.Status.DONE, progress=100, finished_at=timezone.now(), updated_at=timezone.now(), message=""
    )
    run.refresh_from_db()
    return run


@contextlib.contextmanager
def _heartbeat(run_id: int) -> Iterator[None]:
    """Touch the run's ``updated_at`` every METRICS_HEARTBEAT_SECONDS from a thread while the
    work runs, so a long step is not taken for a dead worker, and a killed worker's run is
    declared dead ``stale_after()`` after its last beat."""
    interval = float(getattr(settings, "METRICS_HEARTBEAT_SECONDS", 15))
    stop = threading.Event()

    def beat() -> None:
        from django.db import connection as thread_connection

        try:
            while not stop.wait(interval):
                try:
                    RecomputeRun.objects.filter(pk=run_id, status=RecomputeRun.Status.RUNNING).update(
                        updated_at=timezone.now()
                    )
                except Exception:  # a missed beat is not fatal; the next one may pass
                    log.warning("recompute heartbeat failed", exc_info=True)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=beat, name=f"recompute-heartbeat-{run_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=interval + 5)


def recompute_run_fail(*, run_id: int, message: str) -> None:
    RecomputeRun.objects.filter(pk=run_id, status__in=RecomputeRun.ACTIVE).update(
        status=RecomputeRun.Status.FAILED, message=message[:500], finished_at=timezone.now(), updated_at=timezone.now()
    )
