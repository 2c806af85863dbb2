"""Vacancies from an employer's sheet: all or nothing, idempotent, safe."""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from jobmatching.importing import vacancies_import
from jobmatching.models import Employer, Vacancy

HEADER = [
    "单位名称",
    "居村委编码",
    "岗位名称",
    "招聘人数",
    "月薪下限",
    "月薪上限",
    "工作时间",
    "最低学历",
    "开始招聘日期",
    "截止日期",
]


def workbook(tmp_path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "vacancies.xlsx"
    book.save(path)
    return path


GOOD = [
    ["祝桥智慧仓储", "A01", "仓库管理员", 3, 5000, 7000, "倒班", "高中/中专", datetime.date(2026, 6, 1), "2026-08-31"],
    ["祝桥智慧仓储", "A01", "叉车司机", 1, 6000, 8000, "全日制", "不限", "2026-06-01", None],
]


@pytest.mark.django_db
def test_a_good_sheet_creates_employers_and_vacancies_and_a_second_import_changes_nothing(
    tmp_path, area_a, centre_user
):
    path = workbook(tmp_path, GOOD)
    first = vacancies_import(path=path, by=centre_user)
    assert first.errors == [] and first.created == 2
    vacancy = Vacancy.objects.get(title="仓库管理员")
    assert (
        vacancy.hours == "shift"
        and vacancy.education_min == "senior"
        and vacancy.closes_on == datetime.date(2026, 8, 31)
    )
    assert Employer.objects.get().area == area_a
    second = vacancies_import(path=path, by=centre_user)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)


@pytest.mark.django_db
def test_a_changed_row_updates_its_vacancy_in_place(tmp_path, area_a, centre_user):
    vacancies_import(path=workbook(tmp_path, GOOD), by=centre_user)
    changed = [[*GOOD[0][:3], 5, *GOOD[0][4:]], GOOD[1]]
    result = vacancies_import(path=workbook(tmp_path, changed), by=centre_user)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Vacancy.objects.get(title="仓库管理员").posts == 5


@pytest.mark.django_db
def test_one_bad_row_writes_nothing_and_every_error_names_row_and_column(tmp_path, area_a, centre_user):
    rows = [
        *GOOD,
        ["祝桥智慧仓储", "Z99", "电工", 1, 9000, 6000, "夜班", "不限", "2026-13-01", None],
    ]
    result = vacancies_import(path=workbook(tmp_path, rows), by=centre_user)
    assert Vacancy.objects.count() == 0 and Employer.objects.count() == 0
    text = "\n".join(result.errors)
    assert "第 4 行，居村委编码：居村委编码不存在。" in text
    assert "第 4 行，工作时间" in text and "第 4 行，开始招聘日期" in text


@pytest.mark.django_db
def test_a_model_rule_refusing_a_row_writes_nothing(tmp_path, area_a, centre_user):
    rows = [*GOOD, ["祝桥智慧仓储", "A01", "电工", 1, 9000, 6000, "全日制", "不限", "2026-06-01", None]]
    result = vacancies_import(path=workbook(tmp_path, rows), by=centre_user)
    assert any("第 4 行" in error and "月薪上限不能低于下限" in error for error in result.errors)
    assert Vacancy.objects.count() == 0


@pytest.mark.django_db
def test_missing_columns_and_renamed_files_are_refused(tmp_path, area_a, centre_user):
    result = vacancies_import(path=workbook(tmp_path, [], header=["单位名称", "岗位名称", "备注"]), by=centre_user)
    assert any("缺少列" in error for error in result.errors) and any("备注" in error for error in result.errors)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"%PDF-1.4 not a workbook")
    assert vacancies_import(path=fake, by=centre_user).errors


@pytest.mark.django_db
def test_the_command_exits_non_zero_with_the_errors(tmp_path, area_a):
    path = workbook(tmp_path, [["单位", "Z99", "电工", 1, None, None, None, None, "2026-06-01", None]])
    with pytest.raises(CommandError, match="居村委编码不存在"):
        call_command("import_vacancies", str(path))
    call_command("import_vacancies", str(workbook(tmp_path, GOOD)))
    assert Vacancy.objects.count() == 2


@pytest.mark.django_db
def test_staff_upload_a_sheet_through_the_page(tmp_path, client_for, centre_user, leader_user, area_a):
    path = workbook(tmp_path, GOOD)
    assert client_for(leader_user).get("/jobs/vacancies/import/").status_code == 403
    client = client_for(centre_user)
    with path.open("rb") as handle:
        response = client.post("/jobs/vacancies/import/", {"workbook": handle})
    assert response.status_code == 302 and Vacancy.objects.count() == 2
