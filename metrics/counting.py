"""Counting many periods at once: one grouped query per number for all the periods a recompute
needs (the snapshot, its month-ends and their year-earlier comparisons), with one filtered
``Count`` per period. This is what keeps a full recompute of a year within seconds.

The per-period definitions are those of METRICS.md, the same as ``metrics.engine``'s querysets and
``jobseekers.clearance`` (whose household helpers are used directly); a test checks that both
give the same numbers on the same data.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery

Counts = dict[int, dict[str, Any]]  # period index -> {"town": int, "areas": {area_id: int}}


def _start(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _run(
    queryset: QuerySet[Any], area_field: str, count_field: str, conditions: dict[str, Q], *, town_distinct: bool = False
) -> dict[str, tuple[int, dict[int, int]]]:
    """For each named condition: (town total, {area_id: count}) in one grouped query (two when
    the same entity can count in two committees and the town total must be distinct)."""
    if not conditions:
        return {}
    aggregates = {name: Count(count_field, distinct=True, filter=q) for name, q in conditions.items()}
    rows = list(queryset.order_by().values(area_field).annotate(**aggregates))
    result: dict[str, tuple[int, dict[int, int]]] = {}
    for name in conditions:
        per_area = {row[area_field]: row[name] for row in rows if row[name]}
        result[name] = (sum(per_area.values()), per_area)
    if town_distinct:
        totals = queryset.order_by().aggregate(**aggregates)
        result = {name: (totals[name] or 0, per_area) for name, (_total, per_area) in result.items()}
    return result


def policy_ventures(periods: list[tuple[int, datetime.date]]) -> dict[str, tuple[int, dict[int, int]]]:
    from entrepreneurs.models import Policy, PolicyBenefit

    benefits = PolicyBenefit.objects.filter(policy__level__in=[Policy.Level.CITY, Policy.Level.DISTRICT])
    conditions = {
        f"p{i}": Q(granted_on__gte=_start(year), granted_on__lte=as_of) for i, (year, as_of) in enumerate(periods)
    }
    return _run(benefits, "venture__area_id", "venture_id", conditions)


def founder_had_startup_case() -> Exists:
    """For a venture: its founder had a startup case opened 0–365 days before (or on) the
    registration date (the rule of a successful entrepreneur, METRICS.md)."""
    from cases.models import Case, Category

    window_start = ExpressionWrapper(OuterRef("registered_on") - datetime.timedelta(days=365), output_field=DateField())
    return Exists(
        Case.objects.filter(
            person_id=OuterRef("founder_id"),
            category=Category.STARTUP,
            opened_on__lte=OuterRef("registered_on"),
            opened_on__gte=window_start,
        )
    )


def successful_entrepreneurs(periods: list[tuple[int, datetime.date]]) -> dict[str, tuple[int, dict[int, int]]]:
    from entrepreneurs.models import Venture

    first = min(_start(year) for year, _as_of in periods)
    last = max(as_of for _year, as_of in periods)
    ventures = Venture.objects.filter(founder__isnull=False, registered_on__gte=first, registered_on__lte=last).filter(
        founder_had_startup_case()
    )
    conditions = {
        f"p{i}": Q(registered_on__gte=_start(year), registered_on__lte=as_of) for i, (year, as_of) in enumerate(periods)
    }
    return _run(ventures, "area_id", "founder_id", conditions, town_distinct=True)


def _membership_condition(group: str, year: int, as_of: datetime.date) -> Q:
    condition = Q(start_date__lte=as_of) & (Q(end_date__isnull=True) | Q(end_date__gte=_start(year)))
    if group == "graduate":
        condition &= Q(start_date__gte=_start(year), start_date__lte=datetime.date(year, 12, 31))
    return condition


def _employed_condition(as_of: datetime.date) -> Q:
    return Q(person__employments__start_date__lte=as_of) & (
        Q(person__employments__end_date__isnull=True) | Q(person__employments__end_date__gte=as_of)
    )


def person_group(group: str, periods: list[tuple[int, datetime.date]]) -> dict[str, tuple[int, dict[int, int]]]:
    """Base (``b<i>``) and employed (``e<i>``) of a person group for every period, one query."""
    from jobseekers.models import TargetGroupMembership

    memberships = TargetGroupMembership.objects.filter(group=group, willing=True)
    conditions: dict[str, Q] = {}
    for i, (year, as_of) in enumerate(periods):
        member = _membership_condition(group, year, as_of)
        conditions[f"b{i}"] = member
        conditions[f"e{i}"] = member & _employed_condition(as_of)
    return _run(memberships, "person__area_id", "person_id", conditions)


def households(periods: list[tuple[int, datetime.date]]) -> dict[str, tuple[int, dict[int, int]]]:
    """Base (``b<i>``) and cleared (``e<i>``) households for every period, in two queries.

    The base is counted over the certifications: one qualifies for (Y, D) when it is willing,
    made on or before D, and not made before 1 January Y while already cleared as of 31 December
    Y-1 (one ``Exists`` per certification and year). The cleared households are counted over
    the running employments of members, each compared with the date of the household's latest
    qualifying certification (``jobseekers.clearance.qualifying_certifications``).
    """
    from jobseekers import clearance
    from jobseekers.models import Employment, ZeroEmploymentCertification

    result: dict[str, tuple[int, dict[int, int]]] = {}
    for year in sorted({year for year, _as_of in periods}):
        # one query per year: the "cleared last year" test runs once per certification, in WHERE
        cleared_last_year = clearance._household_employment_since(
            datetime.date(year - 1, 12, 31), household_ref="household_id", since=OuterRef("certified_on")
        )
        certifications = ZeroEmploymentCertification.objects.filter(willing=True).filter(
            Q(certified_on__gte=_start(year)) | ~cleared_last_year
        )
        conditions = {f"b{i}": Q(certified_on__lte=as_of) for i, (y, as_of) in enumerate(periods) if y == year}
        result.update(_run(certifications, "household__area_id", "household_id", conditions))

    certified = ZeroEmploymentCertification.objects.filter(willing=True).values("household_id")
    last = max(as_of for _year, as_of in periods)
    conditions = {}
    employments = Employment.objects.filter(person__household_id__in=certified, start_date__lte=last)
    aliases: dict[str, Any] = {}
    for i, (year, as_of) in enumerate(periods):
        latest = (
            clearance.qualifying_certifications(year=year, as_of=as_of)
            .filter(household_id=OuterRef("person__household_id"))
            .order_by("-certified_on")
            .values("certified_on")[:1]
        )
        aliases[f"l{i}"] = Subquery(latest)
        conditions[f"e{i}"] = (
            Q(start_date__lte=as_of)
            & (Q(end_date__isnull=True) | Q(end_date__gte=as_of))
            & Q(start_date__gte=F(f"l{i}"))
        )
    result.update(_run(employments.alias(**aliases), "person__household__area_id", "person__household_id", conditions))
    return result


def satisfaction(
    periods: list[tuple[int, datetime.date]],
) -> tuple[dict[str, tuple[int, dict[int, int]]], dict[str, dict[int, int]]]:
    """Ratings (``n<i>``), ratings scored 4 or 5 (``g<i>``) and the sum of scores (``s<i>``) of
    every period, by the committee of the rated case (with the town total) and by its department:
    two grouped queries. A rating belongs to the day it was given in Asia/Shanghai."""
    from django.db.models import Sum

    from cases.models import SatisfactionRating

    first = min(_start(year) for year, _as_of in periods)
    last = max(as_of for _year, as_of in periods)
    ratings = SatisfactionRating.objects.filter(rated_at__date__gte=first, rated_at__date__lte=last)
    aggregates: dict[str, Any] = {}
    for i, (year, as_of) in enumerate(periods):
        within = Q(rated_at__date__gte=_start(year), rated_at__date__lte=as_of)
        aggregates[f"n{i}"] = Count("pk", filter=within)
        aggregates[f"g{i}"] = Count("pk", filter=within & Q(score__gte=4))
        aggregates[f"s{i}"] = Sum("score", filter=within)
    by_area: dict[str, tuple[int, dict[int, int]]] = {name: (0, {}) for name in aggregates}
    row: dict[str, Any]
    for row in ratings.order_by().values("case__area_id").annotate(**aggregates):  # type: ignore[assignment]
        for name in aggregates:
            number = row[name] or 0
            total, per_area = by_area[name]
            if number:
                per_area[row["case__area_id"]] = number
            by_area[name] = (total + number, per_area)
    by_department: dict[str, dict[int, int]] = {name: {} for name in aggregates}
    rows = ratings.filter(case__department__isnull=False).order_by().values("case__department_id")
    for row in rows.annotate(**aggregates):  # type: ignore[assignment]
        for name in aggregates:
            if row[name]:
                by_department[name][row["case__department_id"]] = row[name]
    return by_area, by_department
