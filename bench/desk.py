"""The staff home (the desk of work queues) at town size, for each role (goal: p95 under 100 ms,
at most 15 queries). The committee's home also shows its four clearance goals, read from the
current metrics snapshot of the year (kept fresh within a minute of an edit in production; made
here once when the seeded database has none, outside the timing)."""

from __future__ import annotations

from django.utils import timezone

from bench.cases import _realistic_workflow_columns
from bench.harness import Report, page_fetch, time_calls
from bench.seed import STAFF, seed_town
from metrics.selectors import snapshot_current
from metrics.services import metrics_compute
from zhuqiao.models import User

GOAL_MS = 100
MAX_QUERIES = 15


def run(report: Report) -> None:
    seed_town()
    _realistic_workflow_columns()
    today = timezone.localdate()
    if snapshot_current(year=today.year) is None:
        metrics_compute(year=today.year, with_month_ends=False)
    users = {u.username: u for u in User.objects.filter(username__in=STAFF)}
    for label, username in [
        ("committee", "bench_committee"),
        ("department", "bench_department"),
        ("centre", "bench_centre"),
        ("leader", "bench_leader"),
    ]:
        timing = time_calls(page_fetch(users[username], "/"), repeat=30)
        report.add_page("desk", f"home {label}", timing, GOAL_MS, median=True)
        report.add("desk", f"home {label} queries within {MAX_QUERIES}", timing["queries"], "", MAX_QUERIES)
