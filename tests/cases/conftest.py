from __future__ import annotations

from pathlib import Path

import pytest

from cases.models import Case, ServiceType
from cases.services import case_open
from entrepreneurs.models import Venture
from jobseekers.models import Person
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import Area, Department, User


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def job_matching(db: None) -> ServiceType:
    return ServiceType.objects.get(name="岗位撮合")


@pytest.fixture
def diagnosis(db: None) -> ServiceType:
    return ServiceType.objects.get(name="开业诊断")


@pytest.fixture
def person_a(area_a: Area) -> Person:
    return PersonFactory(name="张伟", area=area_a)


@pytest.fixture
def person_b(area_b: Area) -> Person:
    return PersonFactory(name="李娜", area=area_b)


@pytest.fixture
def venture_a(area_a: Area) -> Venture:
    return VentureFactory(name="上海祝桥航空配套有限公司", area=area_a)


@pytest.fixture
def case_a(person_a: Person, job_matching: ServiceType, committee_user_a: User, department: Department) -> Case:
    """A case of committee A, handled by 团委 (the ``department_user``'s department)."""
    return case_open(service=job_matching, opened_by=committee_user_a, person=person_a, department=department)
