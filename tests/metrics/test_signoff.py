"""Month-end sign-off: a signed snapshot never changes; a later recompute writes a new unsigned
snapshot beside it and lists the difference as a change after sign-off; official=1."""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from jobseekers.models import Person
from metrics.models import ChangeAfterSignoff, Snapshot, SnapshotValue
from metrics.services import metrics_compute
from metrics.signoff import signoff_sign, unsigned_months
from tests.factories import UserFactory
from tests.factories.jobseekers import EmploymentFactory
from tests.metrics.test_pages_and_api import NOW, seed
from zhuqiao.audit import audit_context
from zhuqiao.models import AuditEntry, User

pytestmark = pytest.mark.django_db

D = datetime.date
JUNE = D(2025, 6, 30)


def compute() -> Snapshot:
    with time_machine.travel(NOW, tick=False):
        return metrics_compute(year=2025, as_of=JUNE, with_month_ends=False)


@pytest.fixture
def head_a(area_a) -> User:  # type: ignore[no-untyped-def]
    user = UserFactory(username="head_a01", display_name="王主任", role=User.Role.COMMITTEE, area=area_a)
    user.user_permissions.add(Permission.objects.get(codename="sign_committee_snapshot"))
    return User.objects.get(pk=user.pk)


@pytest.fixture
def signed(area_a, area_b, centre_user, head_a):  # type: ignore[no-untyped-def]
    seed(area_a, area_b)
    snapshot = compute()
    signoff_sign(snapshot=snapshot, area=None, user=centre_user)
    signoff_sign(snapshot=snapshot, area=area_a, user=head_a)
    return snapshot


def _values(snapshot: Snapshot) -> list[tuple]:  # type: ignore[type-arg]
    return list(
        SnapshotValue.objects.filter(snapshot=snapshot)
        .order_by("area_id", "code")
        .values_list("area_id", "code", "value")
    )


def test_a_signed_snapshot_never_changes_and_a_later_change_is_listed(signed, area_a, centre_user) -> None:  # type: ignore[no-untyped-def]
    before = _values(signed)
    # the A01 graduate without a job finds one in June: the signed period's numbers change
    person = Person.objects.get(name="毕业生A011")
    EmploymentFactory(person=person, start_date=D(2025, 6, 1))
    with audit_context(user=centre_user):
        first = compute()
    second = compute()  # the nightly run: the same difference is not listed twice
    third = compute()
    signed.refresh_from_db()
    assert _values(signed) == before  # unchanged, and still there after three recomputes
    assert not signed.is_current and first.pk != signed.pk and third.is_current
    assert not Snapshot.objects.filter(pk=first.pk).exists()  # unsigned superseded ones are still cleaned up
    assert Snapshot.objects.filter(year=2025, as_of=JUNE).count() == 3  # signed + previous + current
    changes = {
        (c.signoff.area_id, c.code): (c.signed_value, c.new_value, c.recomputed_by)
        for c in ChangeAfterSignoff.objects.select_related("signoff")
    }
    assert changes[(area_a.pk, "clearance_graduate_employed")][:2] == (1, 2)
    assert changes[(area_a.pk, "clearance_graduate_rate")][:2] == (50, 100)
    assert changes[(None, "clearance_graduate_employed")][:2] == (2, 3)
    assert changes[(None, "clearance_graduate_rate")][:2] == (Decimal("66.7"), 100)
    assert changes[(area_a.pk, "clearance_graduate_rate")][2] == centre_user.display_name
    assert ChangeAfterSignoff.objects.count() == len(changes)  # nothing listed twice
    del second


def test_the_change_after_signoff_is_on_the_signoff_page(signed, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    EmploymentFactory(person=Person.objects.get(name="毕业生A011"), start_date=D(2025, 6, 1))
    compute()
    page = client_for(leader_user).get(reverse("metrics:signoffs"), {"year": 2025}).content.decode()
    assert "clearance_graduate_rate" in page and "66.7" in page
    assert "王主任" in page


def test_official_returns_the_signed_snapshot_with_who_and_when(signed, api_client_for, centre_user) -> None:  # type: ignore[no-untyped-def]
    EmploymentFactory(person=Person.objects.get(name="毕业生A011"), start_date=D(2025, 6, 1))
    compute()
    client = api_client_for(centre_user)
    official = client.get("/api/v1/metrics/", {"year": 2025, "as_of": "2025-06-30", "official": 1}).json()
    current = client.get("/api/v1/metrics/", {"year": 2025, "as_of": "2025-06-30"}).json()
    assert official["town"]["clearance_graduate_rate"] == 66.7 and current["town"]["clearance_graduate_rate"] == 100.0
    assert official["signed"]["by"] == centre_user.display_name and official["signed"]["at"].startswith("20")
    assert official["signed_areas"]["A01"]["by"] == "王主任"
    assert current["signed"] is None
    missing = client.get("/api/v1/metrics/", {"year": 2025, "as_of": "2025-05-31", "official": 1})
    assert missing.status_code == 404
    out = io.StringIO()
    call_command("export_metrics", "--year", "2025", "--as-of", "2025-06-30", "--official", "1", stdout=out)
    assert json.loads(out.getvalue())["town"]["clearance_graduate_rate"] == 66.7


def test_committee_staff_get_their_committee_signoff_as_official(signed, api_client_for, head_a) -> None:  # type: ignore[no-untyped-def]
    document = api_client_for(head_a).get("/api/v1/metrics/", {"year": 2025, "official": 1}).json()
    assert document["signed"]["by"] == "王主任" and list(document["areas"]) == ["A01"]


def test_only_the_centre_signs_the_town_and_only_a_committee_head_their_committee(
    area_a, area_b, committee_user_a, head_a, leader_user, centre_user
) -> None:  # type: ignore[no-untyped-def]
    seed(area_a, area_b)
    snapshot = compute()
    for user, area in ((committee_user_a, area_a), (head_a, area_b), (head_a, None), (leader_user, None)):
        with pytest.raises(PermissionDenied):
            signoff_sign(snapshot=snapshot, area=area, user=user)
    signoff_sign(snapshot=snapshot, area=None, user=centre_user)
    with pytest.raises(ValidationError):
        signoff_sign(snapshot=snapshot, area=None, user=centre_user)  # once
    entry = AuditEntry.objects.get(object_type="metrics.signoff")
    assert entry.actor_id == centre_user.pk and "2025-06-30" in entry.detail


def test_a_snapshot_that_is_not_a_month_end_cannot_be_signed(area_a, centre_user) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        snapshot = metrics_compute(year=2025, as_of=D(2025, 6, 15), with_month_ends=False)
    with pytest.raises(ValidationError):
        signoff_sign(snapshot=snapshot, area=None, user=centre_user)


def test_the_dashboard_panel_shows_signed_with_who_and_when_and_signs(
    signed, client_for, centre_user, head_a, area_a
) -> None:  # type: ignore[no-untyped-def]
    panel = client_for(centre_user).get(reverse("metrics:official_panel"), {"year": 2025, "as_of": "2025-06-30"})
    assert "已确认" in panel.content.decode() and centre_user.display_name in panel.content.decode()
    assert unsigned_months(year=2025, until=D(2025, 7, 31)) == [1, 2, 3, 4, 5, 7]
