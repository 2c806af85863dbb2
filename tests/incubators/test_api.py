"""API under /api/v1/: carriers readable by all staff and written by the centre; residencies scoped."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from incubators.models import Residency
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory, EvaluationFactory, ResidencyFactory, SubsidyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_all_staff_read_carriers_but_only_the_centre_writes(api_client_for, department_user, centre_user):
    carrier = CarrierFactory(capacity_desks=4, capacity_rooms=0)
    ResidencyFactory(carrier=carrier)
    body = api_client_for(department_user).get("/api/v1/carriers/").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert rows[0]["in_residence"] == 1 and rows[0]["occupancy"] == 25.0
    payload = {"name": "新载体", "kind": "makerspace", "established_on": "2026-01-01", "focus_industries": ["iot"]}
    assert api_client_for(department_user).post("/api/v1/carriers/", payload, format="json").status_code == 403
    created = api_client_for(centre_user).post("/api/v1/carriers/", payload, format="json")
    assert created.status_code == 201, created.content


def test_residencies_follow_the_ventures_committee(api_client_for, committee_user_a, committee_user_b, area_a):
    residency = ResidencyFactory(venture=VentureFactory(area=area_a))
    assert api_client_for(committee_user_a).get(f"/api/v1/residencies/{residency.pk}/").status_code == 200
    assert api_client_for(committee_user_b).get(f"/api/v1/residencies/{residency.pk}/").status_code == 404
    body = api_client_for(committee_user_b).get("/api/v1/residencies/").json()
    assert (body["count"] if isinstance(body, dict) else len(body)) == 0


def test_stage_transitions_through_the_api(api_client_for, centre_user, leader_user):
    venture = VentureFactory()
    carrier = CarrierFactory()
    client = api_client_for(centre_user)
    created = client.post(
        "/api/v1/residencies/",
        {"venture": venture.pk, "carrier": carrier.pk, "stage": "notified", "notified_on": "2026-01-10"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    refused = client.post(f"/api/v1/residencies/{pk}/graduate/", {"graduated_on": "2026-05-01"}, format="json")
    assert refused.status_code == 400 and "只有“入驻中有服务”阶段" in refused.content.decode()
    assert (
        api_client_for(leader_user).post(f"/api/v1/residencies/{pk}/enter/", {"entered_on": "2026-02-01"}).status_code
        == 403
    )
    entered = client.post(f"/api/v1/residencies/{pk}/enter/", {"entered_on": "2026-02-01"}, format="json")
    assert entered.json()["stage"] == "resident"
    graduated = client.post(
        f"/api/v1/residencies/{pk}/graduate/", {"graduated_on": "2026-05-01", "jobs_created": 3}, format="json"
    )
    assert graduated.json()["stage"] == "graduated" and graduated.json()["jobs_created"] == 3
    assert Residency.objects.get(pk=pk).graduated_on == datetime.date(2026, 5, 1)


def test_evaluations_and_subsidies_are_listed_and_recorded(api_client_for, centre_user, committee_user_a):
    carrier = CarrierFactory()
    EvaluationFactory(carrier=carrier, year=2024)
    SubsidyFactory(carrier=carrier)
    assert api_client_for(committee_user_a).get("/api/v1/carrier-evaluations/").status_code == 200
    assert api_client_for(committee_user_a).get("/api/v1/carrier-subsidies/").status_code == 200
    payload = {"carrier": carrier.pk, "year": 2025, "evaluated_on": "2026-01-05", "evaluator": "评估组"}
    payload.update(dict.fromkeys(("score_facilities", "score_services", "score_incubation"), 90))
    payload.update(dict.fromkeys(("score_employment", "score_policy", "score_management"), 88))
    created = api_client_for(centre_user).post("/api/v1/carrier-evaluations/", payload, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["grade"] == "A"
    duplicate = api_client_for(centre_user).post(
        "/api/v1/carrier-evaluations/", {**payload, "year": 2024}, format="json"
    )
    assert duplicate.status_code == 400 and "已有评估记录" in duplicate.content.decode()


def test_the_schema_documents_the_carrier_endpoints(api_client_for, centre_user):
    schema = api_client_for(centre_user).get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in ("/api/v1/carriers/", "/api/v1/residencies/{id}/graduate/", "/api/v1/carrier-evaluations/"):
        assert path in schema
