"""Case references under concurrency, on PostgreSQL: 20 staff open cases in the same moment and
get 20 distinct references, none a server error. Each thread has its own connection; the
year's sequence row is locked until the inserting transaction ends."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from cases.models import Case, CaseRefSequence, ServiceType
from cases.services import case_open
from tests.conftest import restore_reference_data
from tests.consultations.test_concurrency import run_at_once
from tests.factories import UserFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import User


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_cases_opened_at_once_get_twenty_distinct_references_and_no_server_error(api_client_for, area_a):
    restore_reference_data()
    service = ServiceType.objects.get(name="岗位撮合")
    staff = UserFactory(username="centre_refs", role=User.Role.CENTRE)
    people = [PersonFactory(area=area_a) for _ in range(20)]
    clients = [api_client_for(staff) for _ in range(20)]

    def open_case(i: int) -> tuple[int, str]:
        response = clients[i].post("/api/v1/cases/", {"service": service.pk, "person": people[i].pk}, format="json")
        return response.status_code, response.json().get("ref", "") if response.status_code == 201 else ""

    results = run_at_once(20, open_case)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert Counter(status for status, _ref in results) == {201: 20}, results
    refs = {ref for _status, ref in results}
    year = timezone.localdate().year
    assert refs == {f"ZQ{year}-{n:06d}" for n in range(1, 21)}
    assert Case.objects.count() == 20 and CaseRefSequence.objects.get(year=year).last == 20


@pytest.mark.django_db
def test_a_reference_is_never_drawn_twice_even_after_imported_references_or_a_deleted_case(area_a):
    service = ServiceType.objects.get(name="岗位撮合")
    person = PersonFactory(area=area_a)
    year = timezone.localdate().year
    first = case_open(service=service, opened_by=None, person=person)
    assert first.ref == f"ZQ{year}-000001"
    # An imported case carrying its own reference further on: the next one follows it.
    imported = case_open(service=service, opened_by=None, person=person)
    Case.objects.filter(pk=imported.pk).update(ref=f"ZQ{year}-000050")
    assert case_open(service=service, opened_by=None, person=person).ref == f"ZQ{year}-000051"
    Case.objects.filter(ref=f"ZQ{year}-000051").delete()
    assert case_open(service=service, opened_by=None, person=person).ref == f"ZQ{year}-000052"
