"""Fresh numbers (METRICS.md, Freshness): an edit recomputes the current period once per burst,
past month-ends stay as they are, and the queue being down never fails an edit or the page."""

from __future__ import annotations

import datetime
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import time_machine
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from jobseekers.models import TargetGroupMembership
from metrics import freshness
from metrics.dashboard import build_dashboard
from metrics.models import RecomputeRun, Snapshot
from metrics.selectors import snapshot_current, snapshot_document
from metrics.services import WorkerUnavailable, metrics_compute, metrics_schedule_recompute
from tests.conftest import celery_eager
from tests.factories.entrepreneurs import RoleModelFactory, VentureFactory
from tests.factories.incubators import ResidencyFactory
from tests.factories.jobseekers import EmploymentFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = datetime.date
MORNING = datetime.datetime(2025, 7, 1, 2, 0, tzinfo=datetime.UTC)  # 10:00 on 1 July in Shanghai


@pytest.fixture
def worklist_person(area_a):  # type: ignore[no-untyped-def]
    person = PersonFactory(area=area_a, name="王待业")
    MembershipFactory(person=person, group=TargetGroupMembership.Group.DIFFICULTY, start_date=D(2025, 1, 1))
    with time_machine.travel(MORNING, tick=False):
        metrics_compute(year=2025)
    return person


def _employed(snapshot: Snapshot) -> int:
    return snapshot_document(snapshot)["areas"]["A01"]["clearance_difficulty_employed"]


def test_a_burst_of_edits_in_one_transaction_recomputes_the_current_period_once(
    worklist_person, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_REFRESH_ON_EDIT, settings.METRICS_REFRESH_DEBOUNCE = True, 0
    before = snapshot_current(year=2025)
    month_end = Snapshot.objects.get(year=2025, as_of=D(2025, 6, 30), is_current=True)
    assert before.as_of == D(2025, 7, 1) and _employed(before) == 0
    with time_machine.travel(MORNING + datetime.timedelta(minutes=5), tick=False):
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            EmploymentFactory(person=worklist_person, start_date=D(2025, 7, 1))
            worklist_person.name = "王已就业"
            worklist_person.save()
        assert len(callbacks) == 1  # three changed records, one refresh
    after = snapshot_current(year=2025)
    assert after.pk != before.pk and after.as_of == D(2025, 7, 1)
    assert _employed(after) == 1
    assert after.computed_at == MORNING + datetime.timedelta(minutes=5)
    month_end.refresh_from_db()
    assert month_end.is_current and month_end.computed_at == MORNING  # past month-ends untouched
    assert _employed(month_end) == 0


def test_edits_are_not_followed_when_switched_off(
    worklist_person, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_REFRESH_ON_EDIT = False
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        EmploymentFactory(person=worklist_person, start_date=D(2025, 7, 1))
    assert callbacks == []


def test_a_refresh_already_pending_takes_the_next_edits_along(worklist_person) -> None:  # type: ignore[no-untyped-def]
    with time_machine.travel(MORNING, tick=False):
        cache.set(freshness.pending_key(2025), "claimed", 60)
        assert freshness.refresh_requested(reason="edit") is False
        assert freshness.refresh_status(2025) == {"pending": True, "running": False}
        cache.delete(freshness.pending_key(2025))
        assert freshness.refresh_requested(reason="edit") is True  # eager: ran at once
        assert freshness.refresh_status(2025) == {"pending": False, "running": False}


def test_a_year_without_numbers_yet_queues_no_refresh(area_a) -> None:  # type: ignore[no-untyped-def]
    assert freshness.refresh_requested(reason="edit", year=2025) is False
    assert not Snapshot.objects.exists() and cache.get(freshness.pending_key(2025)) is None


def test_a_refresh_counted_before_the_current_snapshot_does_not_replace_it(worklist_person) -> None:  # type: ignore[no-untyped-def]
    current = snapshot_current(year=2025)
    with time_machine.travel(MORNING - datetime.timedelta(minutes=1), tick=False):
        kept = metrics_compute(year=2025, as_of=D(2025, 7, 1), with_month_ends=False, only_if_newer=True)
    assert kept.pk == current.pk and snapshot_current(year=2025).pk == current.pk


def test_indicators_two_to_seven_are_counted_per_committee_where_records_have_one(area_a, area_b) -> None:  # type: ignore[no-untyped-def]
    RoleModelFactory(area=area_a, year=2025)
    RoleModelFactory(area=area_b, year=2025)
    RoleModelFactory(area=area_b, year=2024)
    ResidencyFactory(venture=VentureFactory(area=area_b), entered_on=D(2025, 2, 1))
    metrics_compute(year=2025, as_of=D(2025, 6, 30), with_month_ends=False)
    document = snapshot_document(snapshot_current(year=2025))
    a01, a02 = document["areas"]["A01"], document["areas"]["A02"]
    assert (document["town"]["role_models"], a01["role_models"], a02["role_models"]) == (2, 1, 1)
    assert (a02["role_models_last"], a02["role_models_yoy"]) == (1, 0.0)
    assert (a01["ventures_in_residence"], a02["ventures_in_residence"], a02["residencies_started"]) == (0, 1, 1)
    assert "activities" not in a01 and "meetings" not in a01  # departments' work: town only
    committee = build_dashboard(snapshot=snapshot_current(year=2025), area=area_b, area_ids=[area_b.pk])
    codes = [card.code for card in committee.cards]
    assert "role_models" in codes and "activities" not in codes
    assert committee.card("role_models").value == 1 and "area=A02" in committee.card("role_models").href


# --- the real Redis stopped ------------------------------------------------------------------------


@pytest.fixture
def stopped_redis(tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A real Redis started on a free port and then stopped: its URL refuses connections."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        url = f"redis://127.0.0.1:{port}/0"
        import redis

        for _attempt in range(50):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        server.terminate()
        server.wait(timeout=10)
        yield url
    finally:
        if server.poll() is None:
            server.kill()


def test_with_redis_stopped_the_recompute_button_says_the_worker_is_unavailable_at_once(
    stopped_redis, client_for, centre_user, area_a, settings
) -> None:  # type: ignore[no-untyped-def]
    from zhuqiao.celery import app

    metrics_compute(year=2025, as_of=D(2025, 6, 30), with_month_ends=False)
    before = app.conf.broker_url
    app.conf.broker_url = stopped_redis
    try:
        client = client_for(centre_user)
        assert client.get(reverse("metrics:dashboard"), {"year": 2025}).status_code == 200  # warm the process
        with celery_eager(False):
            started = time.monotonic()
            with pytest.raises(WorkerUnavailable):
                metrics_schedule_recompute(reason="dashboard", year=2025)
            response = client.post(reverse("metrics:recompute"), {"year": 2025})
            elapsed = time.monotonic() - started
    finally:
        app.conf.broker_url = before
    assert response.status_code == 200
    assert "后台计算服务暂不可用" in response.content.decode()
    assert elapsed < 2
    assert not RecomputeRun.objects.exists()
    assert snapshot_current(year=2025) is not None  # the previous numbers stay


def test_with_the_cache_and_queue_stopped_an_edit_still_saves(stopped_redis, worklist_person, settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_REFRESH_ON_EDIT = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": stopped_redis}}
    from zhuqiao.celery import app

    before = app.conf.broker_url
    app.conf.broker_url = stopped_redis
    try:
        with celery_eager(False):
            assert freshness.refresh_requested(reason="edit", year=2025) is False  # no error: logged
            assert freshness.refresh_status(2025) == {"pending": False, "running": False}
    finally:
        app.conf.broker_url = before
