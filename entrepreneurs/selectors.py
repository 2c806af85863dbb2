"""Reads of the venture register, the policy catalogue and its uptake.

Every read of ventures and of what hangs off them (benefits, role models, notices) starts from
``for_user``: a committee sees its own ventures only, centre staff and leaders the whole town.
"""

from __future__ import annotations

import datetime
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from entrepreneurs.models import (
    STARTUP_PHASE_MONTHS,
    FoundingTeam,
    Policy,
    PolicyBenefit,
    PolicyWindowNotice,
    RoleModel,
    RoleModelPhoto,
    Venture,
    earliest_registration_inside,
    months_between,
    window_closes_on,
)
from zhuqiao.models import Area, User

YES = ("yes", "1", "true", "on")
NO = ("no", "0", "false", "off")


def _area_filter(value: Any) -> Q | None:
    if isinstance(value, Area):
        return Q(area=value)
    text = str(value or "").strip()
    if not text:
        return None
    if text.isdigit():
        return Q(area_id=int(text))
    return Q(area__code=text)


def venture_list(*, user: User, filters: dict[str, Any], today: datetime.date | None = None) -> QuerySet[Venture]:
    """Ventures the user may see, filtered the way the list page and the Excel export read GET.

    ``filters`` keys (all optional): ``area`` (committee id, code or object), ``industry``,
    ``kind``, ``status``, ``policy`` ("yes": has received at least one policy benefit, "no":
    none), ``year`` (registered in that year), ``startup_phase`` ("yes": inside the 36-month
    start-up phase today, "no": past it), ``q`` (name, credit code or founder's name).
    """
    today = today or timezone.localdate()
    ventures = Venture.objects.for_user(user).select_related("area", "founder")
    area_q = _area_filter(filters.get("area"))
    if area_q is not None:
        ventures = ventures.filter(area_q)
    for key in ("industry", "kind", "status"):
        if filters.get(key):
            ventures = ventures.filter(**{key: filters[key]})
    policy = str(filters.get("policy") or "").lower()
    has_benefit = Exists(PolicyBenefit.objects.filter(venture=OuterRef("pk")))
    if policy in YES:
        ventures = ventures.filter(has_benefit)
    elif policy in NO:
        ventures = ventures.filter(~has_benefit)
    year = str(filters.get("year") or "").strip()
    if year.isdigit():
        ventures = ventures.filter(registered_on__year=int(year))
    phase = str(filters.get("startup_phase") or "").lower()
    if phase in YES or phase in NO:
        earliest = earliest_registration_inside(today, STARTUP_PHASE_MONTHS)
        inside = Q(registered_on__gte=earliest, registered_on__lte=today)
        ventures = ventures.filter(inside) if phase in YES else ventures.exclude(inside)
    q = str(filters.get("q") or "").strip()
    if q:
        ventures = ventures.filter(Q(name__icontains=q) | Q(credit_code__iexact=q.upper()) | Q(founder__name=q))
    # A correlated count, not a join with GROUP BY: the page's count query stays a plain count.
    grants = (
        PolicyBenefit.objects.filter(venture=OuterRef("pk"))
        .order_by()
        .values("venture")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return ventures.annotate(benefit_count=Coalesce(Subquery(grants), 0)).order_by("-registered_on", "name")


def venture_duplicate_of(*, credit_code: str, exclude_pk: int | None = None) -> Venture | None:
    """The venture already registered under this credit code (town-wide: a code is registered
    once whatever the committee), if any."""
    existing = Venture.objects.filter(credit_code=credit_code)
    if exclude_pk is not None:
        existing = existing.exclude(pk=exclude_pk)
    return existing.select_related("area").first()


def venture_detail_for_user(*, user: User, pk: int) -> Venture:
    """One venture with its founder, committee, benefits and role models, or 404 outside scope."""
    from zhuqiao.scoping import get_for_user_or_404

    benefits: Prefetch[Any] = Prefetch(
        "benefits", queryset=PolicyBenefit.objects.select_related("policy").order_by("-granted_on")
    )
    designations: Prefetch[Any] = Prefetch("role_models", queryset=RoleModel.objects.order_by("-year"))
    queryset = Venture.objects.select_related("area", "founder", "founder__area").prefetch_related(
        benefits, designations
    )
    return get_for_user_or_404(queryset, user, pk=pk)


def policy_list() -> QuerySet[Policy]:
    return Policy.objects.order_by("level", "name")


def policy_list_with_uptake(*, user: User) -> list[Policy]:
    """The catalogue with, per policy, the grants, distinct ventures and yuan the user may see
    (``grants``, ``venture_count``, ``amount_total``), in two queries."""
    uptake: dict[int, dict[str, Any]] = {
        row["policy"]: dict(row)
        for row in benefits_for_user(user=user)
        .values("policy")
        .annotate(grants=Count("id"), ventures=Count("venture", distinct=True), amount=Sum("amount"))
        .order_by()
    }
    policies = list(policy_list())
    for policy in policies:
        row = uptake.get(policy.pk, {})
        policy.grants = row.get("grants", 0)  # type: ignore[attr-defined]
        policy.venture_count = row.get("ventures", 0)  # type: ignore[attr-defined]
        policy.amount_total = row.get("amount") or Decimal("0")  # type: ignore[attr-defined]
    return policies


def benefits_for_user(*, user: User) -> QuerySet[PolicyBenefit]:
    return PolicyBenefit.objects.for_user(user).select_related("venture", "venture__area", "policy")


def policy_benefits(*, user: User, policy: Policy, year: int | None = None) -> QuerySet[PolicyBenefit]:
    """The grants of one policy the user may see, newest first."""
    benefits = benefits_for_user(user=user).filter(policy=policy)
    if year:
        benefits = benefits.filter(granted_on__year=year)
    return benefits.order_by("-granted_on", "venture__name")


@dataclass(frozen=True)
class TotalRow:
    year: int
    level: str
    level_label: str
    grants: int
    ventures: int
    amount: Decimal


def benefit_totals(*, user: User, policy: Policy | None = None) -> list[TotalRow]:
    """Grants, distinct ventures and yuan per year and policy level (one query)."""
    benefits = benefits_for_user(user=user)
    if policy is not None:
        benefits = benefits.filter(policy=policy)
    rows = (
        benefits.annotate(year=ExtractYear("granted_on"))
        .values("year", "policy__level")
        .annotate(grants=Count("id"), ventures=Count("venture", distinct=True), amount=Sum("amount"))
        .order_by("-year", "policy__level")
    )
    labels = dict(Policy.Level.choices)
    return [
        TotalRow(
            year=row["year"],
            level=row["policy__level"],
            level_label=str(labels.get(row["policy__level"], row["policy__level"])),
            grants=row["grants"],
            ventures=row["ventures"],
            amount=row["amount"] or Decimal("0"),
        )
        for row in rows
    ]


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


def role_models_for_user(*, user: User, year: int | None = None) -> QuerySet[RoleModel]:
    role_models = (
        RoleModel.objects.for_user(user)
        .select_related("venture", "person", "area")
        .annotate(photo_count=Count("photos"))
        .order_by("-year", "title")
    )
    if year:
        role_models = role_models.filter(year=year)
    return role_models


def role_model_photo_for_user(*, user: User, pk: int) -> RoleModelPhoto:
    from zhuqiao.scoping import get_for_user_or_404

    return get_for_user_or_404(RoleModelPhoto.objects.select_related("role_model"), user, pk=pk)


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


def team_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[FoundingTeam]:
    """Founding teams the user may see, per committee (``area``), stage (``stage``) and the carrier
    they were told about (``carrier``: a residency of the team at that carrier)."""
    qs = FoundingTeam.objects.for_user(user).select_related("area", "venture").annotate(member_count=Count("members"))
    if filters.get("area"):
        qs = qs.filter(area=filters["area"])
    if filters.get("stage"):
        qs = qs.filter(stage=filters["stage"])
    if filters.get("carrier"):
        qs = qs.filter(residencies__carrier=filters["carrier"]).distinct()
    return qs.order_by("-first_contact_on", "-id")


def public_policies() -> QuerySet[Policy]:
    """The active policy catalogue as residents see it (no personal data)."""
    return Policy.objects.filter(is_active=True).order_by("level", "name")


def policies_for_self_check(*, stage: str, needs: list[str]) -> list[Policy]:
    """The policies that may apply to a resident's self-check answers: a policy matches when one of
    its self-check answers was given; a policy with a start-up window (创业期) does not match a
    venture registered 3 years or more ago."""
    answers = {stage, *needs}
    matched = []
    for policy in public_policies():
        if stage == "established" and policy.window_months:
            continue
        if answers & set(policy.self_check or []):
            matched.append(policy)
    return matched
