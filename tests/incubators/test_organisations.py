"""Service organisations: agreements, matches with carriers and ventures, and their scope."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from incubators.models import ServiceAgreement, ServiceMatch
from incubators.selectors import carrier_overview
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory, ResidencyFactory, ServiceOrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=datetime.UTC), tick=False):
        yield


def test_venture_matches_follow_the_ventures_committee(client_for, committee_user_a, committee_user_b, area_a):
    organisation = ServiceOrganisationFactory(name="浦东空港财税代理服务社")
    venture = VentureFactory(area=area_a, name="上海祝桥蓝天物联网科技有限公司")
    response = client_for(committee_user_a).post(
        f"/carriers/organisations/{organisation.pk}/matches/new/",
        {"venture": venture.credit_code, "matched_on": "2026-05-10", "description": "代理记账"},
    )
    assert response.status_code == 302
    assert ServiceMatch.objects.get().venture == venture
    assert (
        venture.name in client_for(committee_user_a).get(f"/carriers/organisations/{organisation.pk}/").content.decode()
    )
    assert (
        venture.name
        not in client_for(committee_user_b).get(f"/carriers/organisations/{organisation.pk}/").content.decode()
    )


def test_committee_staff_cannot_match_a_carrier_and_a_match_needs_one_party(client_for, committee_user_a, centre_user):
    organisation = ServiceOrganisationFactory()
    carrier = CarrierFactory()
    refused = client_for(committee_user_a).post(
        f"/carriers/organisations/{organisation.pk}/matches/new/", {"carrier": carrier.pk, "matched_on": "2026-05-10"}
    )
    assert refused.status_code == 400 and "只有中心工作人员" in refused.content.decode()
    neither = client_for(centre_user).post(
        f"/carriers/organisations/{organisation.pk}/matches/new/", {"matched_on": "2026-05-10"}
    )
    assert "二选一" in neither.content.decode()
    assert not ServiceMatch.objects.exists()
    ok = client_for(centre_user).post(
        f"/carriers/organisations/{organisation.pk}/matches/new/", {"carrier": carrier.pk, "matched_on": "2026-05-10"}
    )
    assert ok.status_code == 302 and ServiceMatch.objects.get().carrier == carrier


def test_an_agreement_expiring_before_it_is_signed_is_refused(client_for, centre_user):
    organisation = ServiceOrganisationFactory()
    url = f"/carriers/organisations/{organisation.pk}/agreements/new/"
    refused = client_for(centre_user).post(
        url, {"title": "合作协议", "signed_on": "2026-03-01", "expires_on": "2025-12-31"}
    )
    assert refused.status_code == 400 and "到期日期不能早于签约日期" in refused.content.decode()
    client_for(centre_user).post(url, {"title": "合作协议", "signed_on": "2026-03-01", "expires_on": "2027-02-28"})
    assert ServiceAgreement.objects.get().expires_on == datetime.date(2027, 2, 28)


def test_the_overview_counts_only_active_carriers_and_their_focus_industries():
    open_carrier = CarrierFactory(focus_industries=["iot", "commerce"], capacity_desks=10, capacity_rooms=0)
    CarrierFactory(focus_industries=["iot"], capacity_desks=5, capacity_rooms=0)
    CarrierFactory(focus_industries=["agritech"], closed_on=datetime.date(2025, 12, 31), capacity_desks=50)
    ResidencyFactory(carrier=open_carrier, venture=VentureFactory(industry="iot"))
    ResidencyFactory(carrier=open_carrier, venture=VentureFactory(industry="other"))
    overview = carrier_overview(day=datetime.date(2026, 6, 15))
    assert overview["carriers_active"] == 2
    assert overview["capacity"] == 15
    assert overview["in_residence"] == 2 and str(overview["occupancy"]) == "13.3"
    assert dict(overview["focus_industries"]) == {"物联网": 2, "商贸": 1}
    assert overview["characteristic_in_residence"] == 1
