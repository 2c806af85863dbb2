"""The committee ranking is a table, not a chart of 74 two-pixel bars: one row per committee,
rendered by the server (readable without JavaScript), each figure with an inline bar, every
column sortable from a button in its header; the trend chart's legend sits clear of its axis."""

from __future__ import annotations

import datetime
import re

import pytest

from jobseekers.models import TargetGroupMembership
from metrics.dashboard import build_dashboard
from metrics.services import metrics_compute
from tests.browser import assert_accessible, login
from tests.factories import AreaFactory
from tests.factories.entrepreneurs import PolicyBenefitFactory, VentureFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory

D = datetime.date
YEAR = 2025


def _town(areas, *, ventures_per_area: dict[str, int]) -> None:
    for area in areas:
        for n in range(ventures_per_area.get(area.code, 0)):
            PolicyBenefitFactory(venture=VentureFactory(area=area), granted_on=D(YEAR, 3, 1 + n))
    metrics_compute(year=YEAR, as_of=D(YEAR, 12, 31))


@pytest.mark.django_db
def test_the_ranking_rows_carry_bars_against_the_column_maximum_or_100_percent(area_a, area_b):
    area_c = AreaFactory(code="A03", name="演示03村")
    for index, area in enumerate((area_a, area_a, area_b)):
        person = PersonFactory(area=area)
        MembershipFactory(person=person, group=TargetGroupMembership.Group.GRADUATE, start_date=D(YEAR, 6, 20))
        if index == 2:
            EmploymentFactory(person=person, start_date=D(YEAR, 7, 1))
    _town([area_a, area_b, area_c], ventures_per_area={"A01": 4, "A02": 1})
    from metrics import selectors

    board = build_dashboard(snapshot=selectors.snapshot_current(year=YEAR), area=None, area_ids=None)
    rows = {row["code"]: {cell["code"]: cell for cell in row["cells"]} for row in board.ranking}
    assert list(rows) == ["A01", "A02", "A03"]
    assert rows["A01"]["policy_ventures"]["bar"] == 100.0  # the largest count fills the bar
    assert rows["A02"]["policy_ventures"]["bar"] == 25.0
    assert rows["A03"]["policy_ventures"]["bar"] == 0.0
    assert rows["A02"]["clearance_graduate_rate"] == {
        "code": "clearance_graduate_rate",
        "value": 100.0,
        "unit": "%",
        "bar": 100.0,
    }
    assert rows["A01"]["clearance_graduate_rate"]["bar"] == 0.0
    assert rows["A03"]["clearance_graduate_rate"]["value"] is None  # no base: no rate, an empty bar
    assert rows["A03"]["clearance_graduate_rate"]["bar"] == 0.0


@pytest.mark.django_db
def test_the_dashboard_renders_the_ranking_table_on_the_server_without_a_ranking_chart(
    client_for, leader_user, area_a, area_b
):
    _town([area_a, area_b], ventures_per_area={"A02": 2})
    html = client_for(leader_user).get("/dashboard/", {"year": YEAR}).content.decode()
    assert 'id="chart-ranking"' not in html and 'id="ranking-code"' not in html
    table = html[html.index('id="ranking-table"') : html.index("</table>", html.index('id="ranking-table"'))]
    rows = re.findall(r'<tr data-code="([^"]+)">', table)
    assert rows == ["A01", "A02"]
    assert f'href="?year={YEAR}&amp;as_of={YEAR}-12-31&amp;area=A02">A02 演示02村</a>' in table
    assert '<td data-code="policy_ventures" data-value="2">' in table
    assert 'class="rank-bar-fill" data-progress="100.0"' in table
    assert '<th scope="col" aria-sort="ascending"><button type="button"' in table  # committee order
    assert " style=" not in html


@pytest.mark.browser
def test_all_74_committees_are_in_a_table_sorted_by_clicking_or_pressing_a_column_header(
    page, live_server, leader_user, area_a, area_b
):
    areas = [area_a, area_b] + [AreaFactory(code=f"A{n:02d}", name=f"演示{n:02d}村") for n in range(3, 75)]
    _town(areas, ventures_per_area={"A05": 3, "A17": 2, "A40": 1})

    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/dashboard/?year={YEAR}")
    rows = page.locator("#ranking-table tbody tr")
    assert rows.count() == 74
    assert page.locator("#chart-ranking").count() == 0

    def order() -> list[str]:
        return page.eval_on_selector_all("#ranking-table tbody tr", "rows => rows.map(r => r.dataset.code)")

    assert order()[:3] == ["A01", "A02", "A03"]
    button = page.locator('#ranking-table button[data-sort="policy_ventures"]')
    header = page.locator('#ranking-table th:has(button[data-sort="policy_ventures"])')
    button.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert order()[-3:] == ["A40", "A17", "A05"]
    button.focus()
    page.keyboard.press("Enter")  # a real button: the keyboard sorts too
    assert header.get_attribute("aria-sort") == "descending"
    assert order()[:4] == ["A05", "A17", "A40", "A01"]  # ties keep committee order
    assert page.locator('#ranking-table th:has(button[data-sort="code"])').get_attribute("aria-sort") is None

    # The bars were painted from data-progress: A05's is full, A17's two thirds of it.
    def width(selector: str) -> float:
        return page.locator(selector).evaluate("e => e.getBoundingClientRect().width")

    cell = '#ranking-table tr[data-code="{}"] td[data-code="policy_ventures"] {}'
    full, two_thirds = width(cell.format("A05", ".rank-bar-fill")), width(cell.format("A17", ".rank-bar-fill"))
    track = width(cell.format("A17", ".rank-bar"))
    assert full == pytest.approx(track, abs=1) and two_thirds == pytest.approx(track * 2 / 3, abs=1.5)

    # A committee's name opens its own dashboard.
    page.locator('#ranking-table tr[data-code="A05"] th a').click()
    page.wait_for_load_state("networkidle")
    assert "area=A05" in page.url and "演示05村" in page.locator("h1").inner_text()


@pytest.mark.browser
def test_the_trend_legend_sits_below_the_axis_labels_without_overlapping_them(page, live_server, leader_user, area_a):
    _town([area_a], ventures_per_area={"A01": 2})
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/dashboard/?year={YEAR}")
    page.locator("#chart-trend canvas").first.wait_for()
    layout = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('chart-trend'));
            const option = chart.getOption();
            const model = chart.getModel();
            const grid = model.getComponent('grid').coordinateSystem.getRect();
            const legendView = chart.getViewOfComponentModel(model.getComponent('legend'));
            const legend = legendView.group.getBoundingRect().clone();
            legend.applyTransform(legendView.group.getLocalTransform());
            const axisView = chart.getViewOfComponentModel(model.getComponent('xAxis'));
            const axis = axisView.group.getBoundingRect().clone();
            axis.applyTransform(axisView.group.getLocalTransform());
            return {legendBottom: option.legend[0].bottom, containLabel: option.grid[0].containLabel,
                    gridBottom: grid.y + grid.height, axisBottom: axis.y + axis.height, legendTop: legend.y,
                    height: chart.getHeight()};
        }"""
    )
    assert layout["legendBottom"] == 0 and layout["containLabel"] is True
    assert layout["axisBottom"] > layout["gridBottom"]  # the month labels are drawn below the plot
    assert layout["legendTop"] >= layout["axisBottom"], layout  # and the legend below them
    assert layout["legendTop"] < layout["height"]
    assert_accessible(page)
