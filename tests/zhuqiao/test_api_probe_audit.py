"""API probes outside the scope are audited exactly like page probes: once each."""

from __future__ import annotations

import pytest

from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry


def _denials(object_type: str, object_id: object) -> int:
    return AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, object_type=object_type, object_id=str(object_id)
    ).count()


@pytest.mark.django_db
def test_an_api_read_and_write_of_a_person_of_another_committee_is_a_404_audited_once_each(
    api_client_for, client_for, area_a, area_b, committee_user_a
):
    theirs = PersonFactory(area=area_b)
    api = api_client_for(committee_user_a)

    assert api.get(f"/api/v1/persons/{theirs.pk}/").status_code == 404
    assert _denials("jobseekers.person", theirs.pk) == 1
    assert api.patch(f"/api/v1/persons/{theirs.pk}/", {"given_name": "x"}, format="json").status_code == 404
    assert _denials("jobseekers.person", theirs.pk) == 2

    # The same probe on the page counts the same.
    assert client_for(committee_user_a).get(f"/people/{theirs.pk}/").status_code == 404
    assert _denials("jobseekers.person", theirs.pk) == 3


@pytest.mark.django_db
def test_api_probes_of_cases_and_ventures_outside_the_scope_are_audited(
    api_client_for, area_a, area_b, committee_user_a
):
    venture = VentureFactory(area=area_b)
    case = CaseFactory(person=PersonFactory(area=area_b))
    api = api_client_for(committee_user_a)

    assert api.get(f"/api/v1/ventures/{venture.pk}/").status_code == 404
    assert api.get(f"/api/v1/cases/{case.pk}/").status_code == 404
    assert _denials("entrepreneurs.venture", venture.pk) == 1
    assert _denials("cases.case", case.pk) == 1


@pytest.mark.django_db
def test_an_api_lookup_of_a_record_that_does_not_exist_or_is_in_scope_is_not_audited(
    api_client_for, area_a, committee_user_a
):
    mine = PersonFactory(area=area_a)
    api = api_client_for(committee_user_a)
    assert api.get(f"/api/v1/persons/{mine.pk}/").status_code == 200
    assert api.get("/api/v1/persons/999999999/").status_code == 404
    assert api.get("/api/v1/persons/not-a-number/").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()
