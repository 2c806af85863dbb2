"""转出/转入 is a centre action that moves the household; editing never shows the full mobile."""

from __future__ import annotations

import pytest

from jobseekers.models import Household, Person
from tests.factories.cases import CaseFactory
from tests.factories.jobseekers import HouseholdFactory, PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(area_a):
    household = HouseholdFactory(household_no="A01-0101", area=area_a)
    father = PersonFactory(name="王建华", area=area_a, household=household, phone="13812345678")
    daughter = PersonFactory(name="王雨欣", area=area_a, household=household)
    return household, father, daughter


def test_department_staff_cannot_move_a_person_of_their_cases_to_another_committee_by_the_api(
    api_client_for, department_user, area_b, family
):
    household, father, _daughter = family
    CaseFactory(person=father, department=department_user.department)
    api = api_client_for(department_user)
    assert api.get(f"/api/v1/persons/{father.pk}/").status_code == 200  # in their cases

    response = api.patch(f"/api/v1/persons/{father.pk}/", {"area": area_b.code}, format="json")
    assert response.status_code in (400, 403)
    transfer = api.post(
        f"/api/v1/persons/{father.pk}/transfer/", {"to_area": area_b.code, "reason": "搬家"}, format="json"
    )
    assert transfer.status_code == 403
    father.refresh_from_db()
    assert father.area_id == household.area_id
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.TRANSFER).exists()


def test_the_edit_form_offers_no_committee_and_a_posted_one_is_ignored(
    client_for, department_user, area_a, area_b, family
):
    _household, father, _daughter = family
    CaseFactory(person=father, department=department_user.department)
    client = client_for(department_user)
    page = client.get(f"/people/{father.pk}/edit/").content.decode()
    assert 'name="area"' not in page
    assert client.get(f"/people/{father.pk}/transfer/").status_code == 403

    response = client.post(f"/people/{father.pk}/edit/", {"name": "王建华", "phone": "138****5678", "area": area_b.pk})
    assert response.status_code == 302
    father.refresh_from_db()
    assert father.area == area_a
    assert father.phone == "13812345678"  # the masked value left as it was keeps the number


def test_committee_staff_cannot_move_a_household_by_editing_it(api_client_for, committee_user_a, area_b, family):
    household, _father, _daughter = family
    response = api_client_for(committee_user_a).patch(
        f"/api/v1/households/{household.pk}/", {"area": area_b.code}, format="json"
    )
    assert response.status_code == 400
    household.refresh_from_db()
    assert household.area.code == "A01"


def test_a_centre_transfer_moves_the_whole_household_and_is_audited(client_for, centre_user, area_a, area_b, family):
    household, father, daughter = family
    client = client_for(centre_user)
    assert "转出/转入" in client.get(f"/people/{father.pk}/").content.decode()
    response = client.post(
        f"/people/{father.pk}/transfer/", {"to_area": area_b.pk, "with_household": "on", "reason": "全家搬迁"}
    )
    assert response.status_code == 302

    household.refresh_from_db()
    assert household.area == area_b
    assert set(Person.objects.filter(household=household).values_list("area_id", flat=True)) == {area_b.pk}
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.TRANSFER, actor=centre_user)
    assert {e.object_id for e in entries} == {str(father.pk), str(daughter.pk)}
    assert all(e.changes["area"] == ["A01", "A02"] and "全家搬迁" in e.detail for e in entries)


def test_a_transfer_of_one_person_alone_leaves_the_household_behind(api_client_for, centre_user, area_b, family):
    household, father, daughter = family
    response = api_client_for(centre_user).post(
        f"/api/v1/persons/{daughter.pk}/transfer/",
        {"to_area": area_b.code, "with_household": False, "reason": "婚嫁迁出"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["moved"] == [daughter.pk]
    daughter.refresh_from_db()
    father.refresh_from_db()
    assert daughter.area == area_b and daughter.household is None
    assert father.household == household and Household.objects.get(pk=household.pk).area.code == "A01"
    assert AuditEntry.objects.filter(action=AuditEntry.Action.TRANSFER, object_id=str(daughter.pk)).count() == 1


def test_the_edit_form_shows_the_mobile_masked_and_accepts_a_new_one(client_for, committee_user_a, family):
    _household, father, _daughter = family
    client = client_for(committee_user_a)
    page = client.get(f"/people/{father.pk}/edit/").content.decode()
    assert "13812345678" not in page
    assert 'value="138****5678"' in page
    reveals = AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count()

    response = client.post(f"/people/{father.pk}/edit/", {"name": "王建华", "phone": "13900001111"})
    assert response.status_code == 302
    father.refresh_from_db()
    assert father.phone == "13900001111"
    response = client.post(f"/people/{father.pk}/edit/", {"name": "王建华", "phone": ""})
    father.refresh_from_db()
    assert father.phone == ""
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count() == reveals


def test_centre_staff_see_the_full_mobile_only_through_the_audited_reveal(client_for, centre_user, family):
    _household, father, _daughter = family
    client = client_for(centre_user)
    assert "13812345678" not in client.get(f"/people/{father.pk}/edit/").content.decode()
    revealed = client.post(f"/people/{father.pk}/reveal/", {"field": "phone"}).content.decode()
    assert "13812345678" in revealed
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL, object_id=str(father.pk)).count() == 1
