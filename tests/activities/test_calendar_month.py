"""The activity calendar says when a month is empty and links to the nearest month that is not;
its month field always shows the month shown, as ISO YYYY-MM, in Chinese and in English."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import selectors
from activities.models import Evidence
from tests.browser import assert_accessible, login
from tests.factories.activities import ActivityFactory, EvidenceFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def _month_field(body: str) -> str | None:
    tag = re.search(r'<input[^>]*name="month"[^>]*>', body)
    assert tag, "the calendar has no month field"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_an_empty_month_says_so_in_chinese_and_links_to_the_nearest_month_with_activities(client_for, centre_user):
    ActivityFactory(title="三月沙龙", held_on=D(2026, 3, 10))
    ActivityFactory(title="十二月招聘会", held_on=D(2026, 12, 1))
    body = client_for(centre_user).get(reverse("activities:calendar"), {"month": "2026-05"}).content.decode()
    assert "本月没有活动和会议。" in body
    assert 'href="?month=2026-03"' in body and "2026 年 3 月" in body  # two months back, not seven ahead
    assert _month_field(body) == "2026-05"


def test_an_empty_month_says_so_in_english_and_the_month_field_is_iso(client_for, centre_user):
    EvidenceFactory(kind=Evidence.Kind.JOINT_MEETING, title="联席会议", dated_on=D(2026, 9, 20))
    client = _english(client_for(centre_user))
    body = client.get(reverse("activities:calendar"), {"month": "2026-07"}).content.decode()
    assert "No activities or meetings this month." in body
    assert 'href="?month=2026-09"' in body and "Go to the nearest month with entries: 9/2026" in body
    assert _month_field(body) == "2026-07"


def test_a_month_with_an_activity_shows_no_empty_message(client_for, centre_user):
    ActivityFactory(title="三月沙龙", held_on=D(2026, 3, 10))
    body = client_for(centre_user).get(reverse("activities:calendar"), {"month": "2026-03"}).content.decode()
    assert "三月沙龙" in body and "本月没有活动" not in body and 'id="calendar-empty"' not in body


def test_without_any_activity_the_empty_month_offers_no_link(client_for, centre_user):
    body = client_for(centre_user).get(reverse("activities:calendar"), {"month": "2026-05"}).content.decode()
    assert "本月没有活动和会议。" in body and "查看最近有活动的月份" not in body


def test_an_empty_month_of_one_department_links_to_that_departments_nearest_month(
    client_for, centre_user, department, other_department
):
    ActivityFactory(held_on=D(2026, 5, 12), organiser=other_department)
    ActivityFactory(held_on=D(2026, 1, 8), organiser=department)
    body = (
        client_for(centre_user)
        .get(reverse("activities:calendar"), {"month": "2026-05", "department": department.pk})
        .content.decode()
    )
    assert f"本月没有 {department} 的活动和会议。" in body
    assert f'href="?month=2026-01&amp;department={department.pk}"' in body


def test_the_month_field_shows_the_current_month_when_none_was_asked_for_in_both_languages(client_for, centre_user):
    shown = f"{timezone.localdate():%Y-%m}"
    client = client_for(centre_user)
    assert _month_field(client.get(reverse("activities:calendar")).content.decode()) == shown
    assert _month_field(_english(client).get(reverse("activities:calendar")).content.decode()) == shown


def test_the_nearest_month_is_the_closer_one_and_the_earlier_on_a_tie(db):
    ActivityFactory(held_on=D(2026, 2, 27))
    ActivityFactory(held_on=D(2026, 6, 3))
    assert selectors.nearest_calendar_month(month=D(2026, 3, 1)) == D(2026, 2, 1)
    assert selectors.nearest_calendar_month(month=D(2026, 5, 1)) == D(2026, 6, 1)
    assert selectors.nearest_calendar_month(month=D(2026, 4, 1)) == D(2026, 2, 1)  # two months either way


@pytest.mark.browser
def test_the_calendars_month_field_shows_the_month_shown_in_a_browser(page, live_server, centre_user):
    ActivityFactory(title="三月沙龙", held_on=D(2026, 3, 10))
    login(page, live_server, "centre")
    page.goto(f"{live_server.url}/activities/calendar/?month=2026-05")
    assert page.locator("input[name=month]").input_value() == "2026-05"
    assert "本月没有活动和会议。" in page.locator("#calendar-empty").inner_text()
    assert_accessible(page)
    page.locator("#calendar-empty a").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("input[name=month]").input_value() == "2026-03"
    assert "三月沙龙" in page.locator(".zq-calendar").inner_text()
    page.goto(f"{live_server.url}/activities/calendar/")
    assert page.locator("input[name=month]").input_value() == f"{timezone.localdate():%Y-%m}"
