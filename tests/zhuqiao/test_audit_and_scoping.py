"""The audit log is append-only and masked; the scoping rule gives 404 outside the scope."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import Http404

from jobseekers.models import Person
from tests.factories.jobseekers import PersonFactory
from zhuqiao.audit import audit_record
from zhuqiao.models import AuditEntry
from zhuqiao.scoping import get_for_user_or_404


@pytest.mark.django_db
def test_creating_and_changing_a_person_is_audited_without_the_id_number_in_clear(area_a):
    person = PersonFactory(area=area_a, id_number="310104199005170038"[:17] + "X", phone="13812345678")
    created = AuditEntry.objects.get(action=AuditEntry.Action.CREATE, object_type="jobseekers.person")
    flat = str(created.changes) + created.object_repr
    assert "13812345678" not in flat and "138****5678" in flat
    assert "310104199005170" not in flat

    person = Person.objects.get(pk=person.pk)
    person.phone = "13900001111"
    person.save()
    updated = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, object_type="jobseekers.person")
    assert updated.changes == {"phone": ["138****5678", "139****1111"]}


@pytest.mark.django_db
def test_audit_entries_cannot_be_changed_or_deleted_through_the_application(area_a):
    entry = audit_record(action=AuditEntry.Action.EXPORT, object_type="test", detail="x")
    entry.detail = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_itself_refuses_to_rewrite_the_audit_log():
    entry = audit_record(action=AuditEntry.Action.EXPORT, object_type="test", detail="x")
    for sql in (
        "UPDATE zhuqiao_auditentry SET detail = 'y' WHERE id = %s",
        "DELETE FROM zhuqiao_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.get(pk=entry.pk).detail == "x"


@pytest.mark.django_db
def test_committee_staff_of_area_a_get_404_on_a_person_of_area_b_and_the_probe_is_audited(
    area_a, area_b, committee_user_a
):
    mine = PersonFactory(area=area_a)
    theirs = PersonFactory(area=area_b)
    assert get_for_user_or_404(Person, committee_user_a, pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_for_user_or_404(Person, committee_user_a, pk=theirs.pk)
    probe = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION_DENIED)
    assert probe.actor == committee_user_a and probe.object_id == str(theirs.pk)


@pytest.mark.django_db
def test_scope_of_each_role(area_a, area_b, centre_user, committee_user_a, department_user, leader_user):
    PersonFactory(area=area_a)
    PersonFactory(area=area_b)
    assert Person.objects.for_user(centre_user).count() == 2
    assert Person.objects.for_user(leader_user).count() == 2
    assert list(Person.objects.for_user(committee_user_a).values_list("area__code", flat=True)) == ["A01"]
    assert Person.objects.for_user(department_user).count() == 0  # persons reach departments through cases
    from django.contrib.auth.models import AnonymousUser

    assert Person.objects.for_user(AnonymousUser()).count() == 0


@pytest.mark.django_db
def test_audit_log_page_needs_the_audit_permission(client_for, centre_user, committee_user_a):
    audit_record(action=AuditEntry.Action.EXPORT, object_type="jobseekers.person", detail="导出人员名单")
    assert client_for(committee_user_a).get("/audit/").status_code == 403
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED, actor=committee_user_a).exists()
    page = client_for(centre_user).get("/audit/?action=export")
    assert page.status_code == 200
    assert "导出人员名单" in page.content.decode()


def test_log_lines_never_carry_id_or_phone_numbers_in_clear():
    import logging

    from zhuqiao.logging import MaskPersonalDataFilter, OneLineFormatter

    record = logging.LogRecord(
        "t", logging.INFO, __file__, 1, "person %s phone %s\nsecond", ("31010419900517003X", "13812345678"), None
    )
    MaskPersonalDataFilter().filter(record)
    line = OneLineFormatter().format(record)
    assert "31010419900517003X" not in line and "13812345678" not in line
    assert "310***********003X" in line and "138****5678" in line
    assert "\n" not in line
