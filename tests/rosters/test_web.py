"""The web flow: upload, preview with every error, confirm; who may do it; the blank template."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jobseekers.models import Person
from rosters.models import ImportRun
from tests.factories.ids import id_number
from tests.factories.rosters import headers, write_workbook
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, path: Path):
    return client.post("/rosters/upload/", {"file": SimpleUploadedFile(path.name, path.read_bytes(), XLSX)})


def persons_file(tmp_path: Path, rows, name="p.xlsx") -> Path:
    return write_workbook(tmp_path / name, {"persons": (headers("persons"), rows)})


def test_centre_staff_upload_see_the_preview_and_confirm(tmp_path, client_for, centre_user, area_a):
    client = client_for(centre_user)
    path = persons_file(
        tmp_path, [[id_number(), "张三", "13912345678", "A01", None], [id_number(), "李四", None, "A01", None]]
    )
    response = upload(client, path)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rosters/runs/{run.pk}/"
    assert run.status == ImportRun.Status.CHECKED and run.created_by == centre_user
    page = client.get(f"/rosters/runs/{run.pk}/").content.decode()
    assert "校验通过" in page and "确认导入" in page
    stored = Path(run.file.path)
    assert stored.exists()
    assert Person.objects.count() == 0  # the preview writes nothing
    response = client.post(f"/rosters/runs/{run.pk}/confirm/")
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert Person.objects.count() == 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT, actor=centre_user).count() == 1
    assert not run.file and not stored.exists()  # the uploaded roster is not kept once imported
    # A second confirmation (double click, reload) imports nothing more.
    client.post(f"/rosters/runs/{run.pk}/confirm/")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1


def test_the_preview_lists_every_error_with_sheet_row_and_column(tmp_path, client_for, centre_user, area_a):
    client = client_for(centre_user)
    path = persons_file(
        tmp_path, [[id_number(), "张三", None, "A01", None], [id_number()[:-1], "李四", None, "A01", None]]
    )
    upload(client, path)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID
    page = client.get(run.get_absolute_url()).content.decode()
    assert "<td>人员</td><td>3</td><td>身份证号</td><td>身份证号应为18位，当前为17位。</td>" in page
    assert "确认导入" not in page
    assert client.post(f"/rosters/runs/{run.pk}/confirm/").status_code == 302
    assert Person.objects.count() == 0


def test_the_status_fragment_polls_only_while_working(tmp_path, client_for, centre_user, area_a):
    client = client_for(centre_user)
    upload(client, persons_file(tmp_path, [[id_number(), "张三", None, "A01", None]]))
    run = ImportRun.objects.get()
    fragment = client.get(f"/rosters/runs/{run.pk}/status/").content.decode()
    assert fragment.lstrip().startswith('<div id="run-body"') and "hx-trigger" not in fragment
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.IMPORTING, progress=40)
    fragment = client.get(f"/rosters/runs/{run.pk}/status/").content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'data-progress="40"' in fragment


def test_committee_staff_see_errors_for_rows_of_other_committees(tmp_path, client_for, committee_user_a, area_b):
    client = client_for(committee_user_a)
    upload(
        client,
        persons_file(tmp_path, [[id_number(), "张三", None, "A01", None], [id_number(), "李四", None, "A02", None]]),
    )
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.INVALID and run.area == committee_user_a.area
    assert "不属于本居村委的数据，无权导入。" in client.get(run.get_absolute_url()).content.decode()


def test_committee_staff_of_another_committee_get_404_for_a_run(
    tmp_path, client_for, committee_user_a, committee_user_b
):
    upload(client_for(committee_user_a), persons_file(tmp_path, [[id_number(), "张三", None, "A01", None]]))
    run = ImportRun.objects.get()
    other = client_for(committee_user_b)
    assert other.get(run.get_absolute_url()).status_code == 404
    assert other.post(f"/rosters/runs/{run.pk}/confirm/").status_code == 404
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.PERMISSION_DENIED, object_type="rosters.importrun"
    ).exists()
    assert Person.objects.count() == 0


@pytest.mark.parametrize("persona", ["leader_user", "department_user"])
def test_leaders_and_departments_cannot_import(request, client_for, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/rosters/").status_code == 403
    assert client.get("/rosters/template.xlsx").status_code == 403


def test_the_upload_page_lists_only_runs_of_the_users_scope(
    tmp_path, client_for, centre_user, committee_user_a, committee_user_b
):
    upload(
        client_for(committee_user_a), persons_file(tmp_path, [[id_number(), "张三", None, "A01", None]], "a01名册.xlsx")
    )
    assert "a01名册.xlsx" in client_for(centre_user).get("/rosters/").content.decode()
    assert "a01名册.xlsx" not in client_for(committee_user_b).get("/rosters/").content.decode()


def test_the_nav_shows_the_import_to_centre_and_committee_only(client_for, centre_user, committee_user_a, leader_user):
    assert 'href="/rosters/"' in client_for(centre_user).get("/").content.decode()
    assert 'href="/rosters/"' in client_for(committee_user_a).get("/").content.decode()
    assert 'href="/rosters/"' not in client_for(leader_user).get("/").content.decode()


def test_the_blank_template_has_chinese_headers_a_notes_row_and_drop_down_lists(client_for, centre_user):
    response = client_for(centre_user).get("/rosters/template.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["居村委", "家庭", "人员"]
    persons = workbook["人员"]
    assert [c.value for c in persons[1]] == ["身份证号", "姓名", "手机号", "居村委编码", "户号"]
    assert all(str(c.value).startswith("说明：") for c in persons[2])
    memberships = workbook["人员类别"]
    lists = {dv.formula1 for dv in memberships.data_validations.dataValidation}
    assert '"就业困难人员,登记失业人员,应届毕业生,退役军人,新退工人员"' in lists
    assert '"是,否"' in lists


def test_upload_of_a_wrong_kind_of_file_is_refused_with_a_message(client_for, centre_user):
    response = client_for(centre_user).post(
        "/rosters/upload/", {"file": SimpleUploadedFile("名册.pdf", b"%PDF-1.4", "application/pdf")}
    )
    assert response.status_code == 400 and "请上传 .xlsx 工作簿或 .csv 文件。" in response.content.decode()


def test_a_single_csv_file_named_after_its_sheet_can_be_uploaded(client_for, centre_user, area_a):
    data = ("\ufeff身份证号,姓名,手机号,居村委编码,户号\n" + f"{id_number()},张三,,A01,\n").encode()
    response = client_for(centre_user).post(
        "/rosters/upload/", {"file": SimpleUploadedFile("人员.csv", data, "text/csv")}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.status == ImportRun.Status.CHECKED
    assert run.result["sheets"][0]["created"] == 1


def _wait_for(run: ImportRun, status: str, seconds: float = 90) -> None:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status == status:
            return
        time.sleep(0.3)
    raise AssertionError(f"run stayed {run.status}, expected {status}")


@pytest.mark.celery_worker
def test_large_files_are_checked_and_imported_by_the_worker(
    use_real_worker, client_for, centre_user, area_a, tmp_path, monkeypatch
):
    from rosters import services

    monkeypatch.setattr(services, "SYNC_CHECK_MAX_BYTES", 0)
    client = client_for(centre_user)
    path = persons_file(tmp_path, [[id_number(), f"居民{i}", None, "A01", None] for i in range(50)])
    response = upload(client, path)
    run = ImportRun.objects.get()
    assert response.status_code == 302
    page = client.get(run.get_absolute_url()).content.decode()
    assert run.is_working or "确认导入" in page
    _wait_for(run, ImportRun.Status.CHECKED)
    assert "确认导入" in client.get(f"/rosters/runs/{run.pk}/status/").content.decode()
    client.post(f"/rosters/runs/{run.pk}/confirm/")
    _wait_for(run, ImportRun.Status.DONE)
    assert Person.objects.count() == 50
    assert run.result["totals"]["created"] == 50


def test_the_import_page_queries_do_not_grow_with_the_history(client_for, centre_user, django_assert_max_num_queries):
    for n in range(25):
        ImportRun.objects.create(created_by=centre_user, original_name=f"名册{n}.xlsx", status=ImportRun.Status.DONE)
    client = client_for(centre_user)
    with django_assert_max_num_queries(12):
        response = client.get("/rosters/")
    assert response.status_code == 200 and "名册24.xlsx" in response.content.decode()
