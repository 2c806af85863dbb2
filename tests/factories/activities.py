from __future__ import annotations

import datetime
import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from factory.django import DjangoModelFactory

from activities.models import Activity, Brand, BrandCoverage, Enrolment, Evidence, TrainingCohort
from zhuqiao.models import Department


def department(code: str = "youth_league") -> Department:
    return Department.objects.get(code=code)


def png_upload(name: str = "photo.png", color: tuple[int, int, int] = (200, 30, 30)) -> SimpleUploadedFile:
    """A real (tiny) PNG image as an upload."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), color).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf_upload(name: str = "minutes.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n%test\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = Activity

    kind = Activity.Kind.SALON
    title = factory.Sequence(lambda n: f"测试活动{n}")
    held_on = datetime.date(2026, 3, 10)
    place = "祝桥镇社区事务受理服务中心"
    organiser = factory.LazyFunction(lambda: department("youth_league"))
    planned_participants = 30
    actual_participants = 25


class TrainingCohortFactory(DjangoModelFactory):
    class Meta:
        model = TrainingCohort

    name = factory.Sequence(lambda n: f"测试培训班{n}")
    kind = TrainingCohort.Kind.EMPLOYMENT
    organiser = factory.LazyFunction(lambda: department("service_centre"))
    start_date = datetime.date(2026, 3, 1)
    end_date = datetime.date(2026, 3, 31)
    capacity = 30


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(TrainingCohortFactory)
    person = factory.SubFactory("tests.factories.jobseekers.PersonFactory")
    enrolled_on = datetime.date(2026, 2, 20)


class BrandFactory(DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"测试品牌{n}")
    owner = factory.LazyFunction(lambda: department("service_centre"))
    launched_on = datetime.date(2024, 5, 1)


class BrandCoverageFactory(DjangoModelFactory):
    class Meta:
        model = BrandCoverage

    brand = factory.SubFactory(BrandFactory)
    medium = BrandCoverage.Medium.ONLINE
    outlet = "浦东时报"
    title = factory.Sequence(lambda n: f"报道{n}")
    published_on = datetime.date(2026, 4, 1)


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = Evidence

    indicator = Evidence.Indicator.ORGANISATION
    year = 2026
    kind = Evidence.Kind.RULE
    dated_on = datetime.date(2026, 3, 1)
    title = factory.Sequence(lambda n: f"佐证材料{n}")
    department = factory.LazyFunction(lambda: department("service_centre"))
