"""Policy uptake the user may see: the grants, per policy and in totals per year and policy level."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractYear

from entrepreneurs.models import Policy, PolicyBenefit
from entrepreneurs.selectors.policies import policy_list
from zhuqiao.models import User


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
