"""The staff home (the desk of work queues) at town size, for each role (goal: p95 under 100 ms,
at most 15 queries). The committee's home also computes its four clearance goals."""

from __future__ import annotations

from bench.cases import _realistic_workflow_columns
from bench.harness import Report, page_fetch, time_calls
from bench.seed import STAFF, seed_town
from zhuqiao.models import User

GOAL_MS = 100
MAX_QUERIES = 15


def run(report: Report) -> None:
    seed_town()
    _realistic_workflow_columns()
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
