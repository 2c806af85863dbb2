"""The staff day view's heading is a date of the page's language with the number of bookings:
"2026年12月4日 星期五 的预约（1）" in Chinese, "Bookings on Friday, Dec. 4, 2026 (1)" in English
(it used to read "Bookings of 2026年12月4日 Fri 1")."""

from __future__ import annotations

import datetime
import re

import pytest

from tests.factories.consultations import BookingFactory


def _heading(body: str) -> str:
    match = re.search(r'<h1[^>]*id="day-heading"[^>]*>(.*?)</h1>', body, re.S)
    assert match, "the day view has no heading"
    return " ".join(match.group(1).split())


@pytest.mark.django_db
def test_the_day_heading_reads_a_chinese_date_weekday_and_count(client_for, centre_user, slot):
    BookingFactory(slot=slot)
    body = client_for(centre_user).get("/consultations/", {"date": "2026-12-04"}).content.decode()
    assert _heading(body) == "2026年12月4日 星期五 的预约（1）"


@pytest.mark.django_db
def test_the_day_heading_reads_an_english_date_weekday_and_count(client_for, centre_user, slot):
    BookingFactory(slot=slot)
    client = client_for(centre_user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    heading = _heading(client.get("/consultations/", {"date": "2026-12-04"}).content.decode())
    assert heading == "Bookings on Friday, Dec. 4, 2026 (1)"
    empty_day = _heading(client.get("/consultations/", {"date": "2026-12-05"}).content.decode())
    assert empty_day == "Bookings on Saturday, Dec. 5, 2026 (0)"
    assert not re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", heading + empty_day)


@pytest.mark.django_db
def test_the_day_heading_follows_the_date_asked_for_not_today(client_for, centre_user):
    day = datetime.date(2027, 2, 28)
    body = client_for(centre_user).get("/consultations/", {"date": day.isoformat()}).content.decode()
    assert _heading(body) == "2027年2月28日 星期日 的预约（0）"


@pytest.mark.browser
def test_after_switching_to_english_the_day_heading_and_home_page_read_english(page, live_server, centre_user):
    from tests.browser import login

    login(page, live_server, "centre")
    page.select_option("#language-switch", "en")
    # The switch posts a form and the page is reloaded: wait for the English page itself, not
    # for the network to be idle (it can be idle before the form's navigation has started).
    page.wait_for_selector("html[lang=en]")
    page.wait_for_load_state("networkidle")
    home = page.locator("main").inner_text()
    assert "Role:" in home and "角色" not in home and "：" not in home
    page.goto(f"{live_server.url}/consultations/?date=2026-12-05")
    heading = page.locator("#day-heading").inner_text()
    assert heading == "Bookings on Saturday, Dec. 5, 2026 (0)"
    page.select_option("#language-switch", "zh-hans")
    page.wait_for_selector("html[lang=zh-CN]")
    page.wait_for_load_state("networkidle")
    assert page.locator("#day-heading").inner_text() == "2026年12月5日 星期六 的预约（0）"
