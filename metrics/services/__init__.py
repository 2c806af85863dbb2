"""Writes of the metrics app: storing snapshots atomically, claiming and running recomputes.

One module per part:

- ``snapshots``: counting a year (or refreshing some committees) and storing the snapshot atomically;
- ``runs``: recompute runs in the background (the queue, the claim, the heartbeat);
- ``targets``: setting a metric's target for the town, a committee or a department.

Callers import from here. A test that replaces a function patches it on the module that looks
it up (e.g. ``metrics.services.snapshots._write_values``)."""

from metrics.services.runs import (
    WorkerUnavailable,
    metrics_schedule_recompute,
    queue_available,
    recompute_run_claim,
    recompute_run_execute,
    recompute_run_fail,
    stale_after,
)
from metrics.services.snapshots import NothingToCarryOver, metrics_compute, metrics_refresh_areas, snapshot_store
from metrics.services.targets import target_set

__all__ = [
    "NothingToCarryOver",
    "WorkerUnavailable",
    "metrics_compute",
    "metrics_refresh_areas",
    "metrics_schedule_recompute",
    "queue_available",
    "recompute_run_claim",
    "recompute_run_execute",
    "recompute_run_fail",
    "snapshot_store",
    "stale_after",
    "target_set",
]
