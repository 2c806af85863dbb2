"""Figures casework gives the metrics engine (METRICS.md): each returns the number and its rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Avg, QuerySet

from cases.models import Case, SatisfactionRating
from entrepreneurs.models import Venture


def ventures_cultivated(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Venture]]:
    """Distinct ventures with a case resolved (closed) in [start, end], and those ventures."""
    closed = Case.objects.filter(
        status=Case.Status.CLOSED, closed_on__gte=start, closed_on__lte=end, venture__isnull=False
    ).values("venture_id")
    ventures = Venture.objects.filter(pk__in=closed)
    return ventures.count(), ventures


def satisfaction(*, start: datetime.date, end: datetime.date) -> tuple[float | None, QuerySet[SatisfactionRating]]:
    """Mean satisfaction score (1–5) of the ratings given in [start, end]; None when there are none."""
    ratings = SatisfactionRating.objects.filter(rated_at__date__gte=start, rated_at__date__lte=end).select_related(
        "case"
    )
    mean = ratings.aggregate(mean=Avg("score"))["mean"]
    return (round(float(mean), 2) if mean is not None else None), ratings


INDICATORS: dict[str, Callable[..., tuple[Any, QuerySet[Any]]]] = {
    "ventures_cultivated": ventures_cultivated,
    "satisfaction": satisfaction,
}
