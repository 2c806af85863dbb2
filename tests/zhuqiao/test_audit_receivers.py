"""The audit receivers are connected per audited model, so other models keep Django's fast delete."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.test.utils import CaptureQueriesContext

from jobseekers.models import Person
from metrics.models import Snapshot, SnapshotValue
from tests.factories.jobseekers import PersonFactory
from zhuqiao.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_models_that_are_not_audited_have_no_save_or_delete_receivers() -> None:
    assert not post_delete.has_listeners(SnapshotValue)
    assert not post_save.has_listeners(SnapshotValue)
    assert post_save.has_listeners(Person) and post_delete.has_listeners(Person)


def test_deleting_snapshot_values_is_one_statement_that_loads_no_row(area_a: object) -> None:
    import datetime

    from django.utils import timezone

    snapshot = Snapshot.objects.create(year=2025, as_of=datetime.date(2025, 1, 31), computed_at=timezone.now())
    SnapshotValue.objects.bulk_create(SnapshotValue(snapshot=snapshot, code=f"c{i}", value=i) for i in range(50))
    with CaptureQueriesContext(connection) as queries:
        SnapshotValue.objects.filter(snapshot=snapshot).delete()
    assert [q["sql"].split()[0] for q in queries.captured_queries] == ["DELETE"]
    assert not SnapshotValue.objects.exists()


def test_an_audited_model_is_still_audited_on_save_and_delete(area_a: object) -> None:
    person = PersonFactory(area=area_a)
    person.delete()
    actions = set(AuditEntry.objects.filter(object_type="jobseekers.person").values_list("action", flat=True))
    assert {AuditEntry.Action.CREATE, AuditEntry.Action.DELETE} <= actions
