"""Reads of casework: the scoped, filtered case list behind every inbox and the Excel export."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cases.models import OPEN_STATUSES, Case, FollowUp
from entrepreneurs.models import Venture
from jobseekers.models import Person
from zhuqiao.models import User

TRUE_VALUES = ("1", "true", "yes", "on")


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def overdue_q(today: datetime.date | None = None) -> Q:
    """Open cases whose next follow-up date has passed."""
    today = today or timezone.localdate()
    return Q(status__in=OPEN_STATUSES, next_follow_up_on__lt=today)


def case_list(*, user: User, filters: Mapping[str, Any]) -> QuerySet[Case]:
    """The cases ``user`` may see, narrowed by the request's GET parameters.

    ``status``, ``service`` (id), ``category``, ``area`` (id or code), ``department`` (id;
    matches the handling department or the department a case is referred to), ``owner=me``,
    ``overdue=1``, ``q`` (reference, or the subject's name). Unknown or malformed values are
    ignored rather than failing, so a hand-edited URL never loses the whole list.
    """
    qs = Case.objects.for_user(user).select_related(
        "service", "person", "venture", "team", "area", "department", "owner", "referred_to"
    )
    status = filters.get("status")
    if status in Case.Status.values:
        qs = qs.filter(status=status)
    elif status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    service = _int_or_none(filters.get("service"))
    if service is not None:
        qs = qs.filter(service_id=service)
    category = filters.get("category")
    if category in ("startup", "employment"):
        qs = qs.filter(category=category)
    area = filters.get("area")
    if area:
        area_id = _int_or_none(area)
        qs = qs.filter(area_id=area_id) if area_id is not None else qs.filter(area__code=area)
    department = _int_or_none(filters.get("department"))
    if department is not None:
        qs = qs.filter(Q(department_id=department) | Q(referred_to_id=department))
    if filters.get("owner") == "me":
        qs = qs.filter(owner_id=user.pk)
    if str(filters.get("overdue", "")).lower() in TRUE_VALUES:
        qs = qs.filter(overdue_q())
    q = (filters.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(ref__iexact=q) | Q(person__name__startswith=q) | Q(venture__name__icontains=q))
    return qs


def case_status_counts(*querysets: QuerySet[Case]) -> dict[str, int]:
    """Counts per status plus ``open``, ``overdue`` and ``all``: one query per queryset, summed
    (the querysets must not overlap)."""
    total: dict[str, int] = {}
    for queryset in querysets:
        for key, value in _status_counts(queryset).items():
            total[key] = total.get(key, 0) + value
    return total


def _status_counts(queryset: QuerySet[Case]) -> dict[str, int]:
    today = timezone.localdate()
    # COUNT(status) rather than COUNT(id): the (scope, status, follow-up) indexes hold the
    # status and the follow-up date, not the id, so the counts are answered from the index alone.
    aggregates = {value: Count("status", filter=Q(status=value)) for value in Case.Status.values}
    aggregates["overdue"] = Count("status", filter=overdue_q(today))
    aggregates["all"] = Count("status")
    counts: dict[str, int] = queryset.order_by().aggregate(**aggregates)
    counts["open"] = sum(counts[s] for s in OPEN_STATUSES)
    return counts


def case_get_for_user(*, user: User, pk: int) -> Case:
    """One case with everything its detail page shows; 404 outside the user's scope."""
    from zhuqiao.scoping import get_for_user_or_404

    qs = Case.objects.select_related(
        "service", "person", "venture", "team", "area", "department", "owner", "referred_to", "rating"
    ).prefetch_related("attachments")
    return get_for_user_or_404(qs, user, pk=pk)


def case_follow_ups(*, case: Case) -> QuerySet[FollowUp]:
    return case.follow_ups.select_related("author").order_by("-noted_on", "-id")


def subject_cases(*, user: User, person: Person | None = None, venture: Venture | None = None) -> QuerySet[Case]:
    """The cases of one subject that the user may see (for the subject panel)."""
    qs = Case.objects.for_user(user).select_related("service", "department", "referred_to", "owner")
    if person is not None:
        return qs.filter(person=person)
    return qs.filter(venture=venture)


def last_contact_on(*, person: Person) -> datetime.date | None:
    """The date of the latest follow-up of any of the person's cases (for worklists)."""
    return FollowUp.objects.filter(case__person=person).order_by("-noted_on").values_list("noted_on", flat=True).first()
