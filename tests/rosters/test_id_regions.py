"""ID numbers whose region code never existed (issue 15, point 3): the roster import follows the
rule of the forms and the API. Such a number is not an error but a warning in the check report,
on the command line and on the page where staff confirm; the confirmed import stores the row. A
code created after the birth (310115 Pudong from 1993, 310225 former Nanhui) is simply valid."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from jobseekers.models import Person
from rosters.importing import engine
from rosters.importing.result import ImportResult
from rosters.models import ImportRun
from rosters.services import roster_import
from tests.factories.ids import id_number
from tests.factories.rosters import headers, write_workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WARNING = "身份证号地区代码（前六位）从未设立，请核对原件后再确认导入。"


def never_existed() -> str:
    return id_number(datetime.date(1988, 4, 12), region="319999")  # 319999 was never a division code


def persons_file(tmp_path: Path, numbers: list[str], name: str = "regions.xlsx") -> Path:
    rows = [[number, f"居民{i}", None, "A01", None] for i, number in enumerate(numbers)]
    return write_workbook(tmp_path / name, {"persons": (headers("persons"), rows)})


def stored(number: str) -> bool:
    return Person.objects.filter(id_number_hash=Person.hash_id_number(number)).exists()


def test_the_dry_run_command_prints_a_never_existing_region_code_as_a_warning_and_exits_0(tmp_path, area_a, capsys):
    unknown = never_existed()
    path = persons_file(tmp_path, [id_number(), unknown])
    call_command("import_rosters", str(path), "--dry-run")  # a SystemExit(1) would fail the test
    out = capsys.readouterr()
    assert f"人员, 3, 身份证号: {WARNING}" in out.out
    assert "1 处提醒" in out.out and "校验通过" in out.out
    assert out.err == ""
    assert not stored(unknown)


def test_the_command_imports_the_row_with_the_warning_and_a_second_import_does_not_warn_again(tmp_path, area_a, capsys):
    unknown = never_existed()
    path = persons_file(tmp_path, [unknown])
    call_command("import_rosters", str(path))
    assert WARNING in capsys.readouterr().out
    assert stored(unknown)
    again = roster_import(path=path, dry_run=True)
    assert again.ok and again.warnings == [] and again.totals()["unchanged"] == 1


def test_pre_1993_pudong_and_former_nanhui_numbers_import_without_a_warning(tmp_path, area_a, capsys):
    pudong = id_number(datetime.date(1990, 1, 1), region="310115")
    nanhui = id_number(datetime.date(1975, 6, 30), region="310225")
    path = persons_file(tmp_path, [pudong, nanhui])
    call_command("import_rosters", str(path))
    out = capsys.readouterr()
    assert "提醒 0" in out.out and "提醒（" not in out.out and out.err == ""
    assert stored(pudong) and stored(nanhui)


def test_the_check_page_lists_the_warning_and_confirming_imports_the_row(tmp_path, client_for, centre_user, area_a):
    unknown = never_existed()
    path = persons_file(tmp_path, [id_number(), unknown])
    client = client_for(centre_user)
    client.post("/rosters/upload/", {"file": SimpleUploadedFile(path.name, path.read_bytes(), XLSX)})
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.CHECKED, run.result.get("errors")
    assert run.result["warning_count"] == 1
    page = client.get(f"/rosters/runs/{run.pk}/").content.decode()
    assert 'id="warning-list"' in page and WARNING in page
    assert "<td>人员</td><td>3</td><td>身份证号</td>" in page
    assert 'id="confirm-import"' in page
    assert not stored(unknown)
    client.post(f"/rosters/runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert stored(unknown) and Person.objects.count() == 2


def test_a_roster_past_the_parallel_threshold_still_carries_the_warning(tmp_path, monkeypatch, area_a):
    numbers = [id_number(datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)) for i in range(40)]
    unknown = never_existed()
    numbers[25] = unknown
    monkeypatch.setattr(engine, "PARALLEL_MIN_ROWS", 40)
    assert engine.use_workers(len(numbers))
    path = persons_file(tmp_path, numbers, name="large.xlsx")
    checked = roster_import(path=path, dry_run=True)
    assert checked.ok
    assert [(w.sheet, w.row, w.column, w.message) for w in checked.warnings] == [("人员", 27, "身份证号", WARNING)]
    assert checked.sheets[0].warnings == 1
    assert ImportResult.from_json(checked.to_json()).warnings == checked.warnings
    written = roster_import(path=path)
    assert written.written and len(written.warnings) == 1
    assert stored(unknown) and Person.objects.count() == 40
