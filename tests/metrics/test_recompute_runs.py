"""Recompute requests: joining a running one, stale runs, the task's idempotence."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from metrics.models import RecomputeRun, Snapshot
from metrics.services import metrics_schedule_recompute, recompute_run_claim, recompute_run_execute
from metrics.tasks import recompute_metrics

pytestmark = pytest.mark.django_db


def test_second_request_while_one_is_queued_joins_it(area_a: object) -> None:
    first, created = recompute_run_claim(year=2025, reason="dashboard")
    second, created_again = recompute_run_claim(year=2025, reason="roster import")
    assert created and not created_again
    assert second.pk == first.pk
    assert RecomputeRun.objects.filter(year=2025).count() == 1


def test_a_run_of_another_year_is_separate(area_a: object) -> None:
    first, _ = recompute_run_claim(year=2025, reason="dashboard")
    other, created = recompute_run_claim(year=2024, reason="dashboard")
    assert created and other.pk != first.pk


def test_a_run_silent_too_long_is_given_up_and_a_new_one_starts(area_a: object) -> None:
    with time_machine.travel(datetime.datetime(2025, 6, 1, 10, 0, tzinfo=datetime.UTC), tick=False):
        dead, _ = recompute_run_claim(year=2025, reason="dashboard")
        RecomputeRun.objects.filter(pk=dead.pk).update(status=RecomputeRun.Status.RUNNING)
    with time_machine.travel(datetime.datetime(2025, 6, 1, 11, 0, tzinfo=datetime.UTC), tick=False):
        fresh, created = recompute_run_claim(year=2025, reason="dashboard")
    assert created and fresh.pk != dead.pk
    dead.refresh_from_db()
    assert dead.status == RecomputeRun.Status.FAILED


@time_machine.travel(datetime.datetime(2025, 3, 10, 4, 0, tzinfo=datetime.UTC), tick=False)
def test_schedule_recompute_runs_after_commit_and_stores_current_snapshots(
    area_a: object, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():  # type: ignore[operator]
        metrics_schedule_recompute(reason="roster import")
        assert not Snapshot.objects.exists()  # nothing before the commit
    assert len(callbacks) == 1
    run = RecomputeRun.objects.get()
    assert run.status == RecomputeRun.Status.DONE and run.progress == 100
    main = Snapshot.objects.get(year=2025, as_of=datetime.date(2025, 3, 10), is_current=True)
    assert not main.is_month_end
    # month-ends: all of 2024, and January and February of 2025
    assert Snapshot.objects.filter(is_current=True, is_month_end=True, year=2024).count() == 12
    assert set(
        Snapshot.objects.filter(is_current=True, year=2025, is_month_end=True).values_list("as_of", flat=True)
    ) == {
        datetime.date(2025, 1, 31),
        datetime.date(2025, 2, 28),
    }


def test_a_redelivered_task_of_a_finished_run_does_nothing(area_a: object) -> None:
    run, _ = recompute_run_claim(year=2024, reason="dashboard")
    assert recompute_run_execute(run_id=run.pk) is not None
    computed = Snapshot.objects.get(year=2024, as_of=datetime.date(2024, 12, 31), is_current=True).computed_at
    assert recompute_metrics.apply(kwargs={"year": 2024, "run_id": run.pk}).get() == "gone or already done"
    assert Snapshot.objects.get(year=2024, as_of=datetime.date(2024, 12, 31), is_current=True).computed_at == computed
    assert recompute_run_execute(run_id=999_999) is None


def test_nightly_task_without_a_run_claims_one_and_computes_today(area_a: object) -> None:
    with time_machine.travel(datetime.datetime(2025, 7, 2, 18, 0, tzinfo=datetime.UTC), tick=False):
        # 02:00 on 3 July in Shanghai
        recompute_metrics.apply().get()
        today = timezone.localdate()
    assert today == datetime.date(2025, 7, 3)
    assert Snapshot.objects.filter(year=2025, as_of=today, is_current=True).exists()
    assert RecomputeRun.objects.get().reason == "nightly"
