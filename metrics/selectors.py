"""Reads of the metrics app: the current snapshot, its document, and the records behind a number."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from metrics import definitions as d
from metrics.models import RecomputeRun, Snapshot, SnapshotValue, Target

if TYPE_CHECKING:
    from zhuqiao.models import User

# How long the dashboard keeps showing a finished run to the person who started it: the page
# reloads itself when the run's snapshot becomes current, and should still say the run is done.
FINISHED_RUN_SHOWN = datetime.timedelta(minutes=10)


def snapshot_current(*, year: int, as_of: datetime.date | None = None) -> Snapshot | None:
    """The current snapshot of a year as of a date; without a date, the latest one of the year."""
    snapshots = Snapshot.objects.filter(year=year, is_current=True)
    if as_of is not None:
        return snapshots.filter(as_of=as_of).first()
    return snapshots.order_by("-as_of").first()


def recompute_run_shown(*, year: int, user: User) -> RecomputeRun | None:
    """The run the dashboard shows: the year's active run, or else the run this user started
    that finished in the last ``FINISHED_RUN_SHOWN`` (done, or failed with its reason). One
    query: a year has one active run at a time, and it is newer than any finished one."""
    shown = Q(status__in=RecomputeRun.ACTIVE)
    if getattr(user, "is_authenticated", False):
        shown |= Q(requested_by=user, finished_at__gte=timezone.now() - FINISHED_RUN_SHOWN)
    return RecomputeRun.objects.filter(shown, year=year).order_by("-pk").first()


def snapshot_values(
    snapshot: Snapshot, *, area_ids: list[int] | None = None
) -> dict[int | None, dict[str, Decimal | None]]:
    """All values of a snapshot in one query: ``{area_id or None for the town: {code: value}}``."""
    rows = SnapshotValue.objects.filter(snapshot=snapshot, department__isnull=True)
    if area_ids is not None:
        rows = rows.filter(Q(area__isnull=True) | Q(area_id__in=area_ids))
    values: dict[int | None, dict[str, Decimal | None]] = defaultdict(dict)
    for area_id, code, value in rows.values_list("area_id", "code", "value"):
        values[area_id][code] = value
    return values


def area_clearance_counts(
    *, area_id: int, year: int, as_of: datetime.date
) -> tuple[datetime.date | None, dict[str, tuple[int, int]]]:
    """One committee's four clearance goals from the latest current snapshot of the year as of a
    date, in one query: ``(snapshot as-of date, {group: (base, done)})``; ``(None, {})`` when the
    year has no snapshot yet."""
    snapshot = (
        Snapshot.objects.filter(year=year, is_current=True, as_of__lte=as_of).order_by("-as_of").only("as_of").first()
    )
    if snapshot is None:
        return None, {}
    codes = {f"clearance_{group}_base": (group, 0) for group in d.CLEARANCE_GROUPS}
    codes |= {
        f"clearance_{group}_{'cleared' if group == 'household' else 'employed'}": (group, 1)
        for group in d.CLEARANCE_GROUPS
    }
    found: dict[str, list[int]] = {group: [0, 0] for group in d.CLEARANCE_GROUPS}
    rows = SnapshotValue.objects.filter(snapshot=snapshot, area_id=area_id, department__isnull=True, code__in=codes)
    for code, value in rows.values_list("code", "value"):
        group, index = codes[code]
        found[group][index] = int(value or 0)
    return snapshot.as_of, {group: (base, done) for group, (base, done) in found.items()}


def snapshot_document(snapshot: Snapshot, *, area_ids: list[int] | None = None) -> dict[str, Any]:
    """The snapshot as the JSON document of METRICS.md ("The metrics export"), in one query."""
    rows = SnapshotValue.objects.filter(snapshot=snapshot)
    if area_ids is not None:
        rows = rows.filter(Q(area__isnull=True) | Q(area_id__in=area_ids))
    town: dict[str, Any] = {}
    areas: dict[str, dict[str, Any]] = defaultdict(dict)
    departments: dict[str, dict[str, Any]] = defaultdict(dict)
    for area_code, department_code, code, value in rows.values_list("area__code", "department__code", "code", "value"):
        if department_code is not None:
            departments[department_code][code] = value
        else:
            (town if area_code is None else areas[area_code])[code] = value
    number = d.json_number
    document: dict[str, Any] = {
        "year": snapshot.year,
        "as_of": snapshot.as_of.isoformat(),
        "computed_at": timezone.localtime(snapshot.computed_at).isoformat(timespec="seconds"),
        "town": {code: number(code, town.get(code)) for code in d.TOWN_CODES},
        "areas": {
            area_code: {code: number(code, values.get(code)) for code in d.AREA_CODES}
            for area_code, values in sorted(areas.items())
        },
        "departments": {
            department_code: {code: number(code, values.get(code)) for code in d.DEPARTMENT_CODES}
            for department_code, values in sorted(departments.items())
        },
    }
    # targets per scope (metrics.targets): <code>_target and <code>_completion where one exists
    from metrics.targets import is_target_code
    from metrics.targets import json_number as target_number

    town_out: dict[str, Any] = document["town"]
    areas_out: dict[str, dict[str, Any]] = document["areas"]
    for values, out in [(town, town_out)] + [(areas[c], areas_out[c]) for c in areas_out]:
        out.update({c: target_number(c, v) for c, v in values.items() if is_target_code(c) and c not in d.METRICS})
    return document


def department_values(snapshot: Snapshot) -> dict[int, dict[str, Decimal | None]]:
    """The satisfaction codes of every department of a snapshot: ``{department_id: {code: value}}``."""
    values: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    rows = SnapshotValue.objects.filter(snapshot=snapshot, department__isnull=False)
    for department_id, code, value in rows.values_list("department_id", "code", "value"):
        values[department_id][code] = value
    return values


def snapshot_document_cached(snapshot: Snapshot, *, area_ids: list[int] | None = None) -> dict[str, Any]:
    """``snapshot_document`` through the cache: a snapshot never changes once written."""
    from django.core.cache import cache

    scope = "all" if area_ids is None else ",".join(map(str, sorted(area_ids)))
    key = f"metrics:document:{snapshot.pk}:{scope}"
    document = cache.get(key)
    if document is None:
        document = snapshot_document(snapshot, area_ids=area_ids)
        cache.set(key, document, 86400)
    return document


def month_end_series(
    *, years: list[int], codes: list[str], area_id: int | None = None
) -> dict[str, dict[int, list[Any]]]:
    """Month-end values of the current snapshots of the years, for the trend chart:
    ``{code: {year: [value of January ... December or None]}}``, in one query."""
    snapshot_ids = list(
        Snapshot.objects.filter(year__in=years, is_current=True, is_month_end=True).values_list("pk", flat=True)
    )
    rows = SnapshotValue.objects.filter(snapshot_id__in=snapshot_ids, code__in=codes, department__isnull=True)
    rows = rows.filter(area__isnull=True) if area_id is None else rows.filter(area_id=area_id)
    points = rows.values_list("snapshot__year", "snapshot__as_of", "code", "value")
    series: dict[str, dict[int, list[Any]]] = {code: {year: [None] * 12 for year in years} for code in codes}
    for year, as_of, code, value in points:
        if as_of.year == year:
            series[code][year][as_of.month - 1] = d.json_number(code, value)
    return series


def targets_for(year: int) -> dict[str, Decimal]:
    """The town's targets of a year (committee and department targets: ``metrics.targets``)."""
    return dict(
        Target.objects.filter(year=year, area__isnull=True, department__isnull=True).values_list("code", "value")
    )


def available_years() -> list[int]:
    return sorted(set(Snapshot.objects.filter(is_current=True).values_list("year", flat=True)), reverse=True)


def as_of_dates(year: int) -> list[datetime.date]:
    return list(Snapshot.objects.filter(year=year, is_current=True).order_by("-as_of").values_list("as_of", flat=True))


def records_queryset(queryset: QuerySet[Any], user: User) -> QuerySet[Any]:
    """Scope the records behind a number to the user (a model without scoping is shown as is)."""
    if hasattr(queryset, "for_user"):
        return queryset.for_user(user)
    return queryset


# --- the records behind a number (drill-down) -----------------------------------------------------

DRILL_LISTS = {"base": "基数名单", "done": "已就业/已清零名单", "worklist": "待帮扶名单（未就业/未清零）"}


def drill_spec(code: str) -> tuple[str, str, bool, str]:
    """(family, key, last_period, default list) of a metric code, from its structured fields:
    family is "policy", "successful", "clearance" (key = group), "record" (key = record code) or
    "satisfaction"."""
    metric = d.METRICS[code]
    default = ""
    if metric.family == d.CLEARANCE:
        default = {"base": "base", "done": "done"}.get(metric.variant, "worklist")
    return metric.family, metric.key, metric.last, default


def drill_records(
    *,
    code: str,
    year: int,
    as_of: datetime.date,
    which: str,
    area_id: int | None,
    department_id: int | None = None,
) -> tuple[str, QuerySet[Any] | None]:
    """The records behind a number, computed now for the snapshot's period: (row kind, queryset).

    Row kinds: "person", "household", "venture", "rating" (with its case and comment), "record".
    """
    from metrics import engine, registry

    family, key, last, default = drill_spec(code)
    period = engine.Period(year, as_of)
    if last:
        period = period.last
    queryset: QuerySet[Any] | None
    if family == "policy":
        kind, queryset = "venture", engine.policy_ventures_queryset(period).select_related("area", "founder")
    elif family == "successful":
        kind, queryset = "venture", engine.successful_ventures_queryset(period).select_related("area", "founder")
    elif family == "clearance":
        which = which if which in DRILL_LISTS else default
        kind = "household" if key == "household" else "person"
        if which == "worklist":
            queryset = engine.clearance_worklist(key, period)
        else:
            pair = engine.clearance_querysets(key, period)
            queryset = None if pair is None else pair[0 if which == "base" else 1]
        if queryset is not None:
            queryset = queryset.model._base_manager.filter(pk__in=queryset.values("pk")).select_related("area")
    elif family == d.SATISFACTION:
        kind = "rating"
        queryset = engine.satisfaction_ratings_queryset(period).select_related("case", "case__area", "case__department")
        if department_id is not None:
            queryset = queryset.filter(case__department_id=department_id)
        if area_id is not None:
            queryset = queryset.filter(case__area_id=area_id)
        queryset = queryset.order_by("-rated_at", "pk")
    else:
        kind = "record"
        computation = registry.computation(key)
        queryset = computation.value(period.start, period.as_of)[1]
        if area_id is not None:
            queryset = computation.rows_in_area(queryset, area_id)
    if queryset is not None and area_id is not None and family in (d.POLICY, d.SUCCESSFUL, d.CLEARANCE):
        queryset = queryset.filter(area_id=area_id)
    if queryset is not None and kind == "person":
        queryset = queryset.order_by("area__code", "name", "pk")
    elif queryset is not None and kind == "household":
        queryset = queryset.order_by("area__code", "household_no")
    elif queryset is not None and kind == "venture":
        queryset = queryset.order_by("area__code", "-registered_on", "pk")
    elif queryset is not None and not queryset.ordered:
        queryset = queryset.order_by("pk")  # pages must be stable
    return kind, queryset
