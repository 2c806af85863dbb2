"""The nightly job and the on-demand recompute through a real Celery worker on the real Redis."""

from __future__ import annotations

import datetime
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from metrics.models import RecomputeRun, Snapshot
from metrics.selectors import snapshot_current, snapshot_document
from metrics.services import metrics_schedule_recompute
from tests.factories.entrepreneurs import PolicyBenefitFactory, VentureFactory


def _wait_for(predicate, seconds: float = 90):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.3)
    raise AssertionError("the worker did not finish in time; see var/test-celery-worker.log")


@pytest.mark.celery_worker
def test_nightly_job_recomputes_today_through_the_worker(use_real_worker, area_a) -> None:  # type: ignore[no-untyped-def]
    from zhuqiao.celery import app

    today = timezone.localdate()
    PolicyBenefitFactory(venture=VentureFactory(area=area_a), granted_on=today.replace(month=1, day=1))
    entry = settings.CELERY_BEAT_SCHEDULE["metrics-nightly-recompute"]
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {0})
    app.send_task(entry["task"])
    run = _wait_for(lambda: RecomputeRun.objects.filter(status=RecomputeRun.Status.DONE).first())
    assert run.reason == "nightly" and run.progress == 100
    snapshot = snapshot_current(year=today.year, as_of=today)
    # Today's snapshot is the month-end one only on the last day of a month (31 December too).
    assert snapshot is not None
    assert snapshot.is_month_end == ((today + datetime.timedelta(days=1)).day == 1)
    assert snapshot_document(snapshot)["town"]["policy_ventures"] == 1
    assert snapshot_document(snapshot)["areas"]["A01"]["policy_ventures"] == 1


@pytest.mark.celery_worker
def test_a_request_while_one_runs_joins_it(use_real_worker, area_a) -> None:  # type: ignore[no-untyped-def]
    year = timezone.localdate().year - 1
    with transaction.atomic():  # the task is sent at commit: the second request sees the first queued
        first = metrics_schedule_recompute(reason="dashboard", year=year)
        second = metrics_schedule_recompute(reason="roster import", year=year)
    assert second.pk == first.pk
    _wait_for(lambda: RecomputeRun.objects.filter(pk=first.pk, status=RecomputeRun.Status.DONE).exists())
    assert RecomputeRun.objects.count() == 1
    assert Snapshot.objects.filter(year=year, is_current=True, as_of__month=12, as_of__day=31).count() == 1
