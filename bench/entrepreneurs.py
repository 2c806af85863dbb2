"""The venture register at the town's size (5,000 ventures, 20,000 policy benefits, 300,000 cases
from ``seed_town``). Measures the indicator functions the metrics engine calls (goal: p95 under
100 ms), the policy-opportunity computation the weekly job runs, and the pages staff open most
(goal: p95 under 200 ms, and a query count that does not grow with the rows)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from bench.harness import Report, time_calls, time_page
from bench.seed import seed_town
from entrepreneurs import indicators
from entrepreneurs.models import Policy, Venture
from entrepreneurs.selectors import policy_opportunities
from entrepreneurs.services import _SystemReader
from zhuqiao.models import User

INDICATOR_GOAL_MS = 100
OPPORTUNITY_GOAL_MS = 500
PAGE_GOAL_MS = 200


def run(report: Report) -> None:
    seed_town()
    start, end = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    for code, function in indicators.INDICATORS.items():

        def compute(function: Callable[..., Any] = function) -> Any:
            return function(start=start, end=end)[0]

        timing = time_calls(compute, repeat=30)
        report.add("entrepreneurs", f"indicator {code} p95", timing["p95_ms"], "ms", INDICATOR_GOAL_MS)

    reader = _SystemReader()
    pairs = policy_opportunities(user=reader)
    report.add("entrepreneurs", "open opportunities (town)", len(pairs), "")
    timing = time_calls(lambda: policy_opportunities(user=reader, closing_within_days=90), repeat=10)
    report.add("entrepreneurs", "weekly job's opportunity scan p95", timing["p95_ms"], "ms", OPPORTUNITY_GOAL_MS)

    centre = User.objects.get(username="bench_centre")
    committee = User.objects.get(username="bench_committee")
    venture = (
        Venture.objects.filter(area_id=committee.area_id or 0, benefits__isnull=False).first()
        or Venture.objects.first()
    )
    policy = Policy.objects.filter(benefits__isnull=False).first()
    assert venture is not None and policy is not None
    pages = [
        ("venture list", centre, "/ventures/"),
        ("venture list, filtered", centre, "/ventures/?policy=yes&startup_phase=yes&industry=iot"),
        ("venture list (committee)", committee, "/ventures/"),
        ("venture page", centre, f"/ventures/{venture.pk}/"),
        ("policy catalogue with totals", centre, "/ventures/policies/"),
        ("policy grants, page 1", centre, f"/ventures/policies/{policy.pk}/"),
        ("opportunities (town)", centre, "/ventures/opportunities/"),
        ("opportunities (committee)", committee, "/ventures/opportunities/"),
        ("ventures API", centre, "/api/v1/ventures/"),
    ]
    for label, user, url in pages:
        report.add_page("entrepreneurs", label, time_page(user, url, repeat=15), PAGE_GOAL_MS)
