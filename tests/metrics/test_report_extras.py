"""The annual report grown up: signed figures and unsigned months, the per-committee table, the
scorecards, satisfaction (or its pending note), the expected score and the signature block; the
same in the Excel workbook; the PDF stays text with the CJK font embedded."""

from __future__ import annotations

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from jobseekers.models import Person
from metrics.models import ScoringRule
from metrics.services import metrics_compute
from metrics.signoff import signoff_sign
from tests.factories.jobseekers import EmploymentFactory
from tests.factories.metrics import TargetFactory
from tests.metrics.test_pages_and_api import NOW, seed

pytestmark = pytest.mark.django_db

D = datetime.date
LATER = datetime.datetime(2025, 7, 10, 2, 0, tzinfo=datetime.UTC)


@pytest.fixture
def report_data(area_a, area_b, centre_user):  # type: ignore[no-untyped-def]
    seed(area_a, area_b)
    TargetFactory(year=2025, code="successful_entrepreneurs", area=area_a, value=2)
    TargetFactory(year=2025, code="clearance_graduate_rate", area=area_a, value=80)
    ScoringRule.objects.create(
        code="clearance_graduate_rate", indicator=0, max_points=8, method="thresholds", thresholds=[[60, 5], [90, 8]]
    )
    with time_machine.travel(NOW, tick=False):
        june = metrics_compute(year=2025, as_of=D(2025, 6, 30), with_month_ends=False)
    signoff_sign(snapshot=june, area=None, user=centre_user)
    # after the sign-off the A01 graduate finds a job and the year is recomputed: the report keeps
    # the signed 66.7 %
    EmploymentFactory(person=Person.objects.get(name="毕业生A011"), start_date=D(2025, 7, 2))
    with time_machine.travel(LATER, tick=False):
        metrics_compute(year=2025, with_month_ends=False)
    return june


def _pdf_text(content: bytes) -> tuple[str, bool]:
    reader = PdfReader(io.BytesIO(content))
    text = "".join(page.extract_text() for page in reader.pages)
    embedded = False
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendants = [f.get_object() for f in font.get("/DescendantFonts", [])] or [font]
            for one in descendants:
                descriptor = one.get("/FontDescriptor")
                if descriptor is not None and any(
                    key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
                ):
                    embedded = True
    return text, embedded


def test_the_report_uses_signed_figures_and_names_the_unsigned_months(report_data, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER, tick=False):
        html = client_for(leader_user).get(reverse("metrics:report", args=[2025])).content.decode()
    assert "本报告采用 2025-06-30 月末已确认数据" in html
    assert "尚未确认的月份：1月、2月、3月、4月、5月" in html
    assert "66.7%" in html  # the signed town graduate rate, not the recomputed 100.0 %
    # per committee: A01 has 2 graduates, 1 employed, 50.0 %, and its own targets
    assert "A01" in html and "50.0%" in html
    assert 'class="band-behind" data-code="clearance_graduate_rate"' in html  # 50.0 of 80: 62.5 %
    assert 'id="report-satisfaction"' in html  # the satisfaction codes of the snapshot
    assert 'id="report-score"' in html and "编制人" in html and "中心负责人" in html
    assert ' style="' not in html


def test_the_workbook_carries_the_same_sheets(report_data, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER, tick=False):
        content = client_for(leader_user).get(reverse("metrics:report_xlsx", args=[2025])).content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == [
        "评估指标",
        "清零目标",
        "佐证材料",
        "居村委明细",
        "居村委计分卡",
        "部门计分卡",
        "工作满意度",
        "预计得分",
        "确认与签字",
    ]
    committees = {row[0]: row for row in book["居村委明细"].iter_rows(min_row=2, values_only=True)}
    # code, name, policy ventures, successful, target, completion, then base/done/rate per goal
    assert committees["A01"][2:6] == (1, 0, 2, 0.0)
    assert committees["A01"][6 + 3 * 2 : 6 + 3 * 3] == (2, 1, 50.0)  # graduates
    score = list(book["预计得分"].values)
    assert score[1][4] == 5.0  # 66.7 % reaches the 60 step: 5 points
    assert "1月" in str(list(book["确认与签字"].values))


def test_the_pdf_stays_text_with_the_cjk_font_embedded(report_data, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(LATER, tick=False):
        response = client_for(leader_user).get(reverse("metrics:report_pdf", args=[2025]))
    text, embedded = _pdf_text(response.content)
    for phrase in ("居村委明细", "计分卡", "工作满意度", "预计得分", "编制人", "尚未确认的月份"):
        assert phrase in text, phrase
    assert embedded
