"""Fresh numbers (METRICS.md, Freshness): an edit to a record a number is counted from asks for
a recompute of the current period, debounced so a burst of edits gives one run.

How it works:

- ``metrics.receivers`` connects to the input models; a change registers (once per transaction)
  a callback to run when the transaction commits, which collects the committees the changed
  records count in, before and after the change (``AREA_LOOKUPS``; unknown for a policy, a
  target or a record without a committee: then every committee).
- The callback adds those committees to a set of the year in the cache (a Redis set next to the
  pending key), then claims the pending key of the year (``cache.add``, atomic in Redis). Only
  the edit that wins the claim enqueues the task, with a countdown of
  ``METRICS_REFRESH_DEBOUNCE`` seconds; the edits that follow while the key is held are read by
  that run, and their committees are in the set it reads.
- The task releases the key *before* it reads and clears the set and counts, so an edit
  committed after that moment claims the key again and queues the next run: no edit is ever
  left uncounted. A set found empty (lapsed, or read between an edit's note and its claim)
  means every committee.
- While a full run of the year is active, the refresh waits for it (it is queued again): the
  full run counted before the edit and stores its main snapshot last.
- ``refresh_current_period`` counts the current year as of today for the town, the departments
  and the committees in the set, and stores a new current snapshot in which every other
  committee keeps its numbers from the current snapshot of the same day (their records did not
  change since it was counted). With no such snapshot (the first refresh of a day), a signed
  period, or committees unknown, it counts every committee. It stores only if no snapshot
  counted later was stored meanwhile. Month-end snapshots of past months are never touched; the
  nightly full run stays the safety net.

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


# The lookups from a changed record to the committees whose numbers it can change (the committee
# each number is counted in: ``metrics.counting`` and ``metrics.indicators.AREA_PATHS``). The first
# lookup is the record's own committee; a record without one, and a model not listed (a policy, a
# target), refreshes every committee. A model listed with no lookup changes town-wide numbers only
# (the departments' activities and evidence).
AREA_LOOKUPS: dict[str, tuple[str, ...]] = {
    "jobseekers.person": ("area", "household__area", "ventures_founded__area"),
    "jobseekers.household": ("area",),
    "jobseekers.targetgroupmembership": ("person__area",),
    "jobseekers.employment": ("person__area", "person__household__area"),
    "jobseekers.zeroemploymentcertification": ("household__area",),
    "entrepreneurs.policybenefit": ("venture__area",),
    "entrepreneurs.venture": ("area",),
    "entrepreneurs.rolemodel": ("area",),
    "cases.case": ("area", "venture__area", "person__ventures_founded__area", "team__venture__area"),
    "cases.satisfactionrating": ("case__area",),
    "incubators.carrier": ("area", "residencies__venture__area"),
    "incubators.residency": ("venture__area", "carrier__area"),
    "incubators.subsidy": ("carrier__area",),
    "incubators.evaluation": ("carrier__area",),
    "activities.activity": (),
    "activities.activitytargetgroup": (),
    "activities.activityparticipant": (),
    "activities.brand": (),
    "activities.brandcoverage": (),
    "activities.evidence": (),
}

# The families of numbers (``metrics.engine.code_family``) a record of each model feeds when it
# is saved; a deletion may touch more (rows set to null without signals): every family.
CLEARANCE, INDICATOR_ONE, SATISFACTION, RECORDS = "clearance", "indicator_one", "satisfaction", "records"
MODEL_FAMILIES: dict[str, frozenset[str]] = {
    "jobseekers.person": frozenset({CLEARANCE}),
    "jobseekers.household": frozenset({CLEARANCE}),
    "jobseekers.targetgroupmembership": frozenset({CLEARANCE}),
    "jobseekers.employment": frozenset({CLEARANCE}),
    "jobseekers.zeroemploymentcertification": frozenset({CLEARANCE}),
    "entrepreneurs.policybenefit": frozenset({INDICATOR_ONE, RECORDS}),
    "entrepreneurs.venture": frozenset({INDICATOR_ONE, RECORDS}),
    "cases.case": frozenset({INDICATOR_ONE, SATISFACTION, RECORDS}),
    "cases.satisfactionrating": frozenset({SATISFACTION}),
}  # any other model: indicators 2 to 7 only
ALL_FAMILIES = frozenset({CLEARANCE, INDICATOR_ONE, SATISFACTION, RECORDS})

# A transaction that changes more records than this (an import, a batch) refreshes everything:
# finding the committees of each record would cost it two queries per record.
MAX_RECORDS = 50

# Members of the set noted for the next refresh, besides committee ids and "family:<name>".
TOWN = "town"  # the town total (always refreshed; marks the set as known)
EVERY = "all"  # a change whose committees are unknown: refresh everything


def changed_families(instance: Any, *, deleted: bool) -> frozenset[str]:
    if deleted:
        return ALL_FAMILIES
    return MODEL_FAMILIES.get(instance._meta.label_lower, frozenset({RECORDS}))


def areas_key(year: int) -> str:
    return f"metrics:refresh:areas:{year}"


def affected_areas(instance: Any) -> set[int] | None:
    """The committees whose numbers ``instance``, as the database has it now, counts in (one
    query); None when unknown (every committee). A row not in the database counts nowhere."""
    lookups = AREA_LOOKUPS.get(instance._meta.label_lower)
    if lookups is None:
        return None
    if not lookups or instance.pk is None:
        return set()
    rows = type(instance)._base_manager.filter(pk=instance.pk).values_list(*lookups)
    areas: set[int] = set()
    for row in rows:
        if row[0] is None:
            return None  # a record without a committee of its own
        areas.update(area_id for area_id in row if area_id is not None)
    return areas


class _Refresh:
    """The after-commit callback of one transaction: the committees and the families of numbers
    its changes touch (``areas`` None: unknown, everything)."""

    metrics_refresh = True

    def __init__(self) -> None:
        self.areas: set[int] | None = set()
        self.families: set[str] = set()
        self.records = 0

    def add(self, areas: set[int] | None, families: frozenset[str] = ALL_FAMILIES) -> None:
        self.families |= families
        if areas is None or self.areas is None or self.records > MAX_RECORDS:
            self.areas = None  # from now on no record costs a query: everything is counted
        else:
            self.areas |= areas

    def __call__(self) -> None:
        refresh_requested(reason="edit", areas=self.areas, families=frozenset(self.families))


def _pending_refresh() -> _Refresh | None:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    for _sids, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Refresh):
            return callback
    return None


def record_changing(instance: Any = None, raw: bool = False, **_kwargs: Any) -> None:
    """A receiver of pre_save/pre_delete of an input model: note the committees the record
    counts in before the change (a person moved from A to B changes A's numbers too)."""
    if not enabled() or raw or instance is None:
        return
    pending = _pending_refresh()
    if pending is not None and pending.areas is None:
        return  # every committee is refreshed anyway
    instance._metrics_areas_before = set() if instance._state.adding else affected_areas(instance)


def record_changed(instance: Any = None, raw: bool = False, signal: Any = None, **_kwargs: Any) -> None:
    """A receiver of post_save/post_delete of an input model: ask for a refresh after commit,
    once per transaction however many records it changes, of the committees they count in
    before and after the change (and the town)."""
    if not enabled() or raw:
        return
    from django.db.models.signals import post_delete

    callback = _pending_refresh()
    registered = callback is not None
    if callback is None:
        callback = _Refresh()
    if instance is None or not hasattr(instance, "_metrics_areas_before"):
        callback.add(None)
    elif callback.areas is not None:
        callback.records += 1
        deleted = signal is post_delete
        families = changed_families(instance, deleted=deleted)
        callback.add(instance.__dict__.pop("_metrics_areas_before"), families)
        if not deleted:
            callback.add(affected_areas(instance), families)
    if not registered:
        transaction.on_commit(callback, robust=True)


def _redis_client() -> Any:
    """The Redis client behind the default cache, or None for another cache (local memory)."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    backend: Any = caches["default"]
    if not isinstance(backend, RedisCache):
        return None
    return backend._cache.get_client(write=True)


def _note_areas(year: int, areas: set[int] | None, families: frozenset[str] = ALL_FAMILIES) -> None:
    """Add the committees and families of numbers of an edit to the set the next refresh of
    ``year`` reads."""
    members = (
        {EVERY}
        if areas is None
        else {TOWN, *(str(area_id) for area_id in areas), *(f"family:{name}" for name in families)}
    )
    key = cache.make_and_validate_key(areas_key(year))
    client = _redis_client()
    if client is None:
        noted = cache.get(areas_key(year)) or set()
        cache.set(areas_key(year), noted | members, CLAIM_TIMEOUT)
        return
    pipe = client.pipeline()
    pipe.sadd(key, *members)
    pipe.expire(key, CLAIM_TIMEOUT)
    pipe.execute()


def _take_areas(year: int) -> tuple[set[int], frozenset[str]] | None:
    """Read and clear the committees and families noted for ``year``: None when everything is
    to be refreshed (asked for, or unknown: nothing noted, the set lapsed or could not be read)."""
    try:
        client = _redis_client()
        if client is None:
            members = cache.get(areas_key(year)) or set()
            cache.delete(areas_key(year))
        else:
            pipe = client.pipeline(transaction=True)
            pipe.smembers(cache.make_and_validate_key(areas_key(year)))
            pipe.delete(cache.make_and_validate_key(areas_key(year)))
            members = {m.decode() if isinstance(m, bytes) else m for m in pipe.execute()[0]}
    except Exception:
        log.warning("metrics refresh could not read the committees to refresh", exc_info=True)
        return None
    if not members or EVERY in members:
        return None
    families = frozenset(member.removeprefix("family:") for member in members if member.startswith("family:"))
    return {int(member) for member in members if member.isdigit()}, families


def refresh_requested(
    *,
    reason: str,
    year: int | None = None,
    areas: set[int] | None = None,
    families: frozenset[str] = ALL_FAMILIES,
) -> bool:
    """Queue a refresh of the current period unless one is already pending: True when queued.
    ``areas`` are the committees the edits change (None: unknown, every committee) and
    ``families`` the families of numbers; they are noted for the pending refresh either way. A year with no snapshot yet has no number to keep
    fresh (the first is computed on demand or by the nightly run), so nothing is queued."""
    from metrics.models import Snapshot
    from metrics.tasks import refresh_current_period

    year = year or timezone.localdate().year
    if not Snapshot.objects.filter(year=year, is_current=True).exists():
        return False
    try:
        _note_areas(year, areas, families)  # before the claim: a refresh that holds it reads them
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
    snapshot counted later is already current. Only the committees and the families of numbers
    noted by the edits since the last refresh are counted again, with the town and the
    departments; every other number is carried over from the current snapshot of the day (its
    records did not change). Returns the current snapshot."""
    from metrics.models import RecomputeRun
    from metrics.services import metrics_compute, metrics_refresh_areas
    from metrics.tasks import refresh_current_period as task

    if (
        not task.app.conf.task_always_eager
        and RecomputeRun.objects.filter(year=year, status__in=RecomputeRun.ACTIVE).exists()
    ):
        # a full run counted before this edit may still store its main snapshot: count after it
        task.apply_async(kwargs={"year": year, "reason": "edit"}, countdown=max(debounce_seconds(), 5))
        return None
    cache.delete(pending_key(year))  # from now on an edit queues the next run (see the module doc)
    noted = _take_areas(year)  # after the release: an edit noted later queues the next run
    cache.set(running_key(year), timezone.now().isoformat(), CLAIM_TIMEOUT)
    try:
        today = timezone.localdate()
        if today.year != year:
            return None  # queued on 31 December, run on 1 January: the nightly run has the year
        if noted is not None:
            areas, families = noted
            refreshed = metrics_refresh_areas(year=year, as_of=today, area_ids=areas, families=families)
            if refreshed is not None:
                return refreshed
        return metrics_compute(year=year, as_of=today, with_month_ends=False, only_if_newer=True)
    except Exception:
        with contextlib.suppress(Exception):  # the committees taken were not counted: next time, all
            _note_areas(year, None)
        raise
    finally:
        cache.delete(running_key(year))


def refresh_status(year: int) -> dict[str, datetime.datetime | bool]:
    """For the dashboard's banner: whether a refresh of the year is pending or running."""
    try:
        values = cache.get_many([pending_key(year), running_key(year)])
    except Exception:
        return {"pending": False, "running": False}
    return {"pending": pending_key(year) in values, "running": running_key(year) in values}
