"""Point 1 of the plan's remaining duties: founders and teams before registration (注册前有告知,
培育创业团队), the help they get as cases, the carrier they were told about, and their history
carried over to the venture they register as; ``ventures_cultivated`` counts them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases.indicators import ventures_cultivated
from cases.models import Case
from cases.services import case_open
from entrepreneurs import services
from entrepreneurs.models import FoundingTeam
from incubators import services as carrier_services
from incubators.models import Residency
from tests.browser import assert_accessible, login
from tests.factories.cases import ServiceTypeFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.ids import id_number
from tests.factories.incubators import CarrierFactory
from tests.factories.jobseekers import PersonFactory

D = datetime.date


def make_team(area, **extra):
    founder = PersonFactory(area=area)
    fields = {
        "name": "跨境小包集运",
        "idea": "面向空港电商卖家的集运",
        "industry": "aviation_logistics",
        "stage": "preparing",
        "area": area,
        "first_contact_on": D(2025, 1, 10),
        "members": [founder],
    }
    fields.update(extra)
    return services.team_create(**fields)


def test_a_team_is_told_about_a_carrier_helped_by_cases_and_its_history_carries_over_on_registration(area_a):
    team = make_team(area_a)
    carrier = CarrierFactory()
    residency = carrier_services.residency_open(
        team=team, carrier=carrier, stage="notified", notified_on=D(2025, 1, 20)
    )
    case = case_open(service=ServiceTypeFactory(), opened_by=None, team=team, opened_on=D(2025, 2, 1))
    assert case.area == area_a and case.subject == team and residency.subject == team
    with pytest.raises(ValidationError):
        carrier_services.residency_enter(residency=residency, entered_on=D(2025, 3, 1))

    venture = VentureFactory(area=area_a, registered_on=D(2025, 3, 1))
    services.team_register(team=team, venture=venture)
    team.refresh_from_db()
    assert team.stage == FoundingTeam.Stage.REGISTERED and team.venture == venture
    assert list(venture.cases.all()) == [case] and list(team.cases.all()) == [case]
    residency.refresh_from_db()
    assert residency.venture == venture
    carrier_services.residency_enter(residency=residency, entered_on=D(2025, 3, 5))
    assert Residency.objects.get(pk=residency.pk).stage == "resident"


def test_a_team_not_yet_registered_cannot_move_in_and_a_case_has_one_kind_of_subject(area_a):
    team = make_team(area_a)
    with pytest.raises(ValidationError):
        carrier_services.residency_open(team=team, carrier=CarrierFactory(), stage="resident", entered_on=D(2025, 2, 1))
    person = PersonFactory(area=area_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            ref="ZQ-X-1",
            category="startup",
            service=ServiceTypeFactory(),
            person=person,
            team=team,
            area=area_a,
            opened_on=D(2025, 2, 1),
        )


def test_ventures_cultivated_counts_the_teams_registered_in_the_period_after_help(area_a):
    helped = make_team(area_a)
    case_open(service=ServiceTypeFactory(), opened_by=None, team=helped, opened_on=D(2025, 2, 1))
    helped_venture = VentureFactory(area=area_a, registered_on=D(2025, 3, 1))
    services.team_register(team=helped, venture=helped_venture)
    unhelped = make_team(area_a, name="未帮扶团队")
    services.team_register(team=unhelped, venture=VentureFactory(area=area_a, registered_on=D(2025, 3, 1)))
    earlier = make_team(area_a, name="去年注册")
    case_open(service=ServiceTypeFactory(), opened_by=None, team=earlier, opened_on=D(2024, 2, 1))
    services.team_register(team=earlier, venture=VentureFactory(area=area_a, registered_on=D(2024, 3, 1)))

    count, ventures = ventures_cultivated(start=D(2025, 1, 1), end=D(2025, 12, 31))
    assert count == 1 and list(ventures) == [helped_venture]


def test_committee_staff_see_their_teams_and_the_list_filters_by_carrier(area_a, area_b, committee_user_a, client_for):
    mine, theirs = make_team(area_a), make_team(area_b, name="别村团队")
    carrier = CarrierFactory()
    carrier_services.residency_open(team=mine, carrier=carrier, stage="notified", notified_on=D(2025, 1, 20))
    client = client_for(committee_user_a)
    page = client.get("/ventures/teams/").content.decode()
    assert mine.name in page and theirs.name not in page
    assert mine.name in client.get(f"/ventures/teams/?carrier={carrier.pk}").content.decode()
    assert client.get(f"/ventures/teams/{theirs.pk}/").status_code == 404
    assert client.get(f"/carriers/{carrier.pk}/").status_code == 200


@pytest.mark.browser
def test_centre_staff_record_a_team_help_it_tell_it_about_a_carrier_and_register_it(
    page, live_server, centre_user, area_a
):
    number = id_number(D(1998, 6, 1), female=True)
    founder = PersonFactory(area=area_a, name="沈思远", id_number=number)
    carrier = CarrierFactory(name="祝桥航空配套孵化器（测试）")
    ServiceTypeFactory(name="开业诊断")
    login(page, live_server, centre_user.username)
    page.goto(f"{live_server.url}/ventures/teams/new/")
    page.fill("input[name=name]", "冷链温控标签")
    page.fill("textarea[name=idea]", "医药冷链全程温控记录标签")
    page.select_option("select[name=industry]", "iot")
    page.select_option("select[name=stage]", "preparing")
    page.select_option("select[name=area]", str(area_a.pk))
    page.fill("textarea[name=members]", number)
    assert_accessible(page)
    page.click("form button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    team = FoundingTeam.objects.get(name="冷链温控标签")
    assert list(team.members.all()) == [founder]

    page.select_option("select[name=service]", label="开业诊断")
    page.click("text=记录帮扶")
    page.wait_for_load_state("networkidle")
    page.select_option("select[name=carrier]", str(carrier.pk))
    page.click("text=登记告知")
    page.wait_for_load_state("networkidle")
    assert team.cases.count() == 1 and team.residencies.get().stage == "notified"
    assert_accessible(page)

    venture = VentureFactory(area=area_a, name="上海冷链标签科技有限公司", registered_on=datetime.date.today())
    page.fill("input[name=credit_code]", venture.credit_code)
    page.click("#team-register ~ form button")
    page.wait_for_load_state("networkidle")
    assert "服务记录已转入创业组织" in page.content()
    assert venture.cases.count() == 1 and venture.residencies.get().carrier == carrier
    page.goto(f"{live_server.url}/ventures/teams/?carrier={carrier.pk}")
    assert "冷链温控标签" in page.inner_text("table")
    assert_accessible(page)
