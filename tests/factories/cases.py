from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from cases.models import Case, Category, FollowUp, ServiceType
from tests.factories.jobseekers import PersonFactory


class ServiceTypeFactory(DjangoModelFactory):
    class Meta:
        model = ServiceType
        django_get_or_create = ("name",)

    name = "政策咨询"
    category = Category.STARTUP


class CaseFactory(DjangoModelFactory):
    """A case about a person by default; pass ``person=None, venture=...`` for a venture."""

    class Meta:
        model = Case

    ref = factory.Sequence(lambda n: f"ZQT-{n:06d}")
    category = Category.STARTUP
    service = factory.SubFactory(ServiceTypeFactory)
    person = factory.SubFactory(PersonFactory)
    venture = None
    area = factory.LazyAttribute(lambda o: (o.person or o.venture).area)
    opened_on = datetime.date(2025, 3, 1)


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    noted_on = datetime.date(2025, 3, 5)
    note = "电话回访，了解求职进展。"
