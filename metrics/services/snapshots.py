"""Counting a year (or refreshing some committees) and storing its snapshot atomically as the current one."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from metrics import definitions as d
from metrics.engine import Engine, Figures
from metrics.models import Snapshot, SnapshotValue, Target
from zhuqiao.models import Area, Department


class NothingToCarryOver(Exception):
    """A refresh of some committees found no current snapshot of the same period to take the
    other committees' numbers from (or the period is signed): every committee must be counted."""


@transaction.atomic
def snapshot_store(
    *,
    figures: Figures,
    is_month_end: bool = False,
    computed_at: datetime.datetime | None = None,
    only_if_newer: bool = False,
    carry_over: frozenset[str] | None = None,
) -> Snapshot:
    """Write one snapshot with all its values and make it current, in one transaction.

    The previous current snapshot of the same (year, as-of date) is kept as superseded until the
    next swap (a reader in the middle of a page still finds its values); older ones are removed.
    With ``only_if_newer`` nothing is written when the current snapshot was counted at or after
    ``computed_at`` (two refreshes finishing out of order: the later count stays).

    With ``carry_over`` (the families of numbers counted again, ``engine.code_family``) the
    figures hold the town, the departments and only the committees counted again; their numbers
    of those families are written, and every other number is copied, unchanged, from the current
    snapshot of the same period (one INSERT ... SELECT), with its notes. Raises
    NothingToCarryOver when there is no such snapshot, or when the period is signed (its changes
    after sign-off are listed from complete figures).
    """
    from metrics import signoff, targets  # scorecards: targets per scope, signed snapshots kept

    key = {"year": figures.year, "as_of": figures.as_of}
    computed_at = computed_at or timezone.now()
    locked = list(Snapshot.objects.select_for_update().filter(is_current=True, **key))
    if only_if_newer and locked and locked[0].computed_at >= computed_at:
        return locked[0]
    current = [snapshot.pk for snapshot in locked]
    signed = signoff.signed_snapshot_ids(year=figures.year, as_of=figures.as_of)  # never removed
    if carry_over is not None:
        if not locked or signed:
            raise NothingToCarryOver
        _keep_families(figures, carry_over)
        figures.notes = locked[0].notes
    stale = [
        pk for pk in Snapshot.objects.filter(is_current=False, **key).values_list("pk", flat=True) if pk not in signed
    ]
    if stale:
        # Two DELETE statements, no rows loaded: no signal receiver is connected to these models
        # (the audit's receivers are connected per audited model), so Django takes its fast path.
        SnapshotValue.objects.filter(snapshot_id__in=stale).delete()
        Snapshot.objects.filter(pk__in=stale).delete()
    Snapshot.objects.filter(pk__in=current).update(is_current=False, status=Snapshot.Status.SUPERSEDED)
    snapshot = Snapshot.objects.create(
        computed_at=computed_at,
        is_current=True,
        is_month_end=is_month_end,
        notes=figures.notes,
        status=Snapshot.Status.COMPLETE,
        **key,
    )
    targets.apply_targets(figures)
    if carry_over is not None:
        _fill_not_counted(figures, previous=locked[0], families=carry_over)
    _write_values(snapshot, figures)
    if carry_over is not None:
        _carry_committees(snapshot, previous=locked[0], counted=set(figures.areas))
    if signed:
        signoff.changes_after_signoff_record(snapshot=snapshot, figures=figures)
    return snapshot


def _write_values(snapshot: Snapshot, figures: Figures) -> None:
    """Insert the snapshot's values: PostgreSQL COPY (a district's month-ends are ~650,000 rows),
    or bulk_create elsewhere. Runs inside snapshot_store's transaction either way."""
    rows: list[tuple[int | None, int | None, str, Decimal | None]] = [
        (None, None, code, v) for code, v in figures.town.items()
    ]
    for area_id, values in figures.areas.items():
        rows += [(area_id, None, code, v) for code, v in values.items()]
    for department_id, values in figures.departments.items():
        rows += [(None, department_id, code, v) for code, v in values.items()]
    if connection.vendor != "postgresql":
        SnapshotValue.objects.bulk_create(
            [SnapshotValue(snapshot=snapshot, area_id=a, department_id=p, code=c, value=v) for a, p, c, v in rows],
            batch_size=2000,
        )
        return
    null = "\\N"
    buffer = io.StringIO()
    for area_key, department_key, code, value in rows:
        area = null if area_key is None else str(area_key)
        department = null if department_key is None else str(department_key)
        number = null if value is None else str(value)
        buffer.write(f"{snapshot.pk}\t{area}\t{department}\t{code}\t{number}\n")
    buffer.seek(0)
    table = SnapshotValue._meta.db_table
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} (snapshot_id, area_id, department_id, code, value) FROM STDIN", buffer)


def _keep_families(figures: Figures, families: frozenset[str]) -> None:
    """Leave in ``figures`` only the numbers of ``families`` (the others were not counted)."""
    from metrics.engine import code_family

    for values in [figures.town, *figures.areas.values(), *figures.departments.values()]:
        for code in [code for code in values if code_family(code) not in families]:
            del values[code]


def _fill_not_counted(figures: Figures, *, previous: Snapshot, families: frozenset[str]) -> None:
    """Add to the town, the departments and the committees in ``figures`` their numbers of the
    families not counted again, as ``previous`` has them (a few hundred rows)."""
    from metrics.engine import code_family

    counted = list(figures.areas)
    rows = previous.values.filter(Q(area__isnull=True) | Q(area_id__in=counted)).values_list(
        "area_id", "department_id", "code", "value"
    )
    for area_id, department_id, code, value in rows:
        if code_family(code) in families:
            continue
        if area_id is not None:
            scope = figures.areas[area_id]
        elif department_id is not None:
            scope = figures.departments.setdefault(department_id, {})
        else:
            scope = figures.town
        scope.setdefault(code, value)


def _carry_committees(snapshot: Snapshot, *, previous: Snapshot, counted: set[int]) -> None:
    """Copy into ``snapshot`` the values of every committee of ``previous`` not ``counted`` again
    (one INSERT ... SELECT)."""
    table = SnapshotValue._meta.db_table  # the model's own table name; every value is a parameter
    sql = (
        f"INSERT INTO {table} (snapshot_id, area_id, department_id, code, value) "  # noqa: S608
        f"SELECT %s, area_id, department_id, code, value FROM {table} "
        "WHERE snapshot_id = %s AND area_id IS NOT NULL AND NOT (area_id = ANY(%s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [snapshot.pk, previous.pk, sorted(counted)])


def metrics_refresh_areas(
    *, year: int, as_of: datetime.date, area_ids: set[int], families: frozenset[str] | None = None
) -> Snapshot | None:
    """The refresh after edits that change the numbers of ``area_ids`` only, and of ``families``
    only (default: all; ``engine.code_family``), as ``metrics.freshness`` runs it: count those
    families for the town, the departments and those committees of ``year`` as of ``as_of``, and
    store a new current snapshot in which every other number keeps its value of the current
    snapshot of the same period. Stored only if no snapshot counted later is current
    (``only_if_newer``). None when there is nothing to carry over (no current snapshot of that
    period, or a signed period): the caller then counts everything."""
    from metrics.engine import FAMILIES, Period

    families = FAMILIES if families is None else families & FAMILIES
    started = timezone.now()
    engine = Engine(
        area_ids=sorted(Area.objects.filter(pk__in=area_ids).values_list("pk", flat=True)),
        department_ids=list(Department.objects.order_by("code").values_list("pk", flat=True)),
        targets=_town_targets(year) if "indicator_one" in families else {},
    )
    period = Period(year, as_of)
    engine.prepare([period, period.last], families=families)
    figures = engine.figures(year, as_of, with_records="records" in families)
    try:
        return snapshot_store(
            figures=figures,
            is_month_end=_is_month_end(as_of),
            computed_at=started,
            only_if_newer=True,
            carry_over=families,
        )
    except NothingToCarryOver:
        return None


def _town_targets(year: int) -> dict[tuple[int, str], Decimal]:
    return {
        (t.year, t.code): t.value
        for t in Target.objects.filter(year__in=[year - 1, year], area__isnull=True, department__isnull=True)
    }


def metrics_compute(
    *,
    year: int,
    as_of: datetime.date | None = None,
    with_month_ends: bool = True,
    on_progress: Callable[[int], None] | None = None,
    only_if_newer: bool = False,
) -> Snapshot:
    """Compute and store the snapshot of ``year`` as of ``as_of`` (default per METRICS.md) and,
    for the trend charts, the month-end snapshots of that year and the year before.

    Each snapshot is stored atomically as soon as it is counted; the main one is stored last, so a
    run that fails leaves the previous main snapshot current. Every snapshot's ``computed_at`` is
    the moment counting began: a number is fresh when no input changed after it.
    """
    started = timezone.now()
    today = timezone.localdate()
    as_of = as_of or d.default_as_of(year, today)
    if as_of.year != year:
        raise ValueError(f"as_of {as_of} is not in {year}")
    engine = Engine(
        area_ids=list(Area.objects.order_by("code").values_list("pk", flat=True)),
        department_ids=list(Department.objects.order_by("code").values_list("pk", flat=True)),
        targets=_town_targets(year),
    )
    plan: list[tuple[int, datetime.date]] = []
    if with_month_ends:
        plan += [(year - 1, day) for day in d.month_ends(year - 1, datetime.date(year - 1, 12, 31))]
        plan += [(year, day) for day in d.month_ends(year, as_of) if day != as_of]
    plan.append((year, as_of))
    from metrics.engine import Period

    periods = [Period(plan_year, day) for plan_year, day in plan]
    engine.prepare(periods + [period.last for period in periods])
    snapshot: Snapshot | None = None
    for index, (plan_year, day) in enumerate(plan, start=1):
        # indicators 2-7 (other apps' counts, one query each) go into the snapshot asked for and
        # into each year's final snapshot (31 December); the other month-ends feed the trend charts
        final = (plan_year, day) == (year, as_of) or (day.month, day.day) == (12, 31)
        figures = engine.figures(plan_year, day, with_records=final)
        snapshot = snapshot_store(
            figures=figures, is_month_end=_is_month_end(day), computed_at=started, only_if_newer=only_if_newer
        )
        if on_progress is not None:
            on_progress(round(index * 100 / len(plan)))
    assert snapshot is not None
    return snapshot


def _is_month_end(day: datetime.date) -> bool:
    return (day + datetime.timedelta(days=1)).day == 1
