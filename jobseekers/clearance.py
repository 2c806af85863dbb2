"""The four clearance goals (百分百就业 / 清零) of METRICS.md as set-based querysets.

Used by the worklists of this app and by the metrics engine, which groups them by ``area``
itself; nothing here loops over rows in Python. Every function takes the year ``Y`` and the
as-of date ``D`` of METRICS.md and returns an unscoped queryset (views add ``for_user``).

- ``clearance_base``: distinct persons with a willing membership of the group, with
  ``start_date <= D`` and (``end_date`` empty or ``>= 1 January Y``); for graduates only
  memberships whose start date (graduation) falls in ``Y``.
- ``clearance_employed``: persons of the base employed as of ``D`` (an employment with
  ``start_date <= D`` and no end date or ``end_date >= D``).
- ``clearance_worklist``: the base minus the employed, the names staff must still help.
- ``household_base``: households with a willing certification made on or before ``D``, leaving
  out certifications made before 1 January ``Y`` that were already cleared as of 31 December
  ``Y-1``. Where several certifications qualify the latest counts.
- ``household_cleared``: base households with a member employed as of ``D`` by an employment
  that started on or after that latest qualifying certification.
- ``household_worklist``: base households not cleared.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification

Group = TargetGroupMembership.Group
CLEARANCE_GROUPS: tuple[str, ...] = (Group.DIFFICULTY, Group.UNEMPLOYED, Group.GRADUATE)
#: Name of the alias (not selected, so ``values(...).annotate(Count)`` groups cleanly) holding the
#: date of the household's certification that counts.
CERTIFIED_ON_ALIAS = "clearance_certified_on"


def _check_group(group: str) -> str:
    if group not in CLEARANCE_GROUPS:
        raise ValueError(f"Unknown clearance group {group!r}; expected one of {CLEARANCE_GROUPS}.")
    return group


def employed_as_of(day: datetime.date, *, person_ref: str = "pk") -> Exists:
    """``Exists`` of an employment of the outer person that is running on ``day``."""
    return Exists(
        Employment.objects.filter(person_id=OuterRef(person_ref), start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )
    )


def base_memberships(*, group: str, year: int, as_of: datetime.date) -> QuerySet[TargetGroupMembership]:
    """The memberships that put a person into the base of ``group`` for year ``Y`` as of ``D``."""
    _check_group(group)
    memberships = TargetGroupMembership.objects.filter(group=group, willing=True, start_date__lte=as_of).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
    )
    if group == Group.GRADUATE:
        memberships = memberships.filter(start_date__year=year)
    return memberships


def clearance_base(*, group: str, year: int, as_of: datetime.date) -> QuerySet[Person]:
    memberships = base_memberships(group=group, year=year, as_of=as_of)
    return Person.objects.filter(Exists(memberships.filter(person_id=OuterRef("pk"))))


def clearance_employed(*, group: str, year: int, as_of: datetime.date) -> QuerySet[Person]:
    return clearance_base(group=group, year=year, as_of=as_of).filter(employed_as_of(as_of))


def clearance_worklist(*, group: str, year: int, as_of: datetime.date) -> QuerySet[Person]:
    return clearance_base(group=group, year=year, as_of=as_of).filter(~employed_as_of(as_of))


def _household_employment_since(day: datetime.date, *, household_ref: str, since: Any) -> Exists:
    """A member of the outer household employed as of ``day`` by a job started on/after ``since``."""
    return Exists(
        Employment.objects.filter(
            person__household_id=OuterRef(household_ref), start_date__gte=since, start_date__lte=day
        ).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
    )


def qualifying_certifications(*, year: int, as_of: datetime.date) -> QuerySet[ZeroEmploymentCertification]:
    """Certifications that can put their household into the base for ``Y`` as of ``D``."""
    start = datetime.date(year, 1, 1)
    previous_year_end = datetime.date(year - 1, 12, 31)
    cleared_last_year = _household_employment_since(
        previous_year_end, household_ref="household_id", since=OuterRef("certified_on")
    )
    return ZeroEmploymentCertification.objects.filter(willing=True, certified_on__lte=as_of).exclude(
        Q(certified_on__lt=start) & cleared_last_year
    )


def household_base(*, year: int, as_of: datetime.date) -> QuerySet[Household]:
    """Base households, with the date of the certification that counts as an alias."""
    qualifying = qualifying_certifications(year=year, as_of=as_of)
    latest = qualifying.filter(household_id=OuterRef("pk")).order_by("-certified_on").values("certified_on")[:1]
    # The IN (...) narrows the town's households to the certified few before the per-household
    # "latest certification" subquery runs; every household it keeps has that date.
    return Household.objects.filter(pk__in=qualifying.values("household_id")).alias(
        **{CERTIFIED_ON_ALIAS: Subquery(latest)}
    )


def household_cleared_flag(*, as_of: datetime.date) -> Exists:
    """``Exists`` that a base household (from ``household_base``) is cleared as of ``D``."""
    return _household_employment_since(as_of, household_ref="pk", since=OuterRef(CERTIFIED_ON_ALIAS))


def household_cleared(*, year: int, as_of: datetime.date) -> QuerySet[Household]:
    return household_base(year=year, as_of=as_of).filter(household_cleared_flag(as_of=as_of))


def household_worklist(*, year: int, as_of: datetime.date) -> QuerySet[Household]:
    return household_base(year=year, as_of=as_of).filter(~household_cleared_flag(as_of=as_of))
