"""Point 3 of the plan's remaining duties: departments' own groups town-wide, masked and read
only beyond their own cases; the 招商中心's register of shared registration addresses; the case
catalogue's tax, 人才服务, 专家服务 and 形象宣传 services."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from cases.models import ServiceType
from entrepreneurs.models import SharedAddress
from jobseekers import groups
from tests.browser import assert_accessible, login
from tests.factories import UserFactory
from tests.factories.cases import CaseFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory
from zhuqiao.models import Department, User


def years_ago(n: int) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - n, day=1)


def test_long_term_unemployed_youth_are_16_to_35_job_seekers_without_work_for_six_months(area_a):
    today = timezone.localdate()
    idle = PersonFactory(area=area_a, birth=years_ago(25))
    recently_worked = PersonFactory(area=area_a, birth=years_ago(25))
    too_old = PersonFactory(area=area_a, birth=years_ago(40))
    for person in (idle, recently_worked, too_old):
        MembershipFactory(person=person, group="unemployed", start_date=today - datetime.timedelta(days=400))
    EmploymentFactory(
        person=recently_worked,
        start_date=today - datetime.timedelta(days=300),
        end_date=today - datetime.timedelta(days=60),
    )
    found = set(groups.members(groups.GROUPS["long_term_youth"], day=today))
    assert found == {idle}


def test_the_youth_league_sees_its_groups_town_wide_masked_and_opens_only_its_own_cases(
    area_a, area_b, department_user, client_for
):
    today = timezone.localdate()
    theirs = PersonFactory(area=area_b, name="外村毕业生")
    ours = PersonFactory(area=area_a, name="本部门服务对象")
    for person in (theirs, ours):
        MembershipFactory(person=person, group="graduate", start_date=today - datetime.timedelta(days=30))
    CaseFactory(person=ours, department=department_user.department)
    body = client_for(department_user).get("/people/groups/?group=graduates").content.decode()
    assert "外村毕业生" in body and theirs.masked_id_number in body and theirs.id_number not in body
    assert f"/people/{ours.pk}/" in body and f"/people/{theirs.pk}/" not in body
    assert "16至35周岁" in client_for(department_user).get("/people/groups/?group=long_term_youth").content.decode()
    assert client_for(department_user).get(f"/people/{theirs.pk}/").status_code == 404


def test_a_department_without_a_group_and_committee_staff_are_refused(
    other_department_user, committee_user_a, client_for
):
    assert client_for(other_department_user).get("/people/groups/").status_code == 403
    assert client_for(committee_user_a).get("/people/groups/").status_code == 403


def test_the_catalogue_has_the_tax_talent_expert_and_publicity_services(db):
    names = set(ServiceType.objects.values_list("name", flat=True))
    assert {"税务指导", "人才服务", "专家服务", "形象宣传"} <= names


@pytest.mark.browser
def test_the_investment_centre_registers_a_shared_address_and_sees_its_ventures(page, live_server, area_a):
    keeper = UserFactory(
        username="dept_invest", role=User.Role.DEPARTMENT, department=Department.objects.get(code="investment_centre")
    )
    address = SharedAddress.objects.create(address="航城路88号（测试）", manager="测试管理方")
    VentureFactory(area=area_a, name="上海集中登记测试有限公司", shared_address=address)
    login(page, live_server, keeper.username)
    page.goto(f"{live_server.url}/ventures/addresses/")
    assert "上海集中登记测试有限公司" in page.content()
    page.fill("input[name=address]", "空港一路199号（测试）")
    page.fill("input[name=manager]", "空港园区管理方")
    assert_accessible(page)
    page.click("#address-new ~ form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert SharedAddress.objects.filter(address="空港一路199号（测试）").exists()
    assert_accessible(page)


@pytest.mark.browser
def test_the_youth_league_browses_its_groups(page, live_server, department_user, area_b):
    MembershipFactory(
        person=PersonFactory(area=area_b, name="团委关注对象"), group="graduate", start_date=timezone.localdate()
    )
    login(page, live_server, department_user.username)
    page.goto(f"{live_server.url}/people/groups/")
    assert "团委关注对象" in page.inner_text("table")
    page.click("text=长期失业青年")
    page.wait_for_load_state("networkidle")
    assert "16至35周岁" in page.inner_text("#group-definition")
    assert_accessible(page)
