"""A real Chromium: centre staff add a carrier, take a venture from notified to resident to
graduated, record an evaluation, and see the carrier page update; axe passes on each page."""

from __future__ import annotations

import datetime

import pytest

from incubators.models import Carrier, Residency
from tests.browser import assert_accessible, login
from tests.factories import UserFactory
from tests.factories.entrepreneurs import VentureFactory
from tests.factories.incubators import CarrierFactory, ResidencyFactory
from zhuqiao.models import User


@pytest.mark.browser
def test_centre_staff_take_a_venture_through_a_new_carrier(page, live_server, area_a):
    # A centre user of its own: the departments of the data migration may have been flushed by
    # an earlier transactional test, and this scenario needs no department.
    UserFactory(username="carrier_centre", role=User.Role.CENTRE)
    venture = VentureFactory(area=area_a, name="上海祝桥云翼航空配套有限公司")
    today = datetime.date.today()
    login(page, live_server, "carrier_centre")

    page.goto(f"{live_server.url}/carriers/")
    assert_accessible(page)
    page.get_by_role("link", name="新增创业载体").click()
    page.get_by_label("名称").fill("祝桥航空产业孵化器（测试）")
    page.get_by_label("类型").select_option("incubator")
    page.get_by_label("认定级别").select_option("district")
    page.get_by_label("启用日期").fill("2020-03-01")
    page.get_by_label("可用工位数").fill("8")
    page.get_by_label("可用房间数").fill("2")
    page.get_by_label("航空配套").check()
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    carrier = Carrier.objects.get(name="祝桥航空产业孵化器（测试）")
    assert page.url.endswith(f"/carriers/{carrier.pk}/")
    assert page.locator("#count-in-residence").inner_text() == "0"
    assert_accessible(page)

    page.get_by_role("link", name="登记入驻").click()
    page.get_by_label("创业组织统一社会信用代码").fill(venture.credit_code)
    page.get_by_label("起始阶段").select_option("notified")
    page.get_by_label("告知日期").fill((today - datetime.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#current-stage").inner_text() == "注册前有告知"
    assert_accessible(page)

    page.get_by_label("入驻日期").fill((today - datetime.timedelta(days=10)).isoformat())
    page.get_by_role("button", name="确认入驻").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#current-stage").inner_text() == "入驻中有服务"

    page.goto(f"{live_server.url}/carriers/{carrier.pk}/")
    assert page.locator("#count-in-residence").inner_text() == "1"
    assert page.locator("#occupancy").inner_text() == "10.0%"
    page.locator("#residencies").get_by_role("link", name=venture.name).click()

    page.get_by_label("毕业日期").fill(today.isoformat())
    page.get_by_label("带动就业人数").fill("6")
    page.get_by_role("button", name="确认毕业").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#current-stage").inner_text() == "入驻后有收获"
    residency = Residency.objects.get(venture=venture)
    assert residency.entered_on == today - datetime.timedelta(days=10) and residency.graduated_on == today

    page.goto(f"{live_server.url}/carriers/{carrier.pk}/")
    assert page.locator("#count-graduated").inner_text() == "1"
    page.get_by_role("link", name="录入服务评估").click()
    page.get_by_label("评估年度").fill(str(today.year))
    page.get_by_label("评估日期").fill(today.isoformat())
    for label, score in (
        ("场地设施", "90"),
        ("服务体系", "88"),
        ("孵化成效", "86"),
        ("带动就业", "84"),
        ("政策落实", "92"),
        ("运营管理", "85"),
    ):
        page.get_by_label(label).fill(score)
    page.get_by_label("评估人/机构").fill("浦东新区人社局评估组")
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(f"/carriers/{carrier.pk}/")
    evaluations = page.locator("#evaluations")
    assert str(today.year) in evaluations.inner_text() and "A（优秀）" in evaluations.inner_text()
    assert "已录入" in page.content()
    assert_accessible(page)


@pytest.mark.browser
def test_the_venture_page_lazy_loads_the_carrier_panel(page, live_server, area_a):
    UserFactory(username="panel_committee", role=User.Role.COMMITTEE, area=area_a)
    venture = VentureFactory(area=area_a, name="上海祝桥星港智慧物流有限公司")
    ResidencyFactory(venture=venture, carrier=CarrierFactory(name="东方航空物流众创空间（测试）"))
    login(page, live_server, "panel_committee")
    page.goto(f"{live_server.url}/ventures/{venture.pk}/")
    panel = page.locator("#venture-carrier-panel")
    panel.wait_for()
    assert "东方航空物流众创空间（测试）" in panel.inner_text()
    assert "入驻中有服务" in panel.inner_text()
    assert_accessible(page)
