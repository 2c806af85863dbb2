from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from entrepreneurs.models import Industry
from jobmatching.models import Education, Employer, Hours, JobSeekerProfile, Vacancy
from tests.factories import AreaFactory


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"测试用人单位{n}")
    industry = Industry.SMART_LOGISTICS
    area = factory.SubFactory(AreaFactory)


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = "仓库管理员"
    posts = 2
    pay_min = 5000
    pay_max = 7000
    hours = Hours.FULL_TIME
    education_min = Education.NONE
    industry = Industry.SMART_LOGISTICS
    area = factory.SelfAttribute("employer.area")
    opens_on = datetime.date(2026, 1, 1)


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = JobSeekerProfile

    desired_job = "仓库管理员"
    industries = factory.LazyFunction(lambda: ["smart_logistics"])
    hours = Hours.FULL_TIME
    pay_expected = 6000
    skills = "叉车、仓储管理"
    education = Education.SENIOR
