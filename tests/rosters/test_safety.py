"""Safety of the import: zip bombs, files posing as workbooks, formulas never evaluated, size limit."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from jobseekers.models import Person
from rosters.models import ImportRun
from rosters.reading import UnreadableFile, check_workbook
from rosters.services import roster_import
from tests.factories.ids import id_number
from tests.factories.rosters import headers, write_workbook

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def zip_bomb(path: Path) -> Path:
    """A zip that looks like a workbook but inflates one member to 40 MB of zeros (ratio ~1000)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            block = b"0" * (1024 * 1024)
            for _ in range(40):
                member.write(block)
    return path


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 2 * 1024 * 1024
    with pytest.raises(UnreadableFile, match="疑似压缩炸弹"):
        check_workbook(bomb)
    with pytest.raises(UnreadableFile, match="疑似压缩炸弹"):
        roster_import(path=bomb)


def test_a_renamed_non_workbook_is_refused(tmp_path):
    fake = tmp_path / "名册.xlsx"
    fake.write_bytes(b"%PDF-1.7\n" + b"x" * 100)
    with pytest.raises(UnreadableFile, match="不是有效的 Excel 工作簿"):
        roster_import(path=fake)
    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8")
    with pytest.raises(UnreadableFile, match="不是有效的 Excel 工作簿"):
        roster_import(path=other_zip)
    old = tmp_path / "old.xlsx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    with pytest.raises(UnreadableFile, match="旧版 Excel"):
        roster_import(path=old)


def test_uploads_of_bombs_and_fakes_are_refused_with_a_message_and_not_stored(client_for, centre_user):
    client = client_for(centre_user)
    fake = SimpleUploadedFile("名册.xlsx", b"name,id\n" * 10, content_type=XLSX)
    response = client.post("/rosters/upload/", {"file": fake})
    assert response.status_code == 400
    assert "不是有效的 Excel 工作簿" in response.content.decode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (20 * 1024 * 1024))
    bomb = SimpleUploadedFile("bomb.xlsx", buffer.getvalue(), content_type=XLSX)
    response = client.post("/rosters/upload/", {"file": bomb})
    assert response.status_code == 400
    assert "疑似压缩炸弹" in response.content.decode()
    assert not ImportRun.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_upload_over_the_size_limit_is_refused(client_for, centre_user):
    big = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * 4096, content_type=XLSX)
    response = client_for(centre_user).post("/rosters/upload/", {"file": big})
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert not ImportRun.objects.exists()


def _replace_cell(path: Path, old: bytes, new: bytes) -> None:
    """Rewrite a cell of the first sheet's XML (to plant a formula with a cached value)."""
    source = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert old in data
                data = data.replace(old, new)
            dst.writestr(item, data)
    path.write_bytes(out.getvalue())


def test_formulas_are_never_evaluated_only_cached_values_are_read(tmp_path, area_a):
    number = id_number()
    path = write_workbook(
        tmp_path / "f.xlsx", {"persons": (headers("persons"), [[number, "PLACEHOLDER", None, "A01", None]])}
    )
    import openpyxl

    # A formula without a cached value reads as blank; one with a cached value reads as that value.
    workbook = openpyxl.load_workbook(path)
    workbook["人员"]["B2"] = '=CONCATENATE("王","五")'
    workbook.save(path)
    assert b"<f>CONCATENATE" in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")  # no cached value
    result = roster_import(path=path, dry_run=True)
    assert [str(e) for e in result.errors] == ["人员, 2, 姓名: 必填，不能为空。"]
    data = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    start = data.index(b'<c r="B2"')
    end = data.index(b"</c>", start) + 4
    _replace_cell(path, data[start:end], '<c r="B2" t="str"><f>WEBSERVICE("http://evil/")</f><v>王五</v></c>'.encode())
    result = roster_import(path=path)
    assert result.ok
    assert Person.objects.get().name == "王五"
