"""A real Chromium: centre staff register a venture for a founder, record a district-level rent
subsidy, and see it on the venture page and in the policy's list; every page passes axe."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
import time_machine

from entrepreneurs.models import Policy, PolicyBenefit, Venture
from tests.browser import assert_accessible, login
from tests.factories import UserFactory
from tests.factories.entrepreneurs import rent_subsidy
from tests.factories.ids import credit_code
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import User

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture
def centre_staff(transactional_db):
    """Centre staff made here: a transactional test earlier in the run may have flushed the
    departments the shared ``centre_user`` persona needs (they come from a data migration)."""
    return UserFactory(username="centre_ent", role=User.Role.CENTRE)


@pytest.mark.browser
def test_centre_staff_register_a_venture_and_record_a_rent_subsidy(page, live_server, centre_staff, area_a):
    founder = PersonFactory(name="陈建国", area=area_a)
    rent = rent_subsidy()
    assert rent.level == Policy.Level.DISTRICT
    code = credit_code()
    login(page, live_server, "centre_ent")

    page.goto(f"{live_server.url}/ventures/")
    page.get_by_role("link", name="登记创业组织").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.fill("#id_credit_code", code)
    page.fill("#id_name", "上海祝桥航空物流有限公司")
    page.select_option("#id_kind", "enterprise")
    page.select_option("#id_industry", "aviation_logistics")
    page.fill("#id_registered_on", "2025-05-20")
    page.select_option("#id_area", str(area_a.pk))
    page.fill("#id_jobs_created", "8")
    page.fill("#founder-q", "陈建")
    page.locator(f"#founder-{founder.pk}").check()
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    venture = Venture.objects.get(credit_code=code)
    assert page.url.endswith(f"/ventures/{venture.pk}/")
    assert venture.founder == founder
    assert "陈建国" in page.locator("#venture-founder").inner_text()
    assert_accessible(page)

    page.locator("#add-benefit").click()
    page.wait_for_load_state("networkidle")
    page.select_option("#id_policy", str(rent.pk))
    page.fill("#id_granted_on", "2025-09-01")
    page.fill("#id_amount", "18000")
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")

    benefit = PolicyBenefit.objects.get(venture=venture)
    assert (benefit.policy, benefit.granted_on) == (rent, datetime.date(2025, 9, 1))
    table = page.locator("#benefit-table").inner_text()
    assert "创业场地房租补贴" in table and "区级" in table and "¥18,000.00" in table
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "venture-page.png"), full_page=True)

    page.locator("#benefit-table").get_by_role("link", name="创业场地房租补贴").click()
    page.wait_for_load_state("networkidle")
    assert "上海祝桥航空物流有限公司" in page.locator("#grant-table").inner_text()
    assert "区级" in page.locator("#totals-table").inner_text()
    assert_accessible(page)


@pytest.mark.browser
def test_list_and_opportunity_pages_pass_axe(page, live_server, centre_staff, area_a):
    from tests.factories.entrepreneurs import RoleModelFactory, VentureFactory

    with time_machine.travel("2026-11-28 10:00 +0800", tick=True):
        venture = VentureFactory(area=area_a, registered_on=datetime.date(2024, 1, 15))
        RoleModelFactory(venture=venture, year=2026)
        login(page, live_server, "centre_ent")
        for path in ("/ventures/", "/ventures/policies/", "/ventures/opportunities/", "/ventures/role-models/"):
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert_accessible(page)
        assert venture.name in page.content()
