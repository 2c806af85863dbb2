"""Policy opportunities: policies a venture inside their window has not received yet, listed and counted."""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from entrepreneurs.models import (
    Policy,
    PolicyBenefit,
    PolicyWindowNotice,
    Venture,
    earliest_registration_inside,
    months_between,
    window_closes_on,
)
from entrepreneurs.selectors.common import _area_filter
from zhuqiao.models import User


@dataclass(frozen=True)
class Opportunity:
    """A policy a venture inside the policy's window has not received yet."""

    venture: Venture
    policy: Policy
    closes_on: datetime.date
    months_left: int
    days_left: int
    notified: bool


def _window_bounds(
    *, today: datetime.date, policy: Policy | None = None, horizon: datetime.date | None = None
) -> dict[int, tuple[int, datetime.date, datetime.date]]:
    """``{policy id: (months, earliest, latest registration date)}`` of the ventures inside each
    active policy's window on ``today`` (and, with a horizon, whose window closes by then)."""
    policies = Policy.objects.filter(is_active=True, window_months__isnull=False, window_months__gt=0)
    if policy is not None:
        policies = policies.filter(pk=policy.pk)
    one_day = datetime.timedelta(days=1)
    bounds: dict[int, tuple[int, datetime.date, datetime.date]] = {}
    for p in policies.only("pk", "window_months"):
        months = p.window_months or 0
        lower = earliest_registration_inside(today, months)
        upper = today
        if horizon is not None:  # windows closing on or before the horizon only
            upper = min(upper, earliest_registration_inside(horizon + one_day, months) - one_day)
        if lower <= upper:
            bounds[p.pk] = (months, lower, upper)
    return bounds


def _opportunity_pairs(
    *,
    user: Any,  # as policy_opportunities: a User or the weekly job's _SystemReader
    today: datetime.date,
    policy: Policy | None = None,
    area: Any = None,
    horizon: datetime.date | None = None,
) -> list[tuple[int, int, datetime.date]]:
    """(venture id, policy id, closing date) of every open opportunity, in two queries.

    Each policy's window rule becomes a range of registration dates (``earliest_registration_inside``
    is exact at month ends); one query reads the ventures registered in the union of the
    ranges, one the grants they already have, and the pairs are matched here.
    """
    bounds = _window_bounds(today=today, policy=policy, horizon=horizon)
    if not bounds:
        return []
    ventures = Venture.objects.for_user(user).filter(
        status=Venture.Status.OPERATING,
        registered_on__gte=min(b[1] for b in bounds.values()),
        registered_on__lte=max(b[2] for b in bounds.values()),
    )
    area_q = _area_filter(area)
    if area_q is not None:
        ventures = ventures.filter(area_q)
    received = set(
        PolicyBenefit.objects.filter(venture__in=ventures.values("pk"), policy_id__in=bounds).values_list(
            "venture_id", "policy_id"
        )
    )
    rows = sorted(ventures.values_list("registered_on", "pk").order_by())
    days = [registered_on for registered_on, _pk in rows]
    pairs: list[tuple[int, int, datetime.date]] = []
    for policy_id, (months, lower, upper) in bounds.items():
        closes: dict[datetime.date, datetime.date] = {}
        for registered_on, venture_id in rows[bisect_left(days, lower) : bisect_right(days, upper)]:
            if (venture_id, policy_id) in received:
                continue
            if registered_on not in closes:
                closes[registered_on] = window_closes_on(registered_on, months)
            pairs.append((venture_id, policy_id, closes[registered_on]))
    return pairs


def policy_opportunities(
    *,
    # a User, or the weekly notice job's services._SystemReader (duck-typed as centre staff)
    user: Any,
    today: datetime.date | None = None,
    policy: Policy | None = None,
    area: Any = None,
    closing_within_days: int | None = None,
) -> list[tuple[int, int, datetime.date]]:
    """Open opportunities, soonest closing first, as light (venture id, policy id, closes on) tuples.

    A venture is inside an N-month window on day D when it registered on or before D and its
    window (``window_closes_on``) has not closed before D; it must still be operating and must
    not have received that policy. Use :func:`opportunities_hydrate` for the page being shown.
    """
    today = today or timezone.localdate()
    horizon = None if closing_within_days is None else today + datetime.timedelta(days=closing_within_days)
    pairs = _opportunity_pairs(user=user, today=today, policy=policy, area=area, horizon=horizon)
    pairs.sort(key=lambda pair: (pair[2], pair[0], pair[1]))
    return pairs


def policy_opportunity_count(*, user: User, today: datetime.date, closing_within_days: int) -> int:
    """How many of :func:`policy_opportunities` close within the days, counted by the database in
    two small queries (the policies, then one count per policy over the registration-date index)
    without reading the pairs."""
    horizon = today + datetime.timedelta(days=closing_within_days)
    bounds = _window_bounds(today=today, horizon=horizon)
    if not bounds:
        return 0
    ventures = Venture.objects.for_user(user).filter(
        status=Venture.Status.OPERATING,
        registered_on__gte=min(b[1] for b in bounds.values()),
        registered_on__lte=max(b[2] for b in bounds.values()),
    )
    counts = ventures.order_by().aggregate(
        **{
            f"p{policy_id}": Count(
                "pk",
                filter=Q(registered_on__range=(lower, upper))
                & ~Q(Exists(PolicyBenefit.objects.filter(venture_id=OuterRef("pk"), policy_id=policy_id))),
            )
            for policy_id, (_months, lower, upper) in bounds.items()
        }
    )
    return sum(value or 0 for value in counts.values())


def opportunities_hydrate(
    pairs: list[tuple[int, int, datetime.date]], *, today: datetime.date | None = None
) -> list[Opportunity]:
    """Turn a page of opportunity tuples into rows with their venture and policy (three queries)."""
    today = today or timezone.localdate()
    ventures = Venture.objects.select_related("area", "founder").in_bulk({pair[0] for pair in pairs})
    policies = Policy.objects.in_bulk({pair[1] for pair in pairs})
    notified = set(
        PolicyWindowNotice.objects.filter(venture_id__in=ventures.keys(), policy_id__in=policies.keys()).values_list(
            "venture_id", "policy_id"
        )
    )
    return [
        Opportunity(
            venture=ventures[venture_id],
            policy=policies[policy_id],
            closes_on=closes_on,
            months_left=months_between(today, closes_on),
            days_left=(closes_on - today).days,
            notified=(venture_id, policy_id) in notified,
        )
        for venture_id, policy_id, closes_on in pairs
        if venture_id in ventures and policy_id in policies
    ]


def venture_open_policies(*, venture: Venture, today: datetime.date | None = None) -> list[Opportunity]:
    """The opportunities of one venture (same rule as :func:`policy_opportunities`), no extra query
    for its benefits when they are prefetched."""
    today = today or timezone.localdate()
    if venture.status != Venture.Status.OPERATING or venture.registered_on > today:
        return []
    received = {benefit.policy_id for benefit in venture.benefits.all()}
    rows = []
    for policy in Policy.objects.filter(is_active=True, window_months__gt=0).order_by("level", "name"):
        assert policy.window_months is not None
        closes_on = window_closes_on(venture.registered_on, policy.window_months)
        if policy.pk in received or closes_on < today:
            continue
        rows.append(
            Opportunity(
                venture=venture,
                policy=policy,
                closes_on=closes_on,
                months_left=months_between(today, closes_on),
                days_left=(closes_on - today).days,
                notified=False,
            )
        )
    return sorted(rows, key=lambda row: row.closes_on)
