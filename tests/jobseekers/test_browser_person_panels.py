"""Real Chromium: a case logged from a person's page shows at once in the page's counters and
timeline, without a reload (issue 15 point 9)."""

from __future__ import annotations

import pytest

from cases.models import Case, Category, ServiceType
from tests.browser import BrowserErrors, assert_accessible, login
from tests.factories.jobseekers import PersonFactory


@pytest.mark.browser
def test_a_case_logged_on_the_person_page_updates_counters_and_timeline_without_reload(
    page, live_server, committee_user_a, area_a
):
    # get_or_create: an earlier transactional test of the run may have flushed the reference rows.
    for name in ("职业指导", "岗位撮合"):
        ServiceType.objects.get_or_create(name=name, defaults={"category": Category.EMPLOYMENT})
    person = PersonFactory(name="刘芳", area=area_a)
    errors = BrowserErrors.attach(page)
    login(page, live_server, "committee_a")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.wait_for_selector("#case-panel")
    counters = page.locator("#help-panel .stat-value")
    assert counters.nth(0).inner_text() == "0" and counters.nth(3).inner_text() == "0"
    assert "暂无记录" in page.locator("#timeline-panel").inner_text()
    page.evaluate("window.notReloaded = true")

    panel = page.locator("#case-panel")
    panel.get_by_label("服务事项").select_option(label="职业指导")
    panel.get_by_label("情况记录").fill("想转行做电商客服，约下周再谈")
    panel.get_by_role("button", name="登记").click()
    page.get_by_text("已登记个案").wait_for()
    case = Case.objects.get(person=person)

    page.locator("#timeline-panel").get_by_text(case.ref).wait_for()
    page.locator("#help-panel .stat-value").nth(3).filter(has_text="1").wait_for()
    counters = page.locator("#help-panel .stat-value")
    assert counters.nth(0).inner_text() == "1"  # 职业指导
    assert counters.nth(3).inner_text() == "1"  # 服务个案
    assert "暂无记录" not in page.locator("#timeline-panel").inner_text()

    # The refreshed panels listen again: a second case counts too.
    panel = page.locator("#case-panel")
    panel.get_by_label("服务事项").select_option(label="岗位撮合")
    panel.get_by_label("情况记录").fill("推荐空港物流园区两家企业的客服岗位")
    panel.get_by_role("button", name="登记").click()
    page.locator("#help-panel .stat-value").nth(3).filter(has_text="2").wait_for()
    second = Case.objects.filter(person=person).exclude(pk=case.pk).get()
    page.locator("#timeline-panel").get_by_text(second.ref).wait_for()
    assert [counters.nth(i).inner_text() for i in (0, 1, 3)] == ["1", "1", "2"]
    assert page.evaluate("window.notReloaded") is True
    assert_accessible(page)
    errors.assert_clean()
