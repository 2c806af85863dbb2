"""A leader in a real Chromium: the dashboard's cards and charts, a drill-down to the graduate
worklist, accessibility, and the PDF report with its Chinese text."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest

from jobseekers.models import TargetGroupMembership
from metrics.services import metrics_compute
from tests.browser import assert_accessible, login
from tests.factories.entrepreneurs import PolicyBenefitFactory, VentureFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory
from tests.factories.metrics import TargetFactory

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
D = datetime.date


@pytest.mark.browser
def test_leader_reads_the_dashboard_and_drills_to_the_graduate_worklist(page, live_server, leader_user, area_a, area_b):  # type: ignore[no-untyped-def]
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), granted_on=D(2025, 3, 1))
    for index, area in enumerate((area_a, area_a, area_b)):
        person = PersonFactory(area=area, name=f"毕业生{index}")
        MembershipFactory(person=person, group=TargetGroupMembership.Group.GRADUATE, start_date=D(2025, 6, 20))
        if index == 2:
            EmploymentFactory(person=person, start_date=D(2025, 7, 1))
    TargetFactory(year=2025, code="successful_entrepreneurs", value=10)
    metrics_compute(year=2025, as_of=D(2025, 12, 31))

    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/dashboard/?year=2025")
    cards = page.locator(".metric-card")
    assert cards.count() >= 24
    graduate = page.locator('.metric-card[data-code="clearance_graduate_rate"]')
    assert "33.3%" in graduate.inner_text()
    assert "数据截至 2025-12-31" in page.locator("#data-as-of").inner_text()
    for chart in ("chart-trend", "chart-worklist"):
        canvas = page.locator(f"#{chart} canvas")
        canvas.first.wait_for()
        drawn = page.evaluate(
            """(id) => { const c = document.querySelector('#' + id + ' canvas');
            const blank = document.createElement('canvas'); blank.width = c.width; blank.height = c.height;
            return c.width > 0 && c.height > 0 && c.toDataURL() !== blank.toDataURL(); }""",
            chart,
        )
        assert drawn, f"{chart} was not drawn"
    assert page.locator("#ranking-table tbody tr").count() == 2
    page.locator('#ranking-table button[data-sort="clearance_graduate_rate"]').click()
    assert page.locator("#ranking-table tbody tr").first.get_attribute("data-code") == "A01"  # 0.0 before 100.0
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "metrics-dashboard.png"), full_page=True)

    graduate.locator("a.metric-value").click()
    page.wait_for_load_state("networkidle")
    assert "/dashboard/drill/clearance_graduate_rate/" in page.url
    table = page.locator("#drill-table").inner_text()
    assert "毕业生0" in table and "毕业生1" in table and "毕业生2" not in table
    assert "********" in table  # masked ID numbers
    assert_accessible(page)

    response = page.request.get(f"{live_server.url}/dashboard/report/2025/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    for name in ("政策落实", "组织实施", "载体建设", "品牌打造", "氛围营造", "典型培育", "特色成效", "应届毕业生"):
        assert name in text, name


@pytest.mark.browser
@pytest.mark.celery_worker
def test_staff_record_an_employment_and_the_dashboard_card_changes_within_a_minute(
    page, live_server, use_real_worker, centre_user, area_a, settings
):  # type: ignore[no-untyped-def]
    """A worklist person finds work: centre staff record the employment in the person's page; the
    refresh goes through the real worker on the real Redis, and the open dashboard reloads itself
    with the new card, each card saying when it was computed."""
    import time

    from django.utils import timezone
    from playwright.sync_api import expect

    settings.METRICS_REFRESH_ON_EDIT, settings.METRICS_REFRESH_DEBOUNCE = True, 2
    today = timezone.localdate()
    person = PersonFactory(area=area_a, name="李待帮")
    MembershipFactory(
        person=person, group=TargetGroupMembership.Group.DIFFICULTY, start_date=today.replace(month=1, day=1)
    )
    metrics_compute(year=today.year, with_month_ends=False)

    page.set_default_timeout(30_000)  # the worker starting beside the live server slows the first pages
    login(page, live_server, "centre")
    page.goto(f"{live_server.url}/people/{person.pk}/employments/new/")
    page.locator('select[name="kind"]').select_option(index=1)
    page.locator('input[name="start_date"]').fill(today.isoformat())
    page.locator('input[name="employer"]').fill("祝桥航空配套有限公司")
    page.locator('form:has(input[name="start_date"]) button[type="submit"]').click()
    page.wait_for_load_state("networkidle")
    recorded = time.monotonic()

    page.goto(f"{live_server.url}/dashboard/")
    card = page.locator('.metric-card[data-code="clearance_difficulty_rate"]')
    expect(card).to_contain_text("100.0%", timeout=60_000)
    assert time.monotonic() - recorded < 60
    assert "计算于" in card.locator(".computed-at").inner_text()
    assert_accessible(page)
