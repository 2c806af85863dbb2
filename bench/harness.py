"""Shared pieces of the benchmarks: timing with percentiles, query counting, peak memory."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def time_calls(fn: Callable[[], Any], *, repeat: int = 30, warmup: int = 3) -> dict[str, float]:
    """Median and p95 in milliseconds of ``fn`` over ``repeat`` calls, and its query count."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        fn()
    return {
        "median_ms": round(statistics.median(samples), 1),
        "p95_ms": round(percentile(samples, 95), 1),
        "queries": len(queries),
    }


def page_fetch(user: Any, url: str) -> Callable[[], None]:
    """A GET of ``url`` by a client logged in as ``user`` that fails unless the answer is 200."""
    client = Client()
    client.force_login(user)
    first = client.get(url)
    if first.status_code == 303:  # a full ID or mobile number moved to a search token (issue 16)
        url = first["Location"]

    def fetch() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)

    return fetch


def time_page(user: Any, url: str, *, repeat: int = 30) -> dict[str, float]:
    """``time_calls`` of the page at ``url`` as ``user`` sees it."""
    return time_calls(page_fetch(user, url), repeat=repeat)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@dataclass
class Report:
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, scenario: str, measure: str, value: float, unit: str, goal: float | None = None) -> None:
        ok = None if goal is None else value <= goal
        self.rows.append(
            {"scenario": scenario, "measure": measure, "value": value, "unit": unit, "goal": goal, "ok": ok}
        )
        mark = "" if ok is None else (" ok" if ok else " OVER GOAL")
        print(f"   {measure}: {value} {unit}" + (f" (goal ≤ {goal}){mark}" if goal is not None else ""), flush=True)

    def add_page(
        self, scenario: str, label: str, timing: dict[str, float], goal: float, *, median: bool = False
    ) -> None:
        """The rows of one timed page: p95 against the goal, the median if asked, the query count."""
        self.add(scenario, f"{label} p95", timing["p95_ms"], "ms", goal)
        if median:
            self.add(scenario, f"{label} median", timing["median_ms"], "ms")
        self.add(scenario, f"{label} queries", timing["queries"], "")

    def failed_goals(self) -> list[dict[str, Any]]:
        return [row for row in self.rows if row["ok"] is False]

    def print_table(self) -> None:
        print()
        print(f"{'scenario':<14} {'measure':<44} {'value':>10} {'unit':<6} {'goal':>8}  ok")
        for row in self.rows:
            goal = "" if row["goal"] is None else row["goal"]
            ok = "" if row["ok"] is None else ("yes" if row["ok"] else "NO")
            print(f"{row['scenario']:<14} {row['measure']:<44} {row['value']:>10} {row['unit']:<6} {goal!s:>8}  {ok}")
