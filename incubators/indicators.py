"""Figures the carriers give the metrics engine (METRICS.md indicators 3 and 7).

Each function takes the period ``[start, end]`` (both ends included) and returns the number and
the records it counts, so that every number on the dashboard can link to its rows. Figures
"as of" a date use ``end`` as that date. The querysets are not scoped: the engine computes
town-wide figures; views showing the rows scope them again.

Conventions, chosen to match "employed as of X" of METRICS.md:

- a carrier is *active as of D* when it was established on or before D and is not closed, or
  closed on or after D;
- a venture is *in residence as of D* when one of its residencies was entered (入驻) on or before
  D and has not ended (graduated or left) before D — a residency ending on D still counts on D.
  Notified residencies (注册前有告知) are not in residence yet: the venture has not moved in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet, Sum

from entrepreneurs.models import CHARACTERISTIC_INDUSTRIES, Venture
from incubators.models import Carrier, Evaluation, Residency, Subsidy

CENT = Decimal("0.01")


def in_residence_q(day: datetime.date, prefix: str = "") -> Q:
    """The condition "this residency is in residence on ``day``" (prefix for related lookups)."""
    return (
        Q(**{f"{prefix}entered_on__isnull": False, f"{prefix}entered_on__lte": day})
        & (Q(**{f"{prefix}graduated_on__isnull": True}) | Q(**{f"{prefix}graduated_on__gte": day}))
        & (Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gte": day}))
    )


def active_carriers_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}established_on__lte": day}) & (
        Q(**{f"{prefix}closed_on__isnull": True}) | Q(**{f"{prefix}closed_on__gte": day})
    )


def carriers_active(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Carrier]]:
    """Carriers active as of ``end``: established on or before ``end`` and not closed before it
    (``closed_on`` empty or on or after ``end``). ``start`` is not used: this is a stock."""
    carriers = Carrier.objects.filter(active_carriers_q(end))
    return carriers.count(), carriers


def ventures_in_residence(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Venture]]:
    """Distinct ventures in residence in a carrier as of ``end``: a residency with ``entered_on``
    on or before ``end`` and neither ``graduated_on`` nor ``left_on`` before ``end``."""
    residencies = Residency.objects.filter(in_residence_q(end)).values("venture_id")
    ventures = Venture.objects.filter(pk__in=residencies)
    return ventures.count(), ventures


def residencies_started(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Residency]]:
    """Residencies that started in the period: moved in (``entered_on``) within ``[start, end]``.
    A notification before registration is not yet a start; a venture moving in twice counts twice."""
    residencies = Residency.objects.filter(entered_on__gte=start, entered_on__lte=end).select_related(
        "venture", "carrier"
    )
    return residencies.count(), residencies


def residencies_graduated(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Residency]]:
    """Residencies that graduated (入驻后有收获) within ``[start, end]``: stage graduated with
    ``graduated_on`` in the period. Early leavers are not graduates."""
    residencies = Residency.objects.filter(
        stage=Residency.Stage.GRADUATED, graduated_on__gte=start, graduated_on__lte=end
    ).select_related("venture", "carrier")
    return residencies.count(), residencies


def carrier_subsidies(*, start: datetime.date, end: datetime.date) -> tuple[Decimal, QuerySet[Subsidy]]:
    """Yuan granted to carriers within ``[start, end]`` (by ``granted_on``), two decimals; 0.00
    when none."""
    subsidies = Subsidy.objects.filter(granted_on__gte=start, granted_on__lte=end).select_related("carrier")
    total = subsidies.aggregate(total=Sum("amount"))["total"] or Decimal("0")
    return Decimal(total).quantize(CENT, rounding=ROUND_HALF_UP), subsidies


def carrier_evaluations(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Evaluation]]:
    """Service evaluations of carriers completed within ``[start, end]`` (by ``evaluated_on``,
    whatever the year evaluated)."""
    evaluations = Evaluation.objects.filter(evaluated_on__gte=start, evaluated_on__lte=end).select_related("carrier")
    return evaluations.count(), evaluations


def characteristic_ventures_in_residence(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Venture]]:
    """Distinct ventures of the town's characteristic industries (航空配套, 航空物流, 智慧物流,
    物联网, 商贸, 科技农业; the venture's industry as stored now) in residence as of ``end``, with
    the same rule as ``ventures_in_residence``."""
    _count, ventures = ventures_in_residence(start=start, end=end)
    characteristic = ventures.filter(industry__in=CHARACTERISTIC_INDUSTRIES)
    return characteristic.count(), characteristic


INDICATORS: dict[str, Callable[..., tuple[Any, QuerySet[Any]]]] = {
    "carriers_active": carriers_active,
    "ventures_in_residence": ventures_in_residence,
    "residencies_started": residencies_started,
    "residencies_graduated": residencies_graduated,
    "carrier_subsidies": carrier_subsidies,
    "carrier_evaluations": carrier_evaluations,
    "characteristic_ventures_in_residence": characteristic_ventures_in_residence,
}
