"""Smaller defects of issue 15 seen in a real Chromium: every select of a Chinese page starts with
the Chinese placeholder, never Django's English "- Select an option -"; an overdue case on a
person page keeps readable contrast."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import assert_accessible, login
from tests.factories import UserFactory
from tests.factories.cases import CaseFactory
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import User


@pytest.fixture
def centre_staff(transactional_db):
    return UserFactory(username="centre_defects", role=User.Role.CENTRE)


@pytest.mark.browser
def test_the_venture_form_selects_start_with_the_chinese_placeholder(page, live_server, centre_staff):
    login(page, live_server, "centre_defects")
    page.goto(f"{live_server.url}/ventures/new/")
    page.wait_for_load_state("networkidle")

    assert page.locator("#id_kind option").first.inner_text() == "请选择"
    assert page.locator("#id_area option").first.inner_text() == "请选择"
    assert "Select an option" not in page.content()
    assert_accessible(page)


@pytest.mark.browser
def test_an_overdue_case_on_the_person_page_passes_the_contrast_check(page, live_server, centre_staff, area_a):
    person = PersonFactory(name="周晓梅", area=area_a)
    today = timezone.localdate()
    CaseFactory(
        person=person,
        opened_on=today - datetime.timedelta(days=30),
        next_follow_up_on=today - datetime.timedelta(days=3),
    )
    login(page, live_server, "centre_defects")
    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.wait_for_selector("#case-panel .overdue")
    assert_accessible(page, context="#case-panel")
