"""In Chromium: committee staff register a person with a membership, record a job, and watch the
person leave the worklist; each page passes axe, with no CSP violation or JavaScript error."""

from __future__ import annotations

import datetime

import pytest

from jobseekers.models import Person
from tests.browser import assert_accessible, login
from tests.factories.ids import id_number


@pytest.mark.browser
def test_committee_staff_register_a_person_record_a_job_and_the_person_leaves_the_worklist(
    page, live_server, committee_user_a
):
    today = datetime.date.today()
    number = id_number(datetime.date(1986, 4, 12), female=True)
    login(page, live_server, "committee_a")

    page.goto(f"{live_server.url}/people/new/")
    assert_accessible(page)
    page.fill("input[name=name]", "陆晓燕")
    page.fill("input[name=id_number]", number[:17] + ("0" if number[17] != "0" else "1"))
    page.locator("input[name=id_number]").dispatch_event("change")
    page.wait_for_selector("#id_number-check .text-danger")
    assert "校验位" in page.inner_text("#id_number-check")
    page.fill("input[name=id_number]", number)
    page.locator("input[name=id_number]").dispatch_event("change")
    page.wait_for_selector("#id_number-check .text-success")
    page.fill("input[name=phone]", "13916668888")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    person = Person.objects.get(name="陆晓燕")
    assert page.url.endswith(f"/people/{person.pk}/")
    assert number not in page.content() and person.masked_id_number in page.content()
    assert_accessible(page)

    page.click("text=添加重点群体身份")
    page.select_option("select[name=group]", "unemployed")
    page.fill("input[name=start_date]", f"{today.year}-01-05")
    assert_accessible(page)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    assert "登记失业人员" in page.content()

    page.goto(f"{live_server.url}/people/worklists/unemployed/")
    assert page.locator("table >> text=陆晓燕").count() == 1
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/{person.pk}/")
    page.click("text=记录就业")
    page.select_option("select[name=kind]", "employed")
    page.fill("input[name=start_date]", today.isoformat())
    page.fill("input[name=employer]", "上海祝桥空港物流有限公司")
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")
    assert "上海祝桥空港物流有限公司" in page.content()

    page.goto(f"{live_server.url}/people/worklists/unemployed/")
    assert page.locator("table >> text=陆晓燕").count() == 0
    assert "清单为零" in page.content()
    assert_accessible(page)

    page.goto(f"{live_server.url}/people/")
    assert_accessible(page)
