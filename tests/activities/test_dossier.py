"""The evidence dossier: completeness of a seeded year, the zip's contents, what is missing."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from activities import demo, dossier, services
from activities.models import Attachment, Evidence
from tests.factories.activities import ActivityFactory, EvidenceFactory, pdf_upload, png_upload
from zhuqiao import demo as core_demo
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> None:
    core_demo.load()
    demo.load()


def _last_year() -> int:
    """The demo's complete dossier is last year's (its dates are relative to today)."""
    return timezone.localdate().year - 1


def failing(items):
    return [item.label for item in items if not item.ok]


def test_the_demo_seeded_dossier_of_last_year_is_complete(seeded):
    items = dossier.dossier_checklist(_last_year())
    assert failing(items) == []
    assert dossier.is_complete(items)
    assert {item.indicator for item in items} >= set(range(1, 8))


def test_the_demo_is_idempotent(seeded):
    counts = (Evidence.objects.count(), Attachment.objects.count())
    demo.load()
    assert (Evidence.objects.count(), Attachment.objects.count()) == counts


def test_removing_the_years_joint_meetings_makes_the_dossier_incomplete_and_says_what_is_missing(seeded):
    Evidence.objects.filter(year=_last_year(), kind=Evidence.Kind.JOINT_MEETING).delete()
    assert failing(dossier.dossier_checklist(_last_year())) == ["有联席会议记录"]


def test_a_meeting_without_minutes_and_an_activity_without_photo_are_reported(seeded):
    meeting = Evidence.objects.filter(year=_last_year(), kind=Evidence.Kind.LEADING_GROUP_MEETING).first()
    Evidence.objects.filter(pk=meeting.pk).update(minutes="")
    activity = ActivityFactory(held_on=datetime.date(_last_year(), 6, 1), title="无照片的活动")
    items = {item.label: item for item in dossier.dossier_checklist(_last_year())}
    assert not items["会议均有参会人员和纪要"].ok and meeting.title in items["会议均有参会人员和纪要"].detail
    assert not items["活动均有照片"].ok and activity.title in items["活动均有照片"].detail


def test_an_empty_year_lists_every_indicator_as_missing():
    missing = failing(dossier.dossier_checklist(2031))
    for indicator in Evidence.Indicator:
        assert f"{indicator.label} 有佐证材料" in missing


def test_the_zip_holds_every_file_an_index_html_and_an_index_pdf(client_for, centre_user):
    evidence = EvidenceFactory(year=2026, indicator=2, kind=Evidence.Kind.RULE, title="创建工作方案")
    services.attachment_add(owner=evidence, upload=pdf_upload("工作方案.pdf"))
    activity = ActivityFactory(held_on=datetime.date(2026, 5, 1), title="青年专场招聘会")
    photo = services.attachment_add(owner=activity, upload=png_upload("招聘会.png"))
    ActivityFactory(held_on=datetime.date(2025, 5, 1), title="去年的活动")
    response = client_for(centre_user).get(reverse("activities:dossier_download", args=[2026]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "index.html" in names
    assert f"files/5/{photo.pk}-招聘会.png" in names
    assert any(name.startswith("files/2/") and name.endswith("工作方案.pdf") for name in names)
    assert archive.read(f"files/5/{photo.pk}-招聘会.png").startswith(b"\x89PNG")
    index = archive.read("index.html").decode()
    assert "创建工作方案" in index and "青年专场招聘会" in index and "去年的活动" not in index
    assert f'href="files/5/{photo.pk}-招聘会.png"' in index
    assert "index.pdf" in names and archive.read("index.pdf").startswith(b"%PDF")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT, object_type="activities.dossier").exists()


def test_a_file_missing_on_disk_is_listed_not_fatal(centre_user):
    evidence = EvidenceFactory(year=2026)
    attachment = services.attachment_add(owner=evidence, upload=pdf_upload())
    attachment.file.storage.delete(attachment.file.name)
    out = io.BytesIO()
    summary = dossier.dossier_write(year=2026, out=out, with_pdf=False)
    assert summary["files"] == 0 and len(summary["missing"]) == 1
    assert "MISSING.txt" in zipfile.ZipFile(out).namelist()


def test_anonymous_visitors_cannot_download_the_dossier(client):
    response = client.get(reverse("activities:dossier_download", args=[2026]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
