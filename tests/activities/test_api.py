"""API of activities and evidence: read by all staff, written by centre staff and by department
staff for their own department, never by leaders."""

from __future__ import annotations

import pytest

from activities import services
from activities.models import Activity, Evidence
from tests.factories.activities import ActivityFactory, EvidenceFactory
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/activities/"


def payload(department, **extra):
    data = {
        "kind": "job_fair",
        "title": "API 专场招聘会",
        "held_on": "2026-05-20",
        "place": "祝桥镇文体中心",
        "organiser": department.pk,
        "target_groups": ["youth", "graduate"],
        "actual_participants": 120,
        "employers": 20,
        "posts_offered": 300,
        "offers_made": 40,
    }
    data.update(extra)
    return data


def test_every_staff_member_reads_activities_with_named_participants_as_a_count(api_client_for, committee_user_b):
    activity = ActivityFactory()
    services.activity_participants_add(activity=activity, persons=PersonFactory.create_batch(2))
    response = api_client_for(committee_user_b).get(URL, {"year": 2026})
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert row["id"] == activity.pk and row["named_participants"] == 2
    assert "participants" not in row


def test_department_staff_create_their_departments_activity(api_client_for, department_user, department):
    response = api_client_for(department_user).post(URL, payload(department), format="json")
    assert response.status_code == 201, response.json()
    activity = Activity.objects.get()
    assert response.json()["target_groups"] == ["graduate", "youth"]
    assert activity.offers_made == 40


def test_department_staff_cannot_create_or_change_another_departments(
    api_client_for, department_user, other_department
):
    client = api_client_for(department_user)
    assert client.post(URL, payload(other_department), format="json").status_code == 403
    theirs = ActivityFactory(organiser=other_department)
    assert client.patch(f"{URL}{theirs.pk}/", {"title": "改"}, format="json").status_code == 403
    assert client.delete(f"{URL}{theirs.pk}/").status_code == 403
    assert Activity.objects.get(pk=theirs.pk).title != "改"


def test_leaders_read_but_cannot_write(api_client_for, leader_user, department):
    client = api_client_for(leader_user)
    assert client.get(URL).status_code == 200
    assert client.post(URL, payload(department), format="json").status_code == 403


def test_anonymous_requests_are_refused(client):
    assert client.get(URL).status_code in (401, 403)


def test_evidence_filter_and_funds_need_an_amount(api_client_for, centre_user, centre_department):
    EvidenceFactory(indicator=2, year=2025)
    EvidenceFactory(indicator=5, year=2026)
    client = api_client_for(centre_user)
    rows = client.get("/api/v1/evidence/", {"year": 2026, "indicator": 5}).json()["results"]
    assert [row["indicator"] for row in rows] == [5]
    funds = {
        "indicator": 2,
        "year": 2026,
        "kind": "funds",
        "dated_on": "2026-04-01",
        "title": "资金",
        "department": centre_department.pk,
    }
    bad = client.post("/api/v1/evidence/", funds, format="json")
    assert bad.status_code == 400 and "amount" in bad.json()
    good = client.post("/api/v1/evidence/", {**funds, "amount": "5000.00"}, format="json")
    assert good.status_code == 201
    assert Evidence.objects.get(pk=good.json()["id"]).created_by == centre_user


def test_api_list_queries_do_not_grow(api_client_for, centre_user, django_assert_max_num_queries):
    for _ in range(10):
        ActivityFactory()
    with django_assert_max_num_queries(10):
        assert api_client_for(centre_user).get(URL).status_code == 200


def test_schema_documents_the_endpoints(api_client_for, centre_user):
    schema = api_client_for(centre_user).get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/activities/" in schema and "/api/v1/evidence/" in schema
