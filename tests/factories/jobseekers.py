from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from tests.factories import AreaFactory
from tests.factories.ids import id_number


class HouseholdFactory(DjangoModelFactory):
    class Meta:
        model = Household

    household_no = factory.Sequence(lambda n: f"H{n:06d}")
    area = factory.SubFactory(AreaFactory)


class PersonFactory(DjangoModelFactory):
    """A person; pass ``id_number=`` for a chosen number, ``birth=``/``female=`` to shape one."""

    class Meta:
        model = Person

    birth = datetime.date(1990, 5, 17)
    female = False
    name = factory.Sequence(lambda n: f"测试人员{n}")
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    area = factory.SubFactory(AreaFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        number = kwargs.pop("id_number", None)
        birth = kwargs.pop("birth", datetime.date(1990, 5, 17))
        female = kwargs.pop("female", False)
        person = model_class(**kwargs)
        person.set_id_number(number or id_number(birth, female=female))
        person.save()
        return person

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        number = kwargs.pop("id_number", None)
        birth = kwargs.pop("birth", datetime.date(1990, 5, 17))
        female = kwargs.pop("female", False)
        person = model_class(**kwargs)
        person.set_id_number(number or id_number(birth, female=female))
        return person


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = TargetGroupMembership

    person = factory.SubFactory(PersonFactory)
    group = TargetGroupMembership.Group.UNEMPLOYED
    start_date = datetime.date(2025, 1, 1)
    willing = True


class EmploymentFactory(DjangoModelFactory):
    class Meta:
        model = Employment

    person = factory.SubFactory(PersonFactory)
    start_date = datetime.date(2025, 3, 1)
    kind = Employment.Kind.EMPLOYED
    employer = "上海测试有限公司"


class CertificationFactory(DjangoModelFactory):
    class Meta:
        model = ZeroEmploymentCertification

    household = factory.SubFactory(HouseholdFactory)
    certified_on = datetime.date(2025, 2, 1)
    willing = True
