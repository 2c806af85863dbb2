"""Figures the venture register gives the metrics engine (METRICS.md, indicators 6 and 7).

Each function takes the period ``[start, end]`` (both included) and returns the number and the
records behind it, for the dashboard's drill-down. Indicator 1 (policy_ventures, successful
entrepreneurs) is computed by the metrics engine from these models directly; ``ventures_cultivated``
(indicator 6) comes from casework.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from entrepreneurs.models import CHARACTERISTIC_INDUSTRIES, RoleModel, Venture


def role_models(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[RoleModel]]:
    """Role models (创业典型) designated in the period.

    A designation belongs to a year, not a day: it counts when its year falls in the period, so
    a period of [1 January Y, D] counts the designations of year Y, whatever D is.
    """
    rows = RoleModel.objects.filter(year__gte=start.year, year__lte=end.year).select_related(
        "venture", "person", "area"
    )
    return rows.count(), rows


def characteristic_ventures_registered(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Venture]]:
    """Ventures of the town's characteristic industries registered in [start, end]."""
    rows = Venture.objects.filter(
        industry__in=CHARACTERISTIC_INDUSTRIES, registered_on__gte=start, registered_on__lte=end
    ).select_related("area")
    return rows.count(), rows


INDICATORS: dict[str, Callable[..., tuple[Any, QuerySet[Any]]]] = {
    "role_models": role_models,
    "characteristic_ventures_registered": characteristic_ventures_registered,
}
