"""The audit log is tamper-evident: a hash chain, `verify_audit`, 184 days' retention, archiving."""

from __future__ import annotations

import datetime
import json
import threading

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.utils import timezone

from zhuqiao import audit_chain
from zhuqiao.audit import audit_record
from zhuqiao.models import AuditArchive, AuditEntry


def _entries(n: int, prefix: str = "e") -> list[AuditEntry]:
    return [audit_record(action=AuditEntry.Action.EXPORT, object_type="test", detail=f"{prefix}{i}") for i in range(n)]


def _raw(sql: str, params: list[object]) -> None:
    """Rewrite the table behind the application's back (on PostgreSQL past the trigger, as its owner)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred checks pending before ALTER
            cursor.execute("ALTER TABLE zhuqiao_auditentry DISABLE TRIGGER zhuqiao_auditentry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE zhuqiao_auditentry ENABLE TRIGGER zhuqiao_auditentry_append_only")


def _database_now() -> datetime.datetime:
    """The database's own clock. Its trigger judges an entry's age by PostgreSQL's now(), which
    a test's moved clock (``--clock``) does not move: "old" is measured from there."""
    if connection.vendor != "postgresql":
        return timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_each_entry_links_to_the_one_before_and_verify_audit_passes(capsys):
    first, second, third = _entries(3)
    assert second.prev_hash == first.entry_hash and third.prev_hash == second.entry_hash
    assert len(third.entry_hash) == 64
    stored = AuditEntry.objects.get(pk=second.pk)
    assert stored.entry_hash == audit_chain.entry_hash(stored, stored.prev_hash)
    call_command("verify_audit")
    assert "audit chain intact" in capsys.readouterr().out


@pytest.mark.django_db
def test_verify_audit_names_the_changed_entry():
    _first, second, _third = _entries(3)
    _raw("UPDATE zhuqiao_auditentry SET detail = %s WHERE id = %s", ["rewritten", second.pk])
    with pytest.raises(CommandError, match=rf"entry #{second.pk}: its content does not match"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_verify_audit_names_the_entry_after_a_removed_one():
    _first, second, third = _entries(3)
    _raw("DELETE FROM zhuqiao_auditentry WHERE id = %s", [second.pk])
    with pytest.raises(CommandError, match=rf"entry #{third.pk}: does not link"):
        call_command("verify_audit")


@pytest.mark.django_db
def test_no_path_of_the_application_removes_or_rewrites_entries():
    _entries(2)
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(detail="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete_archived()  # younger than 184 days
    assert AuditEntry.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_remove_a_young_entry_even_in_the_archive_transaction():
    (young,) = _entries(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL zhuqiao.audit_archive = 'on'")
        cursor.execute("DELETE FROM zhuqiao_auditentry WHERE id = %s", [young.pk])
    assert AuditEntry.objects.filter(pk=young.pk).exists()


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_refuses_to_remove_an_old_entry_outside_the_archive_command():
    with time_machine.travel(_database_now() - datetime.timedelta(days=200), tick=False):
        (old,) = _entries(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM zhuqiao_auditentry WHERE id = %s", [old.pk])
    assert AuditEntry.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_archiving_exports_old_entries_removes_them_and_the_chain_still_verifies(tmp_path, capsys):
    today = timezone.localdate()
    with time_machine.travel(_database_now() - datetime.timedelta(days=300), tick=False):
        old = _entries(3, "old")
    young = _entries(2, "young")

    with pytest.raises(CommandError, match="184"):
        call_command("archive_audit", f"--before={today}", f"--directory={tmp_path}", "--by=tester")
    assert AuditEntry.objects.count() == 5

    before = today - datetime.timedelta(days=250)
    call_command("archive_audit", f"--before={before}", f"--directory={tmp_path}", "--by=王敏")
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in young]).count() == 2

    archive = AuditArchive.objects.get()
    assert archive.entry_count == 3 and archive.up_to_id == old[-1].pk
    assert archive.anchor_hash == old[-1].entry_hash
    lines = (tmp_path / archive.file_name).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["detail"] for line in lines] == ["old0", "old1", "old2"]

    logged = AuditEntry.objects.get(action=AuditEntry.Action.ARCHIVE)
    assert "王敏" in logged.detail and archive.file_name in logged.detail
    capsys.readouterr()
    call_command("verify_audit")
    assert "audit chain intact: 3 entries" in capsys.readouterr().out  # two young ones and the archive's


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_writers_in_parallel_still_build_one_unbroken_chain():
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            for i in range(15):
                with transaction.atomic():
                    audit_record(action=AuditEntry.Action.EXPORT, object_type="test", detail=f"{worker}-{i}")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert AuditEntry.objects.count() == 60
    call_command("verify_audit")
    hashes = list(AuditEntry.objects.values_list("prev_hash", flat=True))
    assert len(set(hashes)) == 60  # no two entries link to the same predecessor


@pytest.mark.django_db
def test_the_migration_chains_the_entries_written_before_the_chain_existed():
    import importlib

    from django.apps import apps

    entries = _entries(3)
    _raw("UPDATE zhuqiao_auditentry SET prev_hash = '', entry_hash = ''", [])
    with pytest.raises(CommandError, match=f"entry #{entries[0].pk}"):
        call_command("verify_audit")

    migration = importlib.import_module("zhuqiao.migrations.0005_audit_chain_existing_rows")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as editor:
        migration.chain_existing(apps, editor)
    call_command("verify_audit")
    assert AuditEntry.objects.get(pk=entries[1].pk).prev_hash == AuditEntry.objects.get(pk=entries[0].pk).entry_hash
