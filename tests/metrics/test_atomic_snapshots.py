"""A snapshot is whole or absent: a recompute that fails halfway leaves the previous one served."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from metrics import counting
from metrics.models import Snapshot, SnapshotValue
from metrics.selectors import snapshot_current, snapshot_document
from metrics.services import metrics_compute
from tests.factories.entrepreneurs import PolicyBenefitFactory, VentureFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_failure_while_counting_leaves_the_previous_snapshot_current(area_a, client_for, leader_user) -> None:  # type: ignore[no-untyped-def]
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), granted_on=D(2025, 3, 1))
    first = metrics_compute(year=2025, as_of=D(2025, 12, 31), with_month_ends=False)
    before = snapshot_document(first)
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), granted_on=D(2025, 4, 1))

    with (
        mock.patch.object(counting, "households", side_effect=RuntimeError("database went away")),
        pytest.raises(RuntimeError),
    ):
        metrics_compute(year=2025, as_of=D(2025, 12, 31), with_month_ends=False)

    current = snapshot_current(year=2025, as_of=D(2025, 12, 31))
    assert current is not None and current.pk == first.pk
    assert snapshot_document(current) == before
    assert Snapshot.objects.count() == 1
    page = client_for(leader_user).get(reverse("metrics:dashboard"), {"year": 2025})
    assert page.status_code == 200


def test_a_failure_halfway_through_writing_the_values_rolls_the_whole_snapshot_back(area_a, area_b) -> None:  # type: ignore[no-untyped-def]
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), granted_on=D(2025, 3, 1))
    first = metrics_compute(year=2025, as_of=D(2025, 12, 31), with_month_ends=False)
    values_before = SnapshotValue.objects.count()
    from metrics.services import snapshots

    real_write = snapshots._write_values

    def write_half_then_fail(snapshot, figures):  # type: ignore[no-untyped-def]
        figures.areas = dict(list(figures.areas.items())[:1])  # write some rows ...
        real_write(snapshot, figures)
        assert SnapshotValue.objects.filter(snapshot=snapshot).exists()
        raise OSError("worker killed")  # ... then die

    PolicyBenefitFactory(venture=VentureFactory(area=area_b), granted_on=D(2025, 4, 1))
    with mock.patch.object(snapshots, "_write_values", write_half_then_fail), pytest.raises(OSError):
        metrics_compute(year=2025, as_of=D(2025, 12, 31), with_month_ends=False)

    assert list(Snapshot.objects.values_list("pk", "is_current")) == [(first.pk, True)]
    assert SnapshotValue.objects.count() == values_before
    assert snapshot_document(first)["town"]["policy_ventures"] == 1

    second = metrics_compute(year=2025, as_of=D(2025, 12, 31), with_month_ends=False)  # the next run completes
    assert snapshot_current(year=2025, as_of=D(2025, 12, 31)) == second
    assert snapshot_document(second)["town"]["policy_ventures"] == 2
    first.refresh_from_db()
    assert not first.is_current and first.status == Snapshot.Status.SUPERSEDED


def test_only_one_superseded_snapshot_is_kept_per_period(area_a) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        metrics_compute(year=2025, as_of=D(2025, 12, 31), with_month_ends=False)
    assert Snapshot.objects.filter(year=2025).count() == 2
    assert Snapshot.objects.filter(year=2025, is_current=True).count() == 1
