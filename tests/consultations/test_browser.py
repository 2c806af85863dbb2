"""A resident on a phone-sized screen books, gets the code, and cancels; every page passes axe."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from consultations.holidays import calendar_exceptions, is_working_day
from consultations.models import Booking
from tests.browser import assert_accessible
from tests.factories.consultations import OpeningHoursFactory, PlaceFactory, TopicFactory, TriageQuestionFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.browser
def test_resident_books_on_a_phone_gets_the_code_and_cancels(phone_page, live_server):
    from consultations import services

    place = PlaceFactory(name="祝桥镇社区事务受理服务中心", address="祝桥镇（演示地址）中心大厅 3 号窗口")
    for weekday in range(7):
        OpeningHoursFactory(place=place, weekday=weekday, opens_at=datetime.time(9), closes_at=datetime.time(11))
    topic = TopicFactory(code="startup", name="创业咨询", places=[place], what_to_bring="身份证")
    TriageQuestionFactory(topic=topic, text="您目前处于哪个阶段？")
    day = timezone.localdate() + datetime.timedelta(days=1)
    exceptions = calendar_exceptions(start=day, end=day + datetime.timedelta(days=14))
    while not is_working_day(day, exceptions):
        day += datetime.timedelta(days=1)
    services.slots_generate(topic=topic, start=day, end=day)

    page = phone_page
    page.goto(f"{live_server.url}/")
    page.click("a:has-text('在线预约咨询')")
    page.wait_for_url("**/consultations/book/")
    assert_accessible(page)
    page.click("a.list-group-item:has-text('创业咨询')")
    page.click(f"a[href='?date={day:%Y-%m-%d}']")
    assert_accessible(page)
    page.click("a[href*='/consultations/book/startup/'] >> nth=0")
    assert_accessible(page)
    page.fill("#id_name", "王芳")
    page.fill("#id_phone", "13912345678")
    page.select_option("select[name^='q_']", "正在筹备")
    page.check("#id_consent")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "consultations-form-phone.png"), full_page=True)
    page.click("button[type=submit]")
    page.wait_for_url("**/consultations/booked/**")
    assert_accessible(page)
    code = page.locator("[data-testid=booking-code]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{8}", code)
    page.screenshot(path=str(SCREENSHOTS / "consultations-booked-phone.png"), full_page=True)

    # Later, from another browser session: code + last four digits, then cancel.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/consultations/manage/")
    assert_accessible(page)
    page.fill("#id_code", code)
    page.fill("#id_phone_last4", "5678")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/consultations/manage/{code}/")
    assert_accessible(page)
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('取消预约')")
    page.wait_for_load_state("networkidle")
    assert page.locator("[data-testid=booking-status]").inner_text().strip() == "已取消"
    assert_accessible(page)
    assert Booking.objects.get(code=code).status == Booking.Status.CANCELLED


@pytest.mark.browser
def test_staff_day_view_passes_axe_and_checks_in(page, live_server):
    from tests.browser import login
    from tests.factories import DepartmentFactory, UserFactory
    from tests.factories.consultations import BookingFactory, SlotFactory

    # Built here rather than from the shared personas: an earlier transactional test may have
    # flushed the departments the migrations created.
    centre = DepartmentFactory(code="service_centre", name="社区事务受理服务中心", is_centre=True)
    UserFactory(username="centre_staff", role="centre", department=centre)

    place = PlaceFactory(name="祝桥镇社区事务受理服务中心")
    topic = TopicFactory(code="policy", name="政策咨询", places=[place])
    starts = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time(9)))
    booking = BookingFactory(slot=SlotFactory(topic=topic, place=place, starts_at=starts), name="赵磊")
    login(page, live_server, "centre_staff")
    page.goto(f"{live_server.url}/consultations/")
    assert "赵磊" in page.content()
    assert_accessible(page)
    page.click("button:has-text('签到')")
    page.wait_for_load_state("networkidle")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CHECKED_IN
    page.goto(f"{live_server.url}/consultations/bookings/{booking.pk}/")
    assert_accessible(page)
