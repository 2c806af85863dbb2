"""Metrics engine at town and district scale: full recompute of one year (all committees and
month-ends), peak memory, dashboard and API p95 with their query counts.

Town: the benchmark database seeded by ``seed_town()``. District: a second database on the same
server (created here, migrated, ``seed_town(scale=10)``, dropped at the end). Each recompute runs
in a subprocess so its peak RSS (``resource.getrusage``) is its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client

from bench.harness import Report, time_calls
from bench.seed import STAFF, seed_town

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2025
GOALS = {"town": 10.0, "district": 90.0}
MEMORY_GOAL_MB = 300
DASHBOARD_GOAL_MS = 100
API_GOAL_MS = 50
REFRESH_GOAL_MS = 500
EDIT_TO_CARD_GOAL_S = 60

CHILD = """
import json, os, resource, sys, time
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuqiao.settings")
os.environ.setdefault("ZHUQIAO_TESTING", "1")
import django
django.setup()
from django.core.management import call_command
scale = int(sys.argv[2])
if sys.argv[3] == "seed":
    call_command("migrate", verbosity=0)
    from bench.seed import seed_town
    seed_town(scale=scale)
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(json.dumps({"seeded": scale}))
    sys.exit(0)
from metrics.services import metrics_compute
import datetime
started = time.perf_counter()
metrics_compute(year=int(sys.argv[1]), as_of=datetime.date(int(sys.argv[1]), 12, 31))
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": round(elapsed, 2), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def _database_url(name: str) -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"


def _recompute_in_subprocess(database_url: str, scale: int, mode: str = "compute") -> dict[str, float]:
    """Seed (mode "seed") or recompute in a fresh process, so that the recompute's peak RSS is
    its own and not the seeder's."""
    env = dict(os.environ, DATABASE_URL=database_url, ZHUQIAO_TESTING="1", CELERY_TASK_ALWAYS_EAGER="1")
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(YEAR), str(scale), mode],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _measure_pages(report: Report, scenario: str) -> None:
    from zhuqiao.models import User

    users = {u.username: u for u in User.objects.filter(username__in=STAFF)}
    client = Client()
    client.force_login(users["bench_leader"])

    def dashboard() -> None:
        response = client.get("/dashboard/", {"year": YEAR})
        assert response.status_code == 200, response.status_code

    def api() -> None:
        response = client.get("/api/v1/metrics/", {"year": YEAR})
        assert response.status_code == 200, response.status_code

    def dashboard_cold() -> None:
        cache.clear()  # the first reader after a recompute renders the cards and charts
        dashboard()

    def api_cold() -> None:
        cache.clear()
        api()

    pages = (
        ("dashboard", dashboard, DASHBOARD_GOAL_MS),
        ("dashboard, first view of a snapshot (no cache)", dashboard_cold, DASHBOARD_GOAL_MS),
        ("API", api, API_GOAL_MS),
        ("API, first request of a snapshot (no cache)", api_cold, API_GOAL_MS),
    )
    for name, fn, goal in pages:
        timing = time_calls(fn, repeat=30)
        report.add(scenario, f"{name} p95", timing["p95_ms"], "ms", goal)
        report.add(scenario, f"{name} queries", timing["queries"], "")


def run(report: Report) -> None:
    seed_town()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    town_db = settings.DATABASES["default"]["NAME"]
    town = _recompute_in_subprocess(_database_url(town_db), 1)
    report.add(
        "metrics-town", "full recompute of a year (74 committees, month-ends)", town["seconds"], "s", GOALS["town"]
    )
    report.add("metrics-town", "recompute peak memory", town["peak_rss_mb"], "MB", MEMORY_GOAL_MB)
    _measure_pages(report, "metrics-town")
    _measure_freshness(report)

    if os.environ.get("METRICS_BENCH_TOWN_ONLY"):
        return  # a quick re-measure of the town; the district takes half an hour to seed
    district_db = f"{town_db}_district"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{district_db}"')
        cursor.execute(f'CREATE DATABASE "{district_db}"')
    try:
        _recompute_in_subprocess(_database_url(district_db), 10, "seed")
        district = _recompute_in_subprocess(_database_url(district_db), 10)
        report.add(
            "metrics-district",
            "full recompute of a year (740 committees, month-ends)",
            district["seconds"],
            "s",
            GOALS["district"],
        )
        report.add("metrics-district", "recompute peak memory", district["peak_rss_mb"], "MB", MEMORY_GOAL_MB)
        _measure_district_pages(report, _database_url(district_db))
    finally:
        connection.close()
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{district_db}" WITH (FORCE)')


def _measure_freshness(report: Report) -> None:
    """The two figures of METRICS.md, Freshness: the recompute an edit triggers (the current
    period of the town and every committee, as ``metrics.freshness`` runs it), and the time from
    an edit's commit to the changed card through a real worker on the real Redis."""
    import datetime

    from metrics.services import metrics_compute

    def refresh() -> None:
        metrics_compute(year=YEAR, as_of=datetime.date(YEAR, 12, 31), with_month_ends=False)

    timing = time_calls(refresh, repeat=10, warmup=1)
    report.add(
        "metrics-town",
        "full recompute of the current period (town + 74 committees; a policy or target edit) p95",
        timing["p95_ms"],
        "ms",
        None,
    )
    report.add("metrics-town", "full recompute of the current period, queries", timing["queries"], "")
    _measure_committee_refresh(report)
    if not settings.REDIS_URL:
        return
    samples = _edit_to_card_samples(count=10)
    report.add(
        "metrics-town", "edit to changed card p95 (real worker, 5 s debounce)", max(samples), "s", EDIT_TO_CARD_GOAL_S
    )


def _measure_committee_refresh(report: Report) -> None:
    """The refresh ``metrics.freshness`` runs after edits in one committee: that committee and the
    town (and the departments) counted again, every other number carried over from the current
    snapshot of the day. A job recorded feeds the clearance goals only; a case feeds every family
    of numbers but the clearance goals."""
    import datetime

    from metrics.engine import FAMILIES
    from metrics.services import metrics_compute, metrics_refresh_areas
    from zhuqiao.models import Area

    day = datetime.date(YEAR, 12, 31)
    metrics_compute(year=YEAR, as_of=day, with_month_ends=False)  # the current snapshot of the day
    area_id = Area.objects.order_by("code").values_list("pk", flat=True)[0]
    cases = (
        ("a job recorded (clearance goals)", frozenset({"clearance"})),
        ("a case changed (indicator 1, satisfaction, indicators 2-7)", frozenset(FAMILIES - {"clearance"})),
    )
    for name, families in cases:

        def refresh(families: frozenset[str] | None = families) -> None:
            stored = metrics_refresh_areas(year=YEAR, as_of=day, area_ids={area_id}, families=families)
            assert stored is not None

        timing = time_calls(refresh, repeat=10, warmup=1)
        measure = f"refresh after an edit in one committee, {name}: committee + town p95"
        report.add("metrics-town", measure, timing["p95_ms"], "ms", REFRESH_GOAL_MS)
        report.add("metrics-town", f"refresh after an edit in one committee, {name}, queries", timing["queries"], "")


def _edit_to_card_samples(count: int) -> list[float]:
    """Record an employment for a person of the difficulty worklist, commit, and wait until the
    current snapshot of the year counts it: ``count`` times, through a worker started here."""
    import time

    from django.test import override_settings
    from django.utils import timezone

    from jobseekers.models import Employment, TargetGroupMembership
    from metrics.selectors import snapshot_current
    from zhuqiao.celery import app

    today = timezone.localdate()
    members = TargetGroupMembership.objects.filter(group="difficulty", willing=True).values_list("person_id", flat=True)
    persons = list(members.exclude(person__employments__isnull=False)[:count])
    env = dict(
        os.environ,
        CELERY_TASK_ALWAYS_EAGER="0",
        ZHUQIAO_TESTING="1",
        DATABASE_URL=_database_url(settings.DATABASES["default"]["NAME"]),
    )
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "zhuqiao", "worker", "-P", "solo", "-l", "WARNING", "-n", "bench@%h"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    samples: list[float] = []
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        from metrics.services import metrics_compute

        metrics_compute(year=today.year, with_month_ends=False)
        with override_settings(METRICS_REFRESH_ON_EDIT=True, METRICS_REFRESH_DEBOUNCE=5):
            for person_id in persons:
                before = snapshot_current(year=today.year)
                Employment.objects.create(
                    person_id=person_id, start_date=today, kind=Employment.Kind.EMPLOYED, employer="基准测试单位"
                )
                started = time.perf_counter()
                deadline = started + 120
                while time.perf_counter() < deadline:
                    current = snapshot_current(year=today.year)
                    if current is not None and before is not None and current.pk != before.pk:
                        break
                    time.sleep(0.1)
                samples.append(round(time.perf_counter() - started, 2))
        Employment.objects.filter(employer="基准测试单位", start_date=today).delete()
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        worker.wait(timeout=30)
    return samples


DISTRICT_PAGES = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhuqiao.settings")
os.environ.setdefault("ZHUQIAO_TESTING", "1")
import django
django.setup()
from bench.harness import Report
from bench import metrics
report = Report()
metrics._measure_pages(report, "metrics-district")
print(json.dumps(report.rows))
"""


def _measure_district_pages(report: Report, database_url: str) -> None:
    env = dict(os.environ, DATABASE_URL=database_url, ZHUQIAO_TESTING="1")
    result = subprocess.run(
        [sys.executable, "-c", DISTRICT_PAGES], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    for row in json.loads(result.stdout.strip().splitlines()[-1]):
        report.add(row["scenario"], row["measure"], row["value"], row["unit"], row["goal"])
