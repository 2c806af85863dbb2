"""Figures of indicators 2, 4 and 5 (METRICS.md) for the metrics engine.

Each function takes the period ``[start, end]`` (both days included) and returns the number and
the records it was counted from, so that every number on a dashboard links to its rows. "As of"
numbers (``brands_active``) are taken on ``end``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Greatest

from activities.models import Activity, ActivityTargetGroup, Brand, BrandCoverage, Evidence


def meetings(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Evidence]]:
    """Leading-group meetings (领导小组会议) and joint meetings (联席会议) held in the period:
    evidence records of those two kinds dated within ``[start, end]``, whatever year they are
    filed under. One record is one meeting."""
    rows = Evidence.objects.filter(
        kind__in=Evidence.MEETING_KINDS, dated_on__gte=start, dated_on__lte=end
    ).select_related("department")
    return rows.count(), rows


def rules_adopted(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Evidence]]:
    """Rules and working documents adopted (制度文件) in the period: evidence of kind "rule"
    dated within ``[start, end]``."""
    rows = Evidence.objects.filter(kind=Evidence.Kind.RULE, dated_on__gte=start, dated_on__lte=end).select_related(
        "department"
    )
    return rows.count(), rows


def funds_invested(*, start: datetime.date, end: datetime.date) -> tuple[Decimal, QuerySet[Evidence]]:
    """Money invested (资金投入) in the period, in yuan with two decimals: the sum of the amounts
    of evidence of kind "funds" dated within ``[start, end]``; ``Decimal("0.00")`` when none."""
    rows = Evidence.objects.filter(kind=Evidence.Kind.FUNDS, dated_on__gte=start, dated_on__lte=end).select_related(
        "department"
    )
    total = rows.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return total.quantize(Decimal("0.01")), rows


def brands_active(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Brand]]:
    """Service brands active as of ``end``: launched on or before ``end`` and not retired, or
    retired on or after ``end``. ``start`` is not used (an "as of" number)."""
    rows = Brand.objects.filter(Q(retired_on__isnull=True) | Q(retired_on__gte=end), launched_on__lte=end)
    return rows.count(), rows.select_related("owner")


def brand_coverage_items(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[BrandCoverage]]:
    """Media coverage items of any service brand published within ``[start, end]``."""
    rows = BrandCoverage.objects.filter(published_on__gte=start, published_on__lte=end).select_related("brand")
    return rows.count(), rows


def _activities_in(start: datetime.date, end: datetime.date) -> QuerySet[Activity]:
    return Activity.objects.filter(held_on__gte=start, held_on__lte=end)


def activities(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Activity]]:
    """Activities held within ``[start, end]`` (by their date), of every kind."""
    rows = _activities_in(start, end).select_related("organiser")
    return rows.count(), rows


def activity_participants(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Activity]]:
    """Participations (参与人次) in the activities held within ``[start, end]``.

    For each activity the head count is ``max(actual_participants, named participants)``:
    ``actual_participants`` is the count of the day and already includes the persons named on
    the activity, so named persons are never added on top of it; where staff named more persons
    than the count they typed, the named ones are the floor. A person is named at most once per
    activity (a database constraint). The period's number is the sum over its activities, so a
    person attending two activities counts twice (two participations), as attendance figures do.
    The rows are the activities, each annotated with ``named_count`` and ``headcount``.
    """
    rows = (
        _activities_in(start, end)
        .select_related("organiser")
        .annotate(named_count=Count("participations", distinct=True))
        .annotate(headcount=Greatest(F("actual_participants"), F("named_count")))
    )
    total = rows.aggregate(total=Sum("headcount"))["total"] or 0
    return int(total), rows


def activity_groups_reached(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Any]]:
    """Distinct target groups (of the seven in DOMAIN.md) at least one activity held within
    ``[start, end]`` was aimed at. The rows are the distinct group codes with the number of
    activities that reached each (``group``, ``activities``)."""
    rows = (
        ActivityTargetGroup.objects.filter(activity__held_on__gte=start, activity__held_on__lte=end)
        .values("group")
        .annotate(activities=Count("activity", distinct=True))
        .order_by("group")
    )
    return len(rows), rows


INDICATORS: dict[str, Callable[..., tuple[Any, QuerySet[Any]]]] = {
    "meetings": meetings,
    "rules_adopted": rules_adopted,
    "funds_invested": funds_invested,
    "brands_active": brands_active,
    "brand_coverage_items": brand_coverage_items,
    "activities": activities,
    "activity_participants": activity_participants,
    "activity_groups_reached": activity_groups_reached,
}
