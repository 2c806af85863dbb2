"""A real Chromium: centre staff download the blank template, fill it with a mistake, see the
mistake at its sheet, row and column, fix it, upload again and confirm the import."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from jobseekers.models import Person
from rosters.models import ImportRun
from tests.browser import assert_accessible, login
from tests.factories.ids import id_number

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.browser
def test_centre_staff_download_fill_fix_and_confirm_a_roster(page, live_server, centre_user, area_a, tmp_path):
    login(page, live_server, "centre")
    page.goto(f"{live_server.url}/rosters/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.click("text=下载空白模板（.xlsx）")
    template = tmp_path / "template.xlsx"
    download_info.value.save_as(template)

    good, bad = id_number(), id_number()[:-1] + "Q"
    workbook = openpyxl.load_workbook(template)
    workbook["人员"].append([good, "张伟", "13912345678", "A01", "H-100"])
    workbook["人员"].append([bad, "李娜", None, "A01", "H-100"])
    workbook["人员类别"].append([good, "登记失业人员", "2026-01-05", None, "是"])
    filled = tmp_path / "祝桥名册.xlsx"
    workbook.save(filled)

    page.set_input_files("input[type=file]", str(filled))
    page.click("button:has-text('上传并校验')")
    page.wait_for_selector("#error-list")
    assert page.locator("#run-status").inner_text() == "有错误，未导入"
    cells = page.locator("#error-list tbody tr").first.locator("td").all_inner_texts()
    assert cells == ["人员", "4", "身份证号", "身份证号只能由数字组成，最后一位可以是X。"]
    assert page.locator("#confirm-import").count() == 0
    assert_accessible(page)
    assert Person.objects.count() == 0

    workbook = openpyxl.load_workbook(filled)
    workbook["人员"]["A4"] = id_number()
    workbook.save(filled)
    page.click("a:has-text('重新上传')")
    page.set_input_files("input[type=file]", str(filled))
    page.click("button:has-text('上传并校验')")
    page.wait_for_selector("#confirm-import")
    summary = page.locator("#sheet-summary tbody tr").all_inner_texts()
    assert any(row.split("\t")[:3] == ["人员", "2", "2"] for row in summary)
    page.click("#confirm-import")
    page.wait_for_selector("text=已全部导入")
    assert page.locator("#run-status").inner_text() == "已导入"
    assert_accessible(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "rosters-import-done.png"), full_page=True)
    assert Person.objects.count() == 2
    assert ImportRun.objects.filter(status=ImportRun.Status.DONE).count() == 1
