from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from entrepreneurs.models import Industry, Policy, PolicyBenefit, RoleModel, Venture
from tests.factories import AreaFactory
from tests.factories.ids import credit_code
from tests.factories.jobseekers import PersonFactory


class VentureFactory(DjangoModelFactory):
    class Meta:
        model = Venture

    credit_code = factory.LazyFunction(credit_code)
    name = factory.Sequence(lambda n: f"上海祝桥测试{n}有限公司")
    kind = Venture.Kind.ENTERPRISE
    registered_on = datetime.date(2025, 4, 1)
    area = factory.SubFactory(AreaFactory)
    industry = Industry.AVIATION_LOGISTICS
    founder = factory.SubFactory(PersonFactory, area=factory.SelfAttribute("..area"))


class PolicyFactory(DjangoModelFactory):
    class Meta:
        model = Policy
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试扶持政策{n}")
    level = Policy.Level.DISTRICT
    window_months = 36


class PolicyBenefitFactory(DjangoModelFactory):
    class Meta:
        model = PolicyBenefit

    venture = factory.SubFactory(VentureFactory)
    policy = factory.SubFactory(PolicyFactory)
    granted_on = datetime.date(2025, 6, 1)
    amount = Decimal("10000.00")


class RoleModelFactory(DjangoModelFactory):
    """A role model of a venture by default; pass ``venture=None, person=...`` for a founder."""

    class Meta:
        model = RoleModel

    venture = factory.SubFactory(VentureFactory)
    person = None
    area = factory.LazyAttribute(lambda o: (o.venture or o.person).area)
    year = 2025
    title = "祝桥镇优秀创业项目"
    story = "返乡创业，带动村民就业。"


def rent_subsidy() -> Policy:
    """The catalogue's district-level rent subsidy (its data migration may have been flushed by a
    transactional test run earlier, so it is fetched or made again)."""
    return PolicyFactory(name="创业场地房租补贴", level=Policy.Level.DISTRICT, window_months=36)
