"""Reads of the carriers app: the carrier list with its occupancy, the town overview, a carrier's
page, residencies scoped to the user, and the "failed two years in a row" flag."""

from __future__ import annotations

import datetime
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from entrepreneurs.models import CHARACTERISTIC_INDUSTRIES, Industry, Venture
from incubators.indicators import active_carriers_q, in_residence_q
from incubators.models import Carrier, Evaluation, Residency, ServiceMatch, ServiceOrganisation

if TYPE_CHECKING:
    from zhuqiao.models import User


def occupancy_percent(in_residence: int, capacity: int) -> Decimal | None:
    """Ventures in residence / capacity × 100, one decimal (half away from zero); None without capacity."""
    if not capacity:
        return None
    return (Decimal(in_residence) * 100 / Decimal(capacity)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def failed_two_years_q() -> Exists:
    """A carrier graded C in two consecutive years (in any two consecutive years of its history)."""
    return Exists(
        Evaluation.objects.filter(
            carrier=OuterRef("pk"),
            grade=Evaluation.Grade.C,
            carrier__evaluations__year=F("year") + 1,
            carrier__evaluations__grade=Evaluation.Grade.C,
        )
    )


def failed_year_pairs(evaluations: list[Evaluation]) -> list[tuple[int, int]]:
    """The pairs of consecutive years both graded C, from a carrier's evaluations."""
    failed = {evaluation.year for evaluation in evaluations if evaluation.grade == Evaluation.Grade.C}
    return [(year, year + 1) for year in sorted(failed) if year + 1 in failed]


def _per_carrier(aggregate: Count, condition: Q) -> Coalesce:
    """A count over one carrier's residencies as a correlated subquery: cheaper than grouping
    the carrier rows over a join, and each count stays independent of the others."""
    rows = (
        Residency.objects.filter(condition, carrier=OuterRef("pk"))
        .order_by()
        .values("carrier")
        .annotate(n=aggregate)
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def carrier_list(*, user: User, day: datetime.date | None = None) -> QuerySet[Carrier]:
    """Carriers the user may see with their occupancy as of ``day`` (today by default): ventures
    in residence, open notifications, graduates, the latest grade and the two-failed-years flag.
    Counts are over all ventures: a count is not personal data."""
    day = day or timezone.localdate()
    latest_grade = Evaluation.objects.filter(carrier=OuterRef("pk")).order_by("-year").values("grade")[:1]
    return (
        Carrier.objects.for_user(user)
        .select_related("area")
        .annotate(
            in_residence=_per_carrier(Count("venture", distinct=True), in_residence_q(day)),
            notified=_per_carrier(Count("id"), Q(stage=Residency.Stage.NOTIFIED)),
            graduated=_per_carrier(Count("id"), Q(stage=Residency.Stage.GRADUATED)),
            failed_two_years=failed_two_years_q(),
            latest_grade=latest_grade,
            **free_places_annotations(),
        )
        .order_by("name")
    )


def free_places_annotations() -> dict[str, Any]:
    """``free_desks`` and ``free_rooms`` of each carrier: its desks and rooms less those taken by a
    venture in residence now (a residency takes its place on moving in and gives it back on
    graduating or leaving)."""
    resident = Q(stage=Residency.Stage.RESIDENT)
    return {
        "free_desks": F("capacity_desks") - _per_carrier(Count("id"), resident & Q(place=Residency.Place.DESK)),
        "free_rooms": F("capacity_rooms") - _per_carrier(Count("id"), resident & Q(place=Residency.Place.ROOM)),
    }


def carriers_with_free_places(*, user: User, industry: str = "", day: datetime.date | None = None) -> list[Carrier]:
    """Carriers in operation on ``day`` with a free desk or room, for a space need (场地需求): those
    focused on ``industry`` first, then by most free places."""
    day = day or timezone.localdate()
    carriers = (
        Carrier.objects.for_user(user)
        .filter(active_carriers_q(day))
        .select_related("area")
        .annotate(**free_places_annotations())
        .filter(Q(free_desks__gt=0) | Q(free_rooms__gt=0))
    )
    return sorted(
        carriers,
        key=lambda c: (industry not in (c.focus_industries or []), -(c.free_desks + c.free_rooms), c.name),  # type: ignore[attr-defined]
    )


def carrier_overview(*, day: datetime.date | None = None) -> dict[str, Any]:
    """Town totals for the carrier list: active carriers by kind, capacity and occupancy, ventures
    by stage (open stages now, ended stages ever) and the focus industries covered."""
    day = day or timezone.localdate()
    active = Carrier.objects.filter(active_carriers_q(day))
    capacity = active.aggregate(desks=Sum("capacity_desks"), rooms=Sum("capacity_rooms"))
    total_capacity = (capacity["desks"] or 0) + (capacity["rooms"] or 0)
    in_residence = (
        Residency.objects.filter(in_residence_q(day), carrier__in=active).values("venture_id").distinct().count()
    )
    by_stage = dict(Residency.objects.values_list("stage").annotate(n=Count("id")).order_by())
    kinds = dict(active.values_list("kind").annotate(n=Count("id")).order_by())
    industries: Counter[str] = Counter()
    for focus in active.values_list("focus_industries", flat=True):
        industries.update(set(focus or []))
    labels = dict(Industry.choices)
    return {
        "day": day,
        "carriers_active": sum(kinds.values()),
        "by_kind": [(label, kinds.get(value, 0)) for value, label in Carrier.Kind.choices],
        "capacity": total_capacity,
        "in_residence": in_residence,
        "occupancy": occupancy_percent(in_residence, total_capacity),
        "by_stage": [(value, label, by_stage.get(value, 0)) for value, label in Residency.Stage.choices],
        "focus_industries": [(labels.get(code, code), n) for code, n in industries.most_common()],
        "characteristic_in_residence": Residency.objects.filter(
            in_residence_q(day), carrier__in=active, venture__industry__in=CHARACTERISTIC_INDUSTRIES
        )
        .values("venture_id")
        .distinct()
        .count(),
    }


def carrier_counts(*, carrier: Carrier, day: datetime.date) -> dict[str, int]:
    """A carrier's ventures in residence as of ``day``, open notifications and graduates (all
    ventures: counts are not personal data)."""
    return carrier.residencies.aggregate(
        in_residence=Count("venture", filter=in_residence_q(day), distinct=True),
        notified=Count("id", filter=Q(stage=Residency.Stage.NOTIFIED)),
        graduated=Count("id", filter=Q(stage=Residency.Stage.GRADUATED)),
    )


def carrier_detail(*, user: User, pk: int) -> QuerySet[Carrier]:
    """The queryset a carrier page is read from, with its evaluations, grants and service points."""
    return (
        Carrier.objects.for_user(user)
        .filter(pk=pk)
        .select_related("area")
        .prefetch_related("evaluations", "subsidies", "service_points__staff", "matches__organisation")
    )


def residencies_for_user(*, user: User) -> QuerySet[Residency]:
    """Residencies the user may see (they follow the venture's committee), ready for listing."""
    return Residency.objects.for_user(user).select_related("venture", "venture__area", "carrier")


def carrier_residencies(*, user: User, carrier: Carrier) -> QuerySet[Residency]:
    return residencies_for_user(user=user).filter(carrier=carrier).order_by("stage", "-entered_on", "-notified_on")


def venture_residencies(*, user: User, venture: Venture) -> QuerySet[Residency]:
    return (
        residencies_for_user(user=user)
        .filter(venture=venture)
        .prefetch_related("services")
        .order_by("-created_at", "-id")
    )


def organisation_list(*, user: User) -> QuerySet[ServiceOrganisation]:
    return (
        ServiceOrganisation.objects.for_user(user)
        .prefetch_related("services", "agreements")
        .annotate(match_count=Count("matches", distinct=True))
        .order_by("name")
    )


def organisation_matches(*, user: User, organisation: ServiceOrganisation) -> QuerySet[ServiceMatch]:
    return (
        ServiceMatch.objects.for_user(user)
        .filter(organisation=organisation)
        .select_related("carrier", "venture", "venture__area")
    )
