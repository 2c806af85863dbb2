"""The register's API: scoped, masked, the reveal endpoint audited, writes through the services."""

from __future__ import annotations

import datetime

import pytest

from jobseekers.models import Employment, Person, TargetGroupMembership
from tests.factories.ids import id_number
from tests.factories.jobseekers import EmploymentFactory, HouseholdFactory, MembershipFactory, PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_committees(area_a, area_b):
    mine = PersonFactory(name="王芳", area=area_a, phone="13912345678")
    theirs = PersonFactory(name="赵强", area=area_b, phone="13700001111")
    return mine, theirs


def test_person_list_is_scoped_to_the_committee_and_masked(api_client_for, committee_user_a, two_committees):
    mine, _ = two_committees
    body = api_client_for(committee_user_a).get("/api/v1/persons/").json()
    assert [row["name"] for row in body["results"]] == ["王芳"]
    row = body["results"][0]
    assert row["id_number_masked"] == mine.masked_id_number and "*" in row["id_number_masked"]
    assert row["phone_masked"] == "139****5678"
    flat = str(body)
    assert mine.id_number not in flat and "13912345678" not in flat


@pytest.mark.parametrize("suffix", ["persons/{p}/", "households/{h}/", "memberships/{m}/", "employments/{e}/"])
def test_committee_staff_get_404_on_every_endpoint_for_another_committee(
    api_client_for, committee_user_a, area_b, suffix
):
    household = HouseholdFactory(area=area_b)
    person = PersonFactory(area=area_b, household=household)
    membership = MembershipFactory(person=person)
    employment = EmploymentFactory(person=person)
    url = "/api/v1/" + suffix.format(p=person.pk, h=household.pk, m=membership.pk, e=employment.pk)
    client = api_client_for(committee_user_a)
    assert client.get(url).status_code == 404
    assert client.patch(url, {"address": "x", "name": "x"}, format="json").status_code == 404


def test_reveal_endpoint_needs_the_permission_and_is_audited(
    api_client_for, centre_user, centre_user_no_reveal, leader_user, two_committees
):
    mine, _ = two_committees
    url = f"/api/v1/persons/{mine.pk}/reveal/"
    assert api_client_for(centre_user_no_reveal).post(url, {"field": "id_number"}, format="json").status_code == 403
    assert api_client_for(leader_user).post(url, {"field": "id_number"}, format="json").status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).exists()
    response = api_client_for(centre_user).post(url, {"field": "id_number"}, format="json")
    assert response.status_code == 200 and response.json()["value"] == mine.id_number
    entry = AuditEntry.objects.get(action=AuditEntry.Action.REVEAL)
    assert entry.actor == centre_user and entry.object_id == str(mine.pk)
    assert mine.id_number not in entry.object_repr + entry.detail + str(entry.changes)


def test_committee_staff_create_a_person_in_their_committee_only(api_client_for, committee_user_a, area_b):
    client = api_client_for(committee_user_a)
    number = id_number(datetime.date(1988, 8, 8), female=True)
    refused = client.post("/api/v1/persons/", {"name": "钱丽", "id_number": number, "area": "A02"}, format="json")
    assert refused.status_code == 400 and "area" in refused.json()
    created = client.post(
        "/api/v1/persons/", {"name": "钱丽", "id_number": number, "area": "A01", "phone": "13800002222"}, format="json"
    )
    assert created.status_code == 201, created.content
    person = Person.objects.get(name="钱丽")
    assert person.sex == "F" and person.birth_date == datetime.date(1988, 8, 8)
    assert number not in created.content.decode()


def test_a_duplicate_id_number_is_refused_through_the_api(api_client_for, centre_user, two_committees):
    mine, _ = two_committees
    response = api_client_for(centre_user).post(
        "/api/v1/persons/", {"name": "另一个", "id_number": mine.id_number, "area": "A01"}, format="json"
    )
    assert response.status_code == 400
    assert f"/people/{mine.pk}/" in str(response.json()["id_number"])
    assert mine.id_number not in response.content.decode()


def test_a_bad_check_digit_is_refused_with_a_chinese_message(api_client_for, centre_user, area_a):
    good = id_number()
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    response = api_client_for(centre_user).post(
        "/api/v1/persons/", {"name": "错号", "id_number": bad, "area": "A01"}, format="json"
    )
    assert response.status_code == 400 and "校验位" in str(response.json())
    assert bad not in response.content.decode()


def test_memberships_and_employments_are_written_and_ended_without_deleting(api_client_for, committee_user_a, area_a):
    client = api_client_for(committee_user_a)
    person = PersonFactory(area=area_a)
    unwilling = client.post(
        "/api/v1/memberships/",
        {"person": person.pk, "group": "unemployed", "start_date": "2026-01-05", "willing": False},
        format="json",
    )
    assert unwilling.status_code == 400 and "unwilling_reason" in unwilling.json()
    made = client.post(
        "/api/v1/memberships/", {"person": person.pk, "group": "unemployed", "start_date": "2026-01-05"}, format="json"
    )
    assert made.status_code == 201, made.content
    job = client.post(
        "/api/v1/employments/",
        {"person": person.pk, "kind": "employed", "employer": "祝桥物流", "start_date": "2026-03-01"},
        format="json",
    )
    assert job.status_code == 201, job.content
    ended = client.patch(f"/api/v1/employments/{job.json()['id']}/", {"end_date": "2026-05-31"}, format="json")
    assert ended.status_code == 200 and Employment.objects.get().end_date == datetime.date(2026, 5, 31)
    assert client.delete(f"/api/v1/memberships/{made.json()['id']}/").status_code == 405
    assert TargetGroupMembership.objects.count() == 1


def test_a_membership_cannot_be_attached_to_a_person_of_another_committee(api_client_for, committee_user_a, area_b):
    other = PersonFactory(area=area_b)
    response = api_client_for(committee_user_a).post(
        "/api/v1/memberships/", {"person": other.pk, "group": "unemployed", "start_date": "2026-01-05"}, format="json"
    )
    assert response.status_code == 400 and not TargetGroupMembership.objects.exists()


def test_leaders_read_the_api_but_cannot_write(api_client_for, leader_user, two_committees):
    client = api_client_for(leader_user)
    assert client.get("/api/v1/persons/").status_code == 200
    assert client.post("/api/v1/persons/", {"name": "x"}, format="json").status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(client_for, centre_user):
    paths = client_for(centre_user).get("/api/v1/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/persons/",
        "/api/v1/persons/{id}/reveal/",
        "/api/v1/households/",
        "/api/v1/memberships/",
        "/api/v1/employments/",
    ):
        assert path in paths


def test_api_person_list_query_count_does_not_grow_with_rows(
    api_client_for, centre_user, area_a, django_assert_max_num_queries
):
    for _ in range(30):
        PersonFactory(area=area_a, household=HouseholdFactory(area=area_a))
    client = api_client_for(centre_user)
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/persons/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/households/").status_code == 200


@pytest.mark.parametrize("endpoint", ["memberships", "employments"])
def test_api_record_lists_run_a_fixed_number_of_queries(
    api_client_for, committee_user_a, area_a, endpoint, django_assert_num_queries
):
    client = api_client_for(committee_user_a)

    def grow(n):
        for _ in range(n):
            person = PersonFactory(area=area_a)
            MembershipFactory(person=person)
            EmploymentFactory(person=person)

    grow(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/api/v1/{endpoint}/").status_code == 200
    grow(20)
    with django_assert_num_queries(len(few.captured_queries)):
        body = client.get(f"/api/v1/{endpoint}/").json()
    assert body["count"] == 22
