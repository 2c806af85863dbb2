"""Real Chromium: committee staff log a 岗位撮合 case from a person's page, refer it to the
employment service department (社区事务受理服务中心), whose staff accept and close it, and the
resident rates the service through the link on a phone."""

from __future__ import annotations

from pathlib import Path

import pytest

from cases.models import Case, Category, SatisfactionRating, ServiceType
from tests.browser import BrowserErrors, assert_accessible, login, new_context
from tests.factories import UserFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import Department, User

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.browser
def test_case_is_logged_referred_accepted_closed_and_rated(page, browser, live_server, committee_user_a, area_a):
    person = PersonFactory(name="王建国", area=area_a)
    # get_or_create: an earlier transactional test of the run may have flushed the rows that the
    # data migrations created.
    service_centre, _ = Department.objects.get_or_create(
        code="service_centre", defaults={"name": "社区事务受理服务中心", "is_centre": True}
    )
    ServiceType.objects.get_or_create(
        name="岗位撮合", defaults={"category": Category.EMPLOYMENT, "default_department": service_centre}
    )
    UserFactory(username="svc_staff", role=User.Role.DEPARTMENT, department=service_centre, display_name="赵敏")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    # Committee staff log the case from the person's page (the quick-log panel loads by HTMX).
    login(page, live_server, "committee_a")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    panel = page.locator("#case-panel")
    panel.get_by_label("服务事项").select_option(label="岗位撮合")
    panel.get_by_label("情况记录").fill("想在空港物流园区找仓储工作，已初步推荐")
    panel.get_by_role("button", name="登记").click()
    page.get_by_text("已登记个案").wait_for()
    case = Case.objects.get(person=person)
    assert case.service.name == "岗位撮合" and case.owner == committee_user_a

    # ... open it and refer it to the employment service department.
    page.locator("#case-panel").get_by_role("link", name=case.ref).click()
    page.wait_for_url(f"**/cases/{case.pk}/")
    assert_accessible(page)
    page.get_by_label("转介至").select_option(label="社区事务受理服务中心")
    page.get_by_label("转介说明").fill("需要中心推荐岗位并办理就业登记")
    page.get_by_role("button", name="转介").click()
    page.get_by_text("已转介。").wait_for()
    assert page.locator("#case-status").inner_text() == "已转介"

    # The department's staff find it in their inbox, accept it and close it.
    page.context.clear_cookies()
    login(page, live_server, "svc_staff")
    page.goto(f"{live_server.url}/cases/inbox/department/")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "case-inbox-department.png"), full_page=True)
    page.get_by_role("link", name=case.ref).click()
    page.get_by_role("button", name="接收转介").click()
    page.get_by_text("已接收转介。").wait_for()
    page.get_by_label("办理结果").fill("已推荐至祝桥空港某物流公司，本人已入职")
    page.get_by_role("button", name="办结").click()
    page.get_by_text("已办结。").wait_for()
    page.screenshot(path=str(SCREENSHOTS / "case-closed.png"), full_page=True)
    rating_url = page.locator("#rating-link").get_attribute("href")
    assert rating_url and "/cases/rate/" in rating_url
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED and case.department == service_centre
    assert list(case.transitions.values_list("action", flat=True)) == ["open", "refer", "accept", "close"]

    # The resident, without an account, rates it on a phone.
    phone = new_context(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    resident = phone.new_page()
    errors = BrowserErrors.attach(resident)
    resident.goto(rating_url)
    assert_accessible(resident)
    resident.get_by_label("5 分 · 非常满意").check()
    resident.get_by_label("意见建议（选填）").fill("工作人员很负责，谢谢！")
    resident.get_by_role("button", name="提交评价").click()
    resident.get_by_text("感谢您的评价！").wait_for()
    assert_accessible(resident)
    resident.screenshot(path=str(SCREENSHOTS / "case-rated-phone.png"), full_page=True)
    resident.goto(rating_url)
    assert "已经评价过了" in resident.content()
    phone.close()
    errors.assert_clean()
    assert SatisfactionRating.objects.get(case=case).score == 5
