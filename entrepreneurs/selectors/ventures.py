"""Ventures and role models the user may see: the filtered list, a duplicate credit code, a venture's page."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from entrepreneurs.models import (
    STARTUP_PHASE_MONTHS,
    PolicyBenefit,
    RoleModel,
    RoleModelPhoto,
    Venture,
    earliest_registration_inside,
)
from entrepreneurs.selectors.common import NO, YES, _area_filter
from zhuqiao.models import User


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
