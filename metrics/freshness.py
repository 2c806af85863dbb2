"""Fresh numbers (METRICS.md, Freshness): an edit to a record a number is counted from asks for
a recompute of the current period, debounced so a burst of edits gives one run.

How it works:

- ``metrics.receivers`` connects to the input models; a change registers (once per transaction)
  ``refresh_requested`` to run when the transaction commits.
- ``refresh_requested`` claims the pending key of the year in the cache (``cache.add``, atomic
  in Redis). Only the edit that wins the claim enqueues the task, with a countdown of
  ``METRICS_REFRESH_DEBOUNCE`` seconds; the edits that follow while the key is held are read by
  that run.
- The task releases the key *before* it counts, so an edit committed after that moment claims
  the key again and queues the next run: no edit is ever left uncounted.
- While a full run of the year is active, the refresh waits for it (it is queued again): the
  full run counted before the edit and stores its main snapshot last.
- ``refresh_current_period`` computes the snapshot of the current year as of today (the town and
  every committee: the counting is one grouped query per number, so all committees cost what one
  costs) and stores it only if no snapshot counted later was stored meanwhile. Month-end snapshots
  of past months are never touched; the nightly full run stays the safety net.

With eager Celery (``make run``) the task runs in the request, after the commit. The cache and the
queue being down never fails an edit: the number then waits for the nightly run.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)

# How long a claimed refresh may stay pending or running before the claim lapses by itself
# (a worker that died while holding it blocks nothing for longer than this).
CLAIM_TIMEOUT = 300


def pending_key(year: int) -> str:
    return f"metrics:refresh:pending:{year}"


def running_key(year: int) -> str:
    return f"metrics:refresh:running:{year}"


def debounce_seconds() -> float:
    return float(getattr(settings, "METRICS_REFRESH_DEBOUNCE", 5))


def enabled() -> bool:
    return bool(getattr(settings, "METRICS_REFRESH_ON_EDIT", True))


def _refresh_callback() -> None:
    refresh_requested(reason="edit")


_refresh_callback.metrics_refresh = True  # type: ignore[attr-defined]


def record_changed(**_kwargs: Any) -> None:
    """A receiver of post_save/post_delete of an input model: ask for a refresh after commit,
    once per transaction however many records it changes."""
    if not enabled() or _kwargs.get("raw"):
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        getattr(callback, "metrics_refresh", False) for _sids, callback, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(_refresh_callback, robust=True)


def refresh_requested(*, reason: str, year: int | None = None) -> bool:
    """Queue a refresh of the current period unless one is already pending: True when queued.
    A year with no snapshot yet has no number to keep fresh (the first is computed on demand or
    by the nightly run), so nothing is queued."""
    from metrics.models import Snapshot
    from metrics.tasks import refresh_current_period

    year = year or timezone.localdate().year
    if not Snapshot.objects.filter(year=year, is_current=True).exists():
        return False
    try:
        if not cache.add(pending_key(year), timezone.now().isoformat(), CLAIM_TIMEOUT):
            return False
        refresh_current_period.apply_async(kwargs={"year": year, "reason": reason}, countdown=debounce_seconds())
    except Exception:  # the cache or the queue is down: the edit stands, the nightly run counts it
        log.warning("metrics refresh could not be queued", exc_info=True)
        with contextlib.suppress(Exception):  # the cache is down too: the claim lapses by itself
            cache.delete(pending_key(year))
        return False
    return True


def refresh_current_period(*, year: int) -> Any:
    """Recompute the snapshot of ``year`` as of today (the current period) and store it, unless a
    snapshot counted later is already current. Returns the current snapshot."""
    from metrics.models import RecomputeRun
    from metrics.services import metrics_compute
    from metrics.tasks import refresh_current_period as task

    if (
        not task.app.conf.task_always_eager
        and RecomputeRun.objects.filter(year=year, status__in=RecomputeRun.ACTIVE).exists()
    ):
        # a full run counted before this edit may still store its main snapshot: count after it
        task.apply_async(kwargs={"year": year, "reason": "edit"}, countdown=max(debounce_seconds(), 5))
        return None
    cache.delete(pending_key(year))  # from now on an edit queues the next run (see the module doc)
    cache.set(running_key(year), timezone.now().isoformat(), CLAIM_TIMEOUT)
    try:
        today = timezone.localdate()
        if today.year != year:
            return None  # queued on 31 December, run on 1 January: the nightly run has the year
        return metrics_compute(year=year, as_of=today, with_month_ends=False, only_if_newer=True)
    finally:
        cache.delete(running_key(year))


def refresh_status(year: int) -> dict[str, datetime.datetime | bool]:
    """For the dashboard's banner: whether a refresh of the year is pending or running."""
    try:
        values = cache.get_many([pending_key(year), running_key(year)])
    except Exception:
        return {"pending": False, "running": False}
    return {"pending": pending_key(year) in values, "running": running_key(year) in values}
