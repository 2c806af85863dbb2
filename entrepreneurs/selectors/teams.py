"""Founding teams before registration the user may see, per committee, stage and carrier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, QuerySet

from entrepreneurs.models import FoundingTeam
from zhuqiao.models import User


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
