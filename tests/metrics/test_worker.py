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


@pytest.mark.celery_worker
def test_an_edit_reaches_the_card_through_the_real_worker_within_a_minute(use_real_worker, area_a, settings) -> None:  # type: ignore[no-untyped-def]
    from jobseekers.models import TargetGroupMembership
    from metrics.services import metrics_compute
    from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory

    settings.METRICS_REFRESH_ON_EDIT, settings.METRICS_REFRESH_DEBOUNCE = True, 1
    today = timezone.localdate()
    person = PersonFactory(area=area_a)
    MembershipFactory(
        person=person, group=TargetGroupMembership.Group.DIFFICULTY, start_date=today.replace(month=1, day=1)
    )
    before = metrics_compute(year=today.year, with_month_ends=False)
    assert snapshot_document(before)["town"]["clearance_difficulty_employed"] == 0
    edited = time.monotonic()
    EmploymentFactory(person=person, start_date=today)  # committed at once: the refresh is queued

    def changed():  # type: ignore[no-untyped-def]
        current = snapshot_current(year=today.year)
        return current.pk != before.pk and snapshot_document(current)["town"]["clearance_difficulty_employed"] == 1

    _wait_for(changed, seconds=60)
    assert time.monotonic() - edited < 60


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_is_declared_dead_from_its_heartbeat_and_a_fresh_run_starts(area_a, settings) -> None:  # type: ignore[no-untyped-def]
    """The worker is killed (SIGKILL) while its run waits on a lock; its heartbeat stops, the run
    is declared dead after METRICS_RUN_DEAD_AFTER (90 s by default, 10 s here) and the next
    request starts a fresh run. The previous snapshot stays current throughout."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    import psycopg2
    from django.db import connection

    from metrics.services import metrics_compute, recompute_run_claim, recompute_run_execute
    from metrics.tasks import recompute_metrics
    from tests.conftest import celery_eager

    settings.METRICS_RUN_DEAD_AFTER = 10
    year = timezone.localdate().year - 1
    previous = metrics_compute(year=year, with_month_ends=False)
    run, created = recompute_run_claim(year=year, reason="dashboard")
    assert created
    db = settings.DATABASES["default"]
    lock = psycopg2.connect(
        dbname=connection.settings_dict["NAME"],
        user=db["USER"],
        host=db["HOST"],
        port=db["PORT"],
        password=db["PASSWORD"],
    )
    lock.cursor().execute("LOCK TABLE metrics_snapshot IN EXCLUSIVE MODE")  # the run will wait here
    queue = f"metrics-killed-{os.getpid()}"
    with celery_eager(False):
        recompute_metrics.apply_async(kwargs={"year": year, "run_id": run.pk}, queue=queue)
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}",
        CELERY_TASK_ALWAYS_EAGER="0",
        ZHUQIAO_TESTING="1",
        METRICS_HEARTBEAT_SECONDS="1",
    )
    root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "zhuqiao", "worker", "-P", "solo", "-Q", queue, "-n", f"{queue}@%h"],
        cwd=root,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # running, and beating: updated_at moves on while the run waits on the lock
        first = _wait_for(
            lambda: RecomputeRun.objects.filter(pk=run.pk, status=RecomputeRun.Status.RUNNING).first(), seconds=90
        )
        _wait_for(lambda: RecomputeRun.objects.get(pk=run.pk).updated_at > first.updated_at, seconds=30)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        killed = time.monotonic()
        lock.rollback()
        assert snapshot_current(year=year).pk == previous.pk  # the previous numbers are served

        def fresh():  # type: ignore[no-untyped-def]
            claimed, new = recompute_run_claim(year=year, reason="dashboard")
            return claimed if new else None

        new_run = _wait_for(fresh, seconds=120)
        assert time.monotonic() - killed < 120
        dead = RecomputeRun.objects.get(pk=run.pk)
        assert dead.status == RecomputeRun.Status.FAILED and "无响应" in dead.message
        assert snapshot_current(year=year).pk == previous.pk
        assert recompute_run_execute(run_id=new_run.pk).status == RecomputeRun.Status.DONE
        assert snapshot_current(year=year).pk != previous.pk
    finally:
        if worker.poll() is None:
            worker.kill()
        lock.close()
        import redis

        redis.Redis.from_url(settings.REDIS_URL).delete(queue)
