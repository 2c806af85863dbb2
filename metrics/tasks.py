"""Background jobs of the metrics app: the nightly and on-demand recompute."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from metrics.services import recompute_run_claim, recompute_run_execute, recompute_run_fail

log = logging.getLogger(__name__)

RETRY_ON = (OperationalError, InterfaceError, ConnectionError)


@shared_task(
    bind=True,
    name="metrics.tasks.recompute_metrics",
    autoretry_for=RETRY_ON,
    retry_backoff=5,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def recompute_metrics(self, year: int | None = None, as_of: str | None = None, run_id: int | None = None) -> str:  # type: ignore[no-untyped-def]
    """Recompute a year's snapshots (default: the current year; nightly at 02:00 Asia/Shanghai).

    Without ``run_id`` (the nightly beat) it claims a run, or leaves the work to the run already
    in progress. A redelivered or retried task finds its run done and returns; a failure after
    the last retry marks the run failed, and the previous snapshots stay current.
    """
    if run_id is None:
        import datetime

        year = year or timezone.localdate().year
        day = datetime.date.fromisoformat(as_of) if as_of else None
        run, created = recompute_run_claim(year=year, as_of=day, reason="nightly")
        if not created:
            return f"joined run {run.pk}"
        run_id = run.pk
    try:
        finished = recompute_run_execute(run_id=run_id)
    except RETRY_ON:
        if self.request.retries >= self.max_retries:
            recompute_run_fail(run_id=run_id, message="数据库或消息队列连接失败，已多次重试。")
        raise
    except Exception as error:  # any other failure: the run ends failed, the snapshots stay whole
        recompute_run_fail(run_id=run_id, message=f"{type(error).__name__}: {error}")
        raise
    return "gone or already done" if finished is None else f"run {finished.pk} done"


@shared_task(name="metrics.tasks.refresh_current_period", acks_late=True, ignore_result=True)
def refresh_current_period(year: int, reason: str = "edit") -> str:
    """Recompute the current period after edits (METRICS.md, Freshness; ``metrics.freshness``)."""
    from metrics import freshness

    snapshot = freshness.refresh_current_period(year=year)
    return "nothing to do" if snapshot is None else f"snapshot {snapshot.pk} ({reason})"
