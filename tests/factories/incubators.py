from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from entrepreneurs.models import Industry
from incubators.models import Carrier, Evaluation, Residency, ServiceOrganisation, ServicePoint, Subsidy
from tests.factories.entrepreneurs import VentureFactory


class CarrierFactory(DjangoModelFactory):
    class Meta:
        model = Carrier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"祝桥测试孵化器{n}")
    kind = Carrier.Kind.INCUBATOR
    operator = "上海祝桥测试运营有限公司"
    focus_industries = factory.LazyFunction(lambda: [Industry.AVIATION_SUPPLY, Industry.IOT])
    classification = Carrier.Classification.DISTRICT
    established_on = datetime.date(2020, 1, 1)
    capacity_desks = 6
    capacity_rooms = 4


class ResidencyFactory(DjangoModelFactory):
    """In residence since 1 March 2025 by default; pass stage and dates for others."""

    class Meta:
        model = Residency

    venture = factory.SubFactory(VentureFactory)
    carrier = factory.SubFactory(CarrierFactory)
    stage = Residency.Stage.RESIDENT
    entered_on = datetime.date(2025, 3, 1)
    notified_on = factory.LazyAttribute(
        lambda o: o.entered_on - datetime.timedelta(days=28) if o.entered_on else datetime.date(2025, 2, 1)
    )


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    carrier = factory.SubFactory(CarrierFactory)
    year = 2025
    evaluated_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 12, 10))
    score_facilities = 80
    score_services = 80
    score_incubation = 80
    score_employment = 80
    score_policy = 80
    score_management = 80
    grade = Evaluation.Grade.B
    evaluator = "浦东新区人社局评估组"


class SubsidyFactory(DjangoModelFactory):
    class Meta:
        model = Subsidy

    carrier = factory.SubFactory(CarrierFactory)
    granted_on = datetime.date(2025, 6, 30)
    amount = Decimal("50000.00")
    basis = "浦东新区创业孵化基地运营补贴"


class ServicePointFactory(DjangoModelFactory):
    class Meta:
        model = ServicePoint

    carrier = factory.SubFactory(CarrierFactory)
    name = factory.Sequence(lambda n: f"镇园联动服务点{n}")
    opening_hours = "周二、周四 9:00–16:30"


class ServiceOrganisationFactory(DjangoModelFactory):
    class Meta:
        model = ServiceOrganisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试创服机构{n}")
