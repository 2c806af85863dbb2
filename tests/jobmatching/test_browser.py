"""A committee worker takes a graduate from the worklist to a hire, in a real Chromium."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import assert_accessible, login
from tests.factories.jobmatching import ProfileFactory, VacancyFactory
from tests.factories.jobseekers import MembershipFactory, PersonFactory


@pytest.mark.browser
def test_committee_staff_recommend_a_graduate_and_record_the_hire(page, live_server, committee_user_a, area_a):
    today = timezone.localdate()
    graduate = PersonFactory(area=area_a, name="林小雨", birth=datetime.date(2003, 3, 3))
    MembershipFactory(person=graduate, group="graduate", start_date=datetime.date(today.year, 1, 10))
    ProfileFactory(person=graduate, desired_job="仓库管理员")
    vacancy = VacancyFactory(
        employer__area=area_a,
        employer__name="祝桥智慧仓储",
        title="仓库管理员",
        posts=3,
        opens_on=today - datetime.timedelta(days=10),
    )

    login(page, live_server, "committee_a")
    page.goto(f"{live_server.url}/people/worklists/graduate/")
    assert page.get_by_role("link", name="林小雨").count() == 1
    page.get_by_role("link", name="林小雨").first.click()
    page.get_by_role("link", name="岗位匹配").click()
    page.wait_for_url(f"**/jobs/people/{graduate.pk}/")
    assert "意向岗位“仓库管理员”与岗位名称相符" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="推荐到 仓库管理员").click()
    assert "已将 林小雨 推荐到“仓库管理员”" in page.content()

    page.goto(f"{live_server.url}/jobs/vacancies/{vacancy.pk}/")
    column = page.locator("section", has=page.locator("#col-recommended"))
    column.locator("select[name=to_stage]").select_option("interview")
    column.get_by_role("button", name="更新阶段").click()
    interview = page.locator("section", has=page.locator("#col-interview"))
    assert "林小雨" in interview.inner_text()
    interview.locator("select[name=to_stage]").select_option("hired")
    interview.get_by_role("button", name="更新阶段").click()
    hired = page.locator("section", has=page.locator("#col-hired"))
    assert "林小雨" in hired.inner_text()
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/worklists/graduate/")
    assert page.get_by_role("link", name="林小雨").count() == 0
