"""Figures casework gives the metrics engine (METRICS.md): each returns the number and its rows."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Avg, Exists, OuterRef, Q, QuerySet

from cases.models import Case, SatisfactionRating
from entrepreneurs.models import Venture


def ventures_cultivated(*, start: datetime.date, end: datetime.date) -> tuple[int, QuerySet[Venture]]:
    """Distinct ventures cultivated in [start, end]: those with a case resolved (closed) in the
    period, and those registered in the period by a founding team that had been helped before
    (a case about the team opened on or before the registration date), and those ventures."""
    closed = Case.objects.filter(
        status=Case.Status.CLOSED, closed_on__gte=start, closed_on__lte=end, venture__isnull=False
    ).values("venture_id")
    helped_teams = Case.objects.filter(team_id=OuterRef("founding_team__pk"), opened_on__lte=OuterRef("registered_on"))
    ventures = Venture.objects.filter(
        Q(pk__in=closed)
        | Q(Exists(helped_teams), founding_team__isnull=False, registered_on__gte=start, registered_on__lte=end)
    )
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
