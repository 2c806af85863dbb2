"""Writes of the people register. Every create or change of a person's records goes through here."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from jobseekers.models import Employment, Household, Person
from zhuqiao.models import Area


def person_create(
    *,
    name: str,
    id_number: str,
    area: Area,
    phone: str = "",
    household: Household | None = None,
) -> Person:
    """Register a person. The ID number must already be validated (see jobseekers.validators)."""
    if Person.objects.filter(id_number_hash=Person.hash_id_number(id_number)).exists():
        raise ValidationError({"id_number": "该身份证号已登记。"})
    person = Person(name=name, area=area, phone=phone, household=household)
    person.set_id_number(id_number)
    person.full_clean(exclude=["id_number_encrypted", "id_number_hash", "id_number_last4", "id_number_masked"])
    person.save()
    return person


@transaction.atomic
def employment_record(
    *,
    person: Person,
    start_date: datetime.date,
    kind: str,
    employer: str = "",
    end_date: datetime.date | None = None,
    note: str = "",
) -> Employment:
    """Record a job (or self-employment) of a person; it takes them off the clearance worklists."""
    employment = Employment(
        person=person, start_date=start_date, end_date=end_date, kind=kind, employer=employer, note=note
    )
    employment.full_clean()
    employment.save()
    return employment
