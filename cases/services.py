"""Writes of casework. Every change of a case goes through a function here."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from cases.models import Case, ServiceType
from entrepreneurs.models import Venture
from jobseekers.models import Person
from zhuqiao.models import Department, User


def case_next_ref(*, year: int) -> str:
    """The next human-readable reference of the year, ``ZQ2026-000123``.

    Called inside the transaction that inserts the case; the unique constraint on ``ref`` is
    the final guard (a concurrent insert of the same number fails and is retried by the caller).
    """
    prefix = f"ZQ{year}-"
    last = Case.objects.filter(ref__startswith=prefix).aggregate(m=Max("ref"))["m"]
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:06d}"


@transaction.atomic
def case_open(
    *,
    service: ServiceType,
    opened_by: User | None,
    person: Person | None = None,
    venture: Venture | None = None,
    department: Department | None = None,
    opened_on: datetime.date | None = None,
    outcome: str = "",
) -> Case:
    """Log a new case about exactly one subject; its committee is the subject's committee."""
    if (person is None) == (venture is None):
        raise ValueError("A case has exactly one subject: a person or a venture.")
    subject = person or venture
    assert subject is not None
    opened_on = opened_on or timezone.localdate()
    for _attempt in range(5):
        ref = case_next_ref(year=opened_on.year)
        if not Case.objects.filter(ref=ref).exists():
            break
    case = Case(
        ref=ref,
        category=service.category,
        service=service,
        person=person,
        venture=venture,
        area_id=subject.area_id,
        department=department or service.default_department or (opened_by.department if opened_by else None),
        owner=opened_by,
        opened_on=opened_on,
        outcome=outcome,
    )
    case.full_clean()
    case.save()
    return case
