"""A real Chromium: committee staff land on their desk, see each queue's count and their
committee's four clearance goals, follow the overdue queue to the cases behind it; department
staff see the referral waiting for them. Every page passes axe."""

from __future__ import annotations

import re

import pytest

from tests.browser import assert_accessible, login
from tests.conftest import restore_reference_data
from tests.zhuqiao.test_desk import work  # noqa: F401  (the fixture of queued work)


@pytest.fixture
def reference_data(transactional_db):
    restore_reference_data()  # departments and catalogues, after an earlier test's flush


@pytest.mark.browser
def test_committee_staff_work_from_their_desk(reference_data, page, live_server, committee_user_a, work):  # noqa: F811
    login(page, live_server, "committee_a")
    page.goto(f"{live_server.url}/")
    desk = page.locator("#desk")
    # Each link reads its count (hidden text for screen readers), e.g. "跟进已逾期的个案：2".
    overdue = desk.get_by_role("link", name=re.compile(r"跟进已逾期的个案\s*：2"))
    assert overdue.is_visible()
    assert desk.get_by_role("link", name=re.compile(r"待复核就业意愿\s*：2")).is_visible()
    assert page.locator("#goals .card").count() == 4
    assert page.locator("#goals-source").inner_text() == "按当前名册实时统计"  # no snapshot yet
    assert_accessible(page)
    overdue.click()
    page.wait_for_load_state("networkidle")
    assert "/cases/inbox/committee/" in page.url and "overdue=1" in page.url
    assert page.locator("tbody tr").count() == 2
    assert_accessible(page)


@pytest.mark.browser
def test_department_staff_see_the_referral_waiting_for_them(reference_data, page, live_server, department_user, work):  # noqa: F811
    login(page, live_server, "dept_youth")
    page.goto(f"{live_server.url}/")
    referrals = page.locator("#desk").get_by_role("link", name=re.compile(r"待本部门接收的转介\s*：1"))
    assert referrals.is_visible(), page.locator("main").inner_text()
    assert page.locator("#goals").count() == 0
    assert_accessible(page)
    referrals.click()
    page.wait_for_load_state("networkidle")
    assert "status=referred" in page.url and page.locator("tbody tr").count() == 1
