"""/api/v1/ventures/, policies, policy-benefits, role-models: scoped, validated, leaders read only."""

from __future__ import annotations

import datetime

import pytest

from entrepreneurs.models import PolicyBenefit, Venture
from tests.factories.entrepreneurs import PolicyBenefitFactory, RoleModelFactory, VentureFactory, rent_subsidy
from tests.factories.ids import credit_code
from tests.factories.jobseekers import PersonFactory

pytestmark = pytest.mark.django_db


def test_committee_staff_list_only_their_ventures_and_get_404_for_others(
    api_client_for, committee_user_a, area_a, area_b
):
    mine = VentureFactory(area=area_a)
    theirs = VentureFactory(area=area_b)
    client = api_client_for(committee_user_a)
    listed = client.get("/api/v1/ventures/").json()
    assert [row["id"] for row in listed["results"]] == [mine.pk]
    assert client.get(f"/api/v1/ventures/{theirs.pk}/").status_code == 404
    benefit = PolicyBenefitFactory(venture=theirs)
    assert client.get(f"/api/v1/policy-benefits/{benefit.pk}/").status_code == 404
    role_model = RoleModelFactory(venture=theirs)
    assert client.get(f"/api/v1/role-models/{role_model.pk}/").status_code == 404


def test_api_filters_match_the_list_page(api_client_for, centre_user, area_a):
    VentureFactory(area=area_a, industry="iot")
    VentureFactory(area=area_a, industry="other")
    rows = api_client_for(centre_user).get("/api/v1/ventures/", {"industry": "iot", "area": "A01"}).json()["results"]
    assert [row["industry"] for row in rows] == ["iot"]


def test_register_a_venture_through_the_api_and_refuse_a_duplicate(api_client_for, centre_user, area_a):
    founder = PersonFactory(area=area_a)
    code = credit_code()
    payload = {
        "credit_code": code.lower(),
        "name": "祝桥物联网科技有限公司",
        "kind": "enterprise",
        "registered_on": "2025-08-08",
        "area": "A01",
        "industry": "iot",
        "founder": founder.pk,
        "jobs_created": 3,
    }
    client = api_client_for(centre_user)
    response = client.post("/api/v1/ventures/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["credit_code"] == code
    again = client.post("/api/v1/ventures/", payload, format="json")
    assert again.status_code == 400
    assert "已登记" in again.json()["credit_code"][0]
    bad = client.post("/api/v1/ventures/", {**payload, "credit_code": code[:-1] + "*"}, format="json")
    assert bad.status_code == 400
    assert Venture.objects.count() == 1


def test_record_a_benefit_through_the_api(api_client_for, centre_user, committee_user_b, area_a):
    venture = VentureFactory(area=area_a, registered_on=datetime.date(2025, 1, 1))
    rent = rent_subsidy()
    payload = {"venture": venture.pk, "policy": rent.pk, "granted_on": "2025-04-01", "amount": "12000.00"}
    assert api_client_for(committee_user_b).post("/api/v1/policy-benefits/", payload, format="json").status_code == 400
    response = api_client_for(centre_user).post("/api/v1/policy-benefits/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["level"] == "district"
    again = api_client_for(centre_user).post("/api/v1/policy-benefits/", payload, format="json")
    assert again.status_code == 400
    assert PolicyBenefit.objects.count() == 1


def test_leaders_read_the_api_but_cannot_write(api_client_for, leader_user, area_a):
    VentureFactory(area=area_a)
    client = api_client_for(leader_user)
    assert client.get("/api/v1/ventures/").status_code == 200
    rent = rent_subsidy()
    assert rent.pk in [row["id"] for row in client.get("/api/v1/policies/").json()["results"]]
    assert client.post("/api/v1/ventures/", {}, format="json").status_code == 403


def test_schema_documents_the_endpoints(api_client_for, centre_user):
    schema = api_client_for(centre_user).get("/api/v1/schema/", {"format": "json"}).json()
    for path in ("/api/v1/ventures/", "/api/v1/policies/", "/api/v1/policy-benefits/", "/api/v1/role-models/"):
        assert path in schema["paths"]
