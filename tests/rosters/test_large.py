"""Rosters past the parallel threshold (sheets cleaned in worker processes) with every optional
column left out, through the command and the web flow; and what an import tells other apps.

These tests use no PostgreSQL-only feature: ``make test`` runs them on PostgreSQL (COPY) and
``make test-lite`` on SQLite (``bulk_create``), the ``make run`` default.
"""

from __future__ import annotations

import datetime
import pickle
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from cases.models import Case
from entrepreneurs.models import PolicyBenefit, Venture
from jobseekers.models import Employment, Household, Person, TargetGroupMembership, ZeroEmploymentCertification
from metrics.models import RecomputeRun, Target
from rosters.importing import engine
from rosters.importing.cells import ABSENT
from rosters.models import ImportRun
from rosters.schema import SHEETS
from rosters.services import roster_import
from tests.factories.ids import credit_code, id_number
from tests.factories.rosters import headers, write_workbook
from zhuqiao.models import Area
from zhuqiao.signals import roster_imported

pytestmark = pytest.mark.django_db

PERSONS = 40
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def required_only(sheet: str) -> list[str]:
    """The header of a sheet without any of its optional columns."""
    columns = next(s for s in SHEETS if s.key == sheet).columns
    return headers(sheet, only=[c.key for c in columns if c.required])


def lean_roster(tmp_path: Path, name: str = "lean.xlsx") -> dict[str, Any]:
    """A valid roster of every sheet, each without any optional column (服务个案 keeps 身份证号:
    one of 身份证号 and 统一社会信用代码 is needed on every row)."""
    people = [
        id_number(datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28), female=bool(i % 2)) for i in range(PERSONS)
    ]
    codes = [credit_code() for _ in range(3)]
    sheets = {
        "areas": (required_only("areas"), [["A01", "演示01村", "村"], ["A76", "新设村", "村"]]),
        "households": (required_only("households"), [[f"HL{i:03d}", "A01"] for i in range(10)]),
        "persons": (required_only("persons"), [[n, f"居民{i}", ("A01", "A76")[i % 2]] for i, n in enumerate(people)]),
        "zero_employment": (required_only("zero_employment"), [["HL001", "2025-02-01", "是"]]),
        "memberships": (required_only("memberships"), [[n, "登记失业人员", "2025-01-02", "是"] for n in people]),
        "employments": (required_only("employments"), [[n, "2025-03-01", "灵活就业"] for n in people[::2]]),
        "ventures": (
            required_only("ventures"),
            [[c, f"祝桥名册{i}号公司", "企业", "2025-04-01", "A01", "商贸", people[i]] for i, c in enumerate(codes)],
        ),
        "policy_benefits": (
            required_only("policy_benefits"),
            [[c, "名册大文件补贴", "区级", "2025-05-01"] for c in codes],
        ),
        "cases": (
            [*required_only("cases"), "身份证号"],
            [[f"ZQL-{i:04d}", "就业", "岗位推荐", "2025-05-10", n] for i, n in enumerate(people)],
        ),
        "targets": (required_only("targets"), [[2026, "successful_entrepreneurs", 50]]),
    }
    assert all("部门" not in header and "状态" not in header for header, _rows in sheets.values())
    return {"path": write_workbook(tmp_path / name, sheets), "people": people, "codes": codes}


@pytest.fixture
def past_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parallel threshold lowered below the test file's size: its sheets go to workers."""
    monkeypatch.setattr(engine, "PARALLEL_MIN_ROWS", PERSONS)
    assert engine.use_workers(PERSONS * 4)


def assert_all_imported(roster: dict[str, Any]) -> None:
    assert Person.objects.filter(name__startswith="居民").count() == PERSONS
    assert Area.objects.get(code="A76").persons.count() == PERSONS // 2
    assert Person.objects.filter(household__isnull=False).count() == 0
    assert Household.objects.filter(household_no__startswith="HL").count() == 10
    assert ZeroEmploymentCertification.objects.count() == 1
    assert TargetGroupMembership.objects.filter(end_date=None, willing=True).count() == PERSONS
    assert Employment.objects.filter(end_date=None, employer="").count() == PERSONS // 2
    assert Venture.objects.filter(credit_code__in=roster["codes"]).count() == 3
    assert PolicyBenefit.objects.filter(amount=None).count() == 3
    cases = Case.objects.filter(ref__startswith="ZQL-")
    assert cases.count() == PERSONS
    assert set(cases.values_list("department", "status", "outcome", "closed_on")) == {(None, Case.Status.NEW, "", None)}
    assert Target.objects.get(year=2026, code="successful_entrepreneurs").value == 50


def test_the_column_absent_marker_is_the_same_after_a_trip_through_another_process():
    assert pickle.loads(pickle.dumps(ABSENT)) is ABSENT  # noqa: S301
    assert pickle.loads(pickle.dumps((ABSENT, "x"), protocol=pickle.HIGHEST_PROTOCOL))[0] is ABSENT  # noqa: S301


def test_a_large_roster_without_optional_columns_imports_fully_through_the_command(
    tmp_path, past_threshold, area_a, capsys
):
    roster = lean_roster(tmp_path)
    call_command("import_rosters", str(roster["path"]))
    out = capsys.readouterr()
    assert "导入完成" in out.out and out.err == ""
    assert_all_imported(roster)
    again = roster_import(path=roster["path"])
    assert again.ok and again.totals()["created"] == 0 and again.totals()["updated"] == 0


def test_a_large_roster_without_optional_columns_imports_fully_through_the_web(
    tmp_path, past_threshold, client_for, centre_user, area_a
):
    roster = lean_roster(tmp_path)
    client = client_for(centre_user)
    response = client.post(
        "/rosters/upload/", {"file": SimpleUploadedFile("lean.xlsx", roster["path"].read_bytes(), XLSX)}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == ImportRun.Status.CHECKED, run.result.get("errors")
    assert run.result["totals"]["errors"] == 0
    client.post(f"/rosters/runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE, run.result.get("errors")
    assert_all_imported(roster)


def test_columns_left_out_of_a_large_roster_keep_the_stored_values(tmp_path, past_threshold, area_a, department):
    roster = lean_roster(tmp_path)
    assert roster_import(path=roster["path"]).written
    case = Case.objects.get(ref="ZQL-0003")
    Case.objects.filter(pk=case.pk).update(department=department, outcome="已推荐", status=Case.Status.CLOSED)
    person = Person.objects.get(id_number_hash=Person.hash_id_number(roster["people"][3]))
    person.phone = "13912345678"  # stored encrypted with its keyed hash
    person.save()
    again = roster_import(path=roster["path"])
    assert again.ok and again.totals()["updated"] == 0, [str(e) for e in again.errors]
    case.refresh_from_db()
    person.refresh_from_db()
    assert (case.department, case.outcome, case.status) == (department, "已推荐", Case.Status.CLOSED)
    assert person.phone == "13912345678"


def test_errors_found_by_the_workers_are_listed_and_nothing_is_written(tmp_path, past_threshold, area_a):
    roster = lean_roster(tmp_path)
    import openpyxl

    workbook = openpyxl.load_workbook(roster["path"])
    workbook["服务个案"].cell(row=30, column=4).value = "2025/05/10"
    workbook.save(roster["path"])
    result = roster_import(path=roster["path"])
    assert [str(e) for e in result.errors] == [
        "服务个案, 30, 受理日期: 日期格式应为 YYYY-MM-DD（如 2026-03-01），或使用 Excel 日期单元格。"
    ]
    assert not result.written
    assert not Person.objects.exists() and not Case.objects.exists() and not Area.objects.filter(code="A76").exists()


def test_an_import_queues_a_recompute_once_it_commits(tmp_path, area_a, django_capture_on_commit_callbacks):
    path = write_workbook(
        tmp_path / "p.xlsx", {"persons": (headers("persons"), [[id_number(), "张三", None, "A01", None]])}
    )
    with django_capture_on_commit_callbacks() as callbacks:
        assert roster_import(path=path).written
    assert not RecomputeRun.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    run = RecomputeRun.objects.get()
    assert (run.status, run.reason) == (RecomputeRun.Status.QUEUED, "import")


def test_roster_imported_is_sent_with_the_run_after_a_successful_import_only(
    tmp_path, client_for, centre_user, area_a, django_capture_on_commit_callbacks
):
    received: list[dict[str, Any]] = []

    def receiver(sender: Any, **kwargs: Any) -> None:
        received.append(kwargs)

    roster_imported.connect(receiver)
    try:
        client = client_for(centre_user)
        bad = write_workbook(
            tmp_path / "bad.xlsx", {"persons": (headers("persons"), [[id_number()[:-1], "李四", None, "A01", None]])}
        )
        good = write_workbook(
            tmp_path / "good.xlsx", {"persons": (headers("persons"), [[id_number(), "张三", None, "A01", None]])}
        )
        with django_capture_on_commit_callbacks(execute=True):
            assert not roster_import(path=bad).written
            client.post("/rosters/upload/", {"file": SimpleUploadedFile("good.xlsx", good.read_bytes(), XLSX)})
            run = ImportRun.objects.get()
            client.post(f"/rosters/runs/{run.pk}/confirm/")
    finally:
        roster_imported.disconnect(receiver)
    assert len(received) == 1
    assert received[0]["run"] == run and received[0]["user"] == centre_user
    assert received[0]["result"].counts()["persons"]["created"] == 1


@pytest.mark.postgres
def test_thousands_of_cases_go_in_through_copy_and_re_import_unchanged(tmp_path, area_a, department):
    number = id_number()
    rows = [
        [
            f"ZQC-{i:05d}",
            "就业",
            "岗位推荐",
            number,
            None,
            "2025-03-01",
            "2025-03-09" if i % 2 else None,
            "团委" if i % 3 == 0 else None,
            "已办结" if i % 2 else None,
            "已推荐" if i % 2 else None,
        ]
        for i in range(1200)
    ]
    path = write_workbook(
        tmp_path / "cases.xlsx",
        {
            "persons": (headers("persons"), [[number, "张三", None, "A01", None]]),
            "cases": (headers("cases"), rows),
        },
    )
    result = roster_import(path=path)
    assert result.ok and result.written, [str(e) for e in result.errors[:5]]
    cases = Case.objects.filter(ref__startswith="ZQC-")
    assert cases.count() == 1200 and cases.filter(person__area=area_a).count() == 1200
    assert cases.get(ref="ZQC-00003").department == department
    closed = cases.get(ref="ZQC-00001")
    assert (closed.status, closed.closed_on, closed.outcome) == (
        Case.Status.CLOSED,
        datetime.date(2025, 3, 9),
        "已推荐",
    )
    opened = cases.get(ref="ZQC-00002")
    assert (opened.status, opened.closed_on, opened.outcome, opened.department) == (Case.Status.NEW, None, "", None)
    assert opened.created_at is not None and opened.rating_code is None
    again = roster_import(path=path)
    assert again.totals() == {"created": 0, "updated": 0, "unchanged": 1201, "errors": 0}


def test_opening_a_streamed_workbook_without_a_dimension_tag_reads_only_the_head_of_each_sheet(tmp_path, monkeypatch):
    """openpyxl looked for <dimension> until the end of <sheetData>: every row of every sheet was
    parsed when a streamed workbook was opened, in the main process and again in each worker."""
    from openpyxl import Workbook
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    from rosters.reading import open_roster

    path = tmp_path / "streamed.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("家庭")
    sheet.append(["户号", "居村委编码"])
    for n in range(20_000):
        sheet.append([f"HS{n:06d}", "A01"])
    workbook.save(path)
    read: list[int] = []
    original = ReadOnlyWorksheet._get_source

    class Counting:
        def __init__(self, source: Any) -> None:
            self.source, self.count = source, 0

        def read(self, size: int = -1) -> bytes:
            data = self.source.read(size)
            self.count += len(data)
            return data

        def close(self) -> None:
            read.append(self.count)
            self.source.close()

    monkeypatch.setattr(ReadOnlyWorksheet, "_get_source", lambda self: Counting(original(self)))
    with open_roster(path) as roster:
        assert read and max(read) < 200_000  # the sheet's XML is over a megabyte
        source = roster.sources[0]
        assert source.estimated_rows > 10_000
        monkeypatch.undo()
        rows = list(source.rows)
    assert len(rows) == 20_001 and rows[-1] == (20_001, ("HS019999", "A01"))
