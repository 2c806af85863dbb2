"""The audit log reads as sentences, not as ``jobseekers.employment`` and Python dicts (issue 15
point 9): the model's name, the action's label, and one ``字段：旧值 → 新值`` line per field."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from django.utils.text import capfirst

from jobseekers.models import Employment
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory
from zhuqiao.audit import audit_context
from zhuqiao.audit_display import action_label, change_lines, describe, object_type_label
from zhuqiao.models import AuditEntry


def _lines(object_type: str, changes: dict, action: str = AuditEntry.Action.UPDATE) -> list[str]:
    return [str(line) for line in change_lines(object_type, changes, action=action)]


def _latin(text: str) -> bool:
    return not any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


def test_a_choice_field_changes_from_label_to_label_and_a_date_from_empty_to_iso():
    lines = _lines("jobseekers.employment", {"kind": ["employed", "flexible"], "end_date": [None, "2026-11-25"]})

    assert lines == ["就业形式：单位就业 → 灵活就业", "离职日期：空 → 2026-11-25"]


@pytest.mark.django_db
def test_a_foreign_key_shows_the_records_it_points_to_and_a_gone_one_by_its_id(area_a, area_b):
    lines = _lines("jobseekers.person", {"area": [area_a.pk, area_b.pk]})
    gone = _lines("jobseekers.employment", {"person": [987654, None]})

    assert lines == ["居村委：演示01村 → 演示02村"]
    assert gone == ["人员：#987654 → 空"]


@pytest.mark.django_db
def test_a_person_named_by_a_foreign_key_stays_masked():
    person = PersonFactory(name="王秀英")
    line = _lines("jobseekers.employment", {"person": [None, person.pk]})[0]

    assert line.startswith("人员：空 → 王秀英 (") and person.masked_id_number in line
    assert person.id_number not in line


def test_a_field_the_model_no_longer_has_keeps_its_stored_name_and_plain_values():
    assert _lines("jobseekers.employment", {"salary_band": ["b", None]}) == ["salary_band：b → 空"]


def test_a_model_that_is_gone_keeps_its_raw_label_and_known_ones_read_in_both_languages():
    assert object_type_label("oldapp.contract") == "oldapp.contract"
    assert _lines("oldapp.contract", {"signed": [False, True]}) == ["signed：否 → 是"]
    assert object_type_label("jobseekers.employment") == "就业记录"
    assert action_label(AuditEntry.Action.UPDATE) == "修改"
    with translation.override("en"):
        label = object_type_label("jobseekers.employment")
        line = _lines("jobseekers.employment", {"kind": ["employed", "flexible"]})[0]
        assert label == capfirst(str(Employment._meta.verbose_name)) and _latin(label)
        assert action_label(AuditEntry.Action.UPDATE) == str(AuditEntry.Action.UPDATE.label) and _latin(
            action_label(AuditEntry.Action.UPDATE)
        )
        assert line == f"Kind of employment: {Employment.Kind.EMPLOYED.label} → {Employment.Kind.FLEXIBLE.label}"
        assert _latin(line)


def test_booleans_read_yes_or_no_and_masked_phones_stay_masked():
    assert _lines("jobseekers.targetgroupmembership", {"willing": [True, False]}) == ["有就业意愿：是 → 否"]
    assert _lines("jobseekers.person", {"phone": ["139****0001", "138****0002"]}) == [
        "手机号（脱敏）：139****0001 → 138****0002"
    ]


def test_a_creation_lists_the_new_values_and_other_actions_keep_their_own_shapes():
    created = _lines(
        "jobseekers.employment", {"kind": "self_employed", "employer": "祝桥小吃店"}, AuditEntry.Action.CREATE
    )
    transfer = _lines("jobseekers.person", {"area": ["310115001", "310115002"]}, AuditEntry.Action.TRANSFER)
    export = _lines("rosters.export", {"filters": {"area": "A01", "group": "unemployed"}, "rows": 12}, "export")

    assert created == ["就业形式：自主创业", "单位名称：祝桥小吃店"]
    assert transfer == ["居村委：310115001 → 310115002"]  # committees by code, not looked up as ids
    assert export == ["筛选条件：area：A01，group：unemployed", "行数：12"]
    assert object_type_label("rosters.export") == "名册导出"


@pytest.mark.django_db
def test_entries_written_by_a_real_edit_read_as_lines(centre_user, django_assert_max_num_queries):
    membership = MembershipFactory()
    employment = EmploymentFactory(person=membership.person)
    with audit_context(user=centre_user):
        employment = Employment.objects.get(pk=employment.pk)
        employment.kind = Employment.Kind.FLEXIBLE
        employment.end_date = datetime.date(2026, 11, 25)
        employment.save()
    entries = list(AuditEntry.objects.filter(object_type="jobseekers.employment").order_by("id"))
    with django_assert_max_num_queries(1):  # the person of the creation entry, looked up once
        views = describe(entries)

    assert [v.type_label for v in views] == ["就业记录", "就业记录"]
    assert [v.action_label for v in views] == ["新增", "修改"]
    assert [str(line) for line in views[1].changes] == ["就业形式：单位就业 → 灵活就业", "离职日期：空 → 2026-11-25"]
    assert any(str(line).startswith("人员：") for line in views[0].changes)


@pytest.mark.django_db
def test_the_audit_page_reads_in_chinese_and_in_english(client_for, centre_user):
    employment = EmploymentFactory(employer="祝桥航空配套有限公司")
    with audit_context(user=centre_user):
        employment = Employment.objects.get(pk=employment.pk)
        employment.kind = Employment.Kind.FLEXIBLE
        employment.end_date = datetime.date(2026, 11, 25)
        employment.save()
    client = client_for(centre_user)

    body = client.get("/audit/?object_type=employment").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/audit/?object_type=employment").content.decode()

    assert "<td>修改</td>" in body and "就业记录" in body
    assert "<li>就业形式：单位就业 → 灵活就业</li>" in body and "<li>离职日期：空 → 2026-11-25</li>" in body
    assert "jobseekers.employment" not in body and "{&#x27;" not in body and "[&#x27;" not in body
    assert "Kind of employment: Employed by an employer → Flexible employment" in english
    assert "就业形式" not in english


@pytest.mark.django_db
def test_the_log_is_filtered_by_the_name_people_read(client_for, centre_user):
    employment = EmploymentFactory()
    MembershipFactory(person=employment.person)
    client = client_for(centre_user)

    by_name = client.get("/audit/", {"object_type": "就业记录"}).context["rows"]
    by_label = client.get("/audit/", {"object_type": "jobseekers.employment"}).context["rows"]

    assert {row.entry.object_type for row in by_name} == {"jobseekers.employment"}
    assert [row.entry.pk for row in by_name] == [row.entry.pk for row in by_label] != []


@pytest.mark.django_db
def test_the_admin_reads_an_entry_like_the_audit_page(client_for, admin_user, centre_user):
    employment = EmploymentFactory()
    with audit_context(user=centre_user):
        employment = Employment.objects.get(pk=employment.pk)
        employment.kind = Employment.Kind.FLEXIBLE
        employment.save()
    entry = AuditEntry.objects.get(object_type="jobseekers.employment", action=AuditEntry.Action.UPDATE)
    admin = client_for(admin_user)

    listing = admin.get("/admin/zhuqiao/auditentry/").content.decode()
    detail = admin.get(f"/admin/zhuqiao/auditentry/{entry.pk}/change/")

    assert "就业记录" in listing
    assert detail.status_code == 200 and "就业形式：单位就业 → 灵活就业" in detail.content.decode()
    assert 'name="changes"' not in detail.content.decode()  # still read-only
