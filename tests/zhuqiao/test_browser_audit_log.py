"""Real Chromium: after an edit, the audit log page names the record type and each changed field
in Chinese, ``字段：旧值 → 新值``, and shows no Python dict (issue 15 point 9)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from jobseekers.models import Employment
from tests.browser import BrowserErrors, assert_accessible, login
from tests.factories import UserFactory
from tests.factories.jobseekers import EmploymentFactory, PersonFactory
from zhuqiao.models import User


@pytest.mark.browser
def test_the_audit_page_shows_an_employment_edit_as_chinese_field_lines(page, live_server, area_a):
    user = UserFactory(username="centre_audit", role=User.Role.CENTRE)
    user.user_permissions.add(Permission.objects.get(codename="view_audit_log", content_type__app_label="zhuqiao"))
    today = timezone.localdate()
    employment = EmploymentFactory(
        person=PersonFactory(name="孙丽华", area=area_a),
        start_date=today - datetime.timedelta(days=400),
        kind=Employment.Kind.EMPLOYED,
        employer="祝桥物流有限公司",
    )
    left_on = today - datetime.timedelta(days=10)
    errors = BrowserErrors.attach(page)
    login(page, live_server, "centre_audit")

    page.goto(f"{live_server.url}/people/employments/{employment.pk}/edit/")
    form = page.locator("form:has(input[name=end_date])")
    form.locator("input[name=end_date]").fill(left_on.isoformat())
    form.locator("select[name=kind]").select_option(Employment.Kind.FLEXIBLE.value)
    form.locator("[type=submit]").last.click()
    page.wait_for_url(f"**/people/{employment.person_id}/")
    employment.refresh_from_db()
    assert employment.end_date == left_on

    page.goto(f"{live_server.url}/audit/?action=update&object_type=employment")
    row = page.locator("tbody tr").first
    cells = row.locator("td")
    assert cells.nth(3).inner_text() == "修改"
    assert "就业记录" in cells.nth(4).inner_text()
    changes = cells.nth(5).locator("li").all_inner_texts()
    assert f"离职日期：空 → {left_on.isoformat()}" in changes
    assert "就业形式：单位就业 → 灵活就业" in changes
    text = page.locator("main, body").first.inner_text()
    assert "{'" not in text and "['" not in text and "jobseekers.employment" not in text
    assert_accessible(page)
    errors.assert_clean()
