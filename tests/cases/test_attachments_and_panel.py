"""Attachments (limits, generated names, access control) and the subject panel's quick log."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Attachment, Case, FollowUp
from tests.factories.jobseekers import PersonFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _office(folder: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


def _upload(client, case, name: str, content: bytes):
    return client.post(f"/cases/{case.pk}/attachments/", {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("申请表.pdf", PDF),
        ("photo.PNG", PNG),
        ("证件照.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("合同.docx", _office("word")),
        ("名单.xlsx", _office("xl")),
    ],
)
def test_allowed_files_are_stored_under_generated_names(
    client_for, case_a, committee_user_a, media_root, name, content
):
    response = _upload(client_for(committee_user_a), case_a, name, content)
    assert response.status_code == 302
    attachment = Attachment.objects.get(case=case_a)
    assert attachment.original_name == name
    stored = Path(attachment.file.name)
    assert stored.parts[0] == "cases" and Path(name).stem not in stored.name and len(stored.stem) == 32
    assert (Path(media_root) / attachment.file.name).read_bytes() == content


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("script.exe", b"MZ\x90\x00", "只能上传"),
        ("page.html", b"<html></html>", "只能上传"),
        ("fake.pdf", b"<script>alert(1)</script>", "文件内容与扩展名不符"),
        ("fake.png", PDF, "文件内容与扩展名不符"),
        ("fake.docx", _office("xl"), "文件内容与扩展名不符"),
        ("zip.xlsx", b"PK\x03\x04garbage", "文件内容与扩展名不符"),
        ("noext", PDF, "只能上传"),
    ],
)
def test_wrong_types_are_refused_with_a_chinese_message(client_for, case_a, committee_user_a, name, content, message):
    response = _upload(client_for(committee_user_a), case_a, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_files_over_the_size_limit_are_refused(client_for, case_a, committee_user_a, settings, media_root):
    settings.UPLOAD_MAX_BYTES = 1024
    response = _upload(client_for(committee_user_a), case_a, "big.pdf", PDF + b"0" * 2000)
    assert response.status_code == 400 and "文件过大" in response.content.decode()
    assert not Attachment.objects.exists()
    assert not list(Path(media_root).rglob("*.pdf"))
    assert _upload(client_for(committee_user_a), case_a, "ok.pdf", PDF).status_code == 302


def test_attachments_are_served_only_to_users_who_may_see_the_case(
    client, client_for, case_a, committee_user_a, committee_user_b, department_user, other_department_user
):
    _upload(client_for(committee_user_a), case_a, "申请表.pdf", PDF)
    attachment = Attachment.objects.get()
    url = f"/cases/attachments/{attachment.pk}/"
    for allowed in (committee_user_a, department_user):
        response = client_for(allowed).get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
    for refused in (committee_user_b, other_department_user):
        assert client_for(refused).get(url).status_code == 404
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client_for(committee_user_b).post(f"/cases/{case_a.pk}/attachments/", {}).status_code == 404
    assert client_for(committee_user_a).get("/cases/attachments/999999/").status_code == 404


def test_subject_panel_lists_cases_and_quick_logs_a_consultation(client_for, committee_user_a, person_a, job_matching):
    client = client_for(committee_user_a)
    panel = client.get(f"/cases/panel/?person={person_a.pk}", headers={"HX-Request": "true"})
    assert panel.status_code == 200
    body = panel.content.decode()
    assert "<html" not in body and "快速登记" in body and "暂无个案" in body
    logged = client.post(
        f"/cases/panel/?person={person_a.pk}",
        {"service": job_matching.pk, "note": "想找物流仓储岗位，已推荐两家企业", "department": ""},
        headers={"HX-Request": "true"},
    )
    assert logged.status_code == 200
    case = Case.objects.get(person=person_a)
    assert case.ref in logged.content.decode() and "已登记个案" in logged.content.decode()
    assert case.owner == committee_user_a and case.service == job_matching
    assert case.department is None  # logged by the committee: it handles the case until it refers it
    assert FollowUp.objects.get(case=case).note == "想找物流仓储岗位，已推荐两家企业"


def test_quick_log_by_centre_staff_goes_to_the_services_default_department(
    client_for, centre_user, person_a, diagnosis
):
    client_for(centre_user).post(f"/cases/panel/?person={person_a.pk}", {"service": diagnosis.pk, "note": "开业咨询"})
    assert Case.objects.get(person=person_a).department.code == "market_supervision"


def test_quick_log_with_bad_input_says_why_and_stores_nothing(client_for, committee_user_a, person_a):
    response = client_for(committee_user_a).post(f"/cases/panel/?person={person_a.pk}", {"service": "999", "note": ""})
    assert response.status_code == 400
    body = response.content.decode()
    assert "这个字段是必填项" in body or "必填" in body
    assert not Case.objects.exists()


def test_panel_for_a_venture_and_outside_scope(client_for, committee_user_a, committee_user_b, venture_a, diagnosis):
    client = client_for(committee_user_a)
    client.post(f"/cases/panel/?venture={venture_a.pk}", {"service": diagnosis.pk, "note": "开业前咨询"})
    assert Case.objects.get().venture == venture_a
    assert client_for(committee_user_b).get(f"/cases/panel/?venture={venture_a.pk}").status_code == 404
    assert client_for(committee_user_b).post(f"/cases/panel/?venture={venture_a.pk}", {"note": "x"}).status_code == 404
    assert client.get("/cases/panel/").status_code == 404
    assert client.get("/cases/panel/?person=abc").status_code == 404


def test_new_case_page_finds_subjects_in_scope_only(client_for, committee_user_a, person_a, area_b):
    PersonFactory(name="张三丰", area=area_b)
    page = client_for(committee_user_a).get("/cases/new/?q=张")
    assert page.status_code == 200
    assert [p.pk for p in page.context["persons"]] == [person_a.pk]
    detail = client_for(committee_user_a).get(f"/cases/new/?person={person_a.pk}")
    assert f"/cases/panel/?person={person_a.pk}" in detail.content.decode()
