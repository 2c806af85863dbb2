"""Carrier pages and indicator-3/7 figures at town size: 60 carriers and about 5,000 residencies
over the seeded 5,000 ventures (goal: pages p95 under 150 ms, each indicator under 100 ms, and a
query count that does not depend on the number of rows)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.db import connection
from django.db.models import Count

from bench.harness import Report, time_calls, time_page
from bench.seed import STAFF, copy_rows, seed_town
from entrepreneurs.models import CHARACTERISTIC_INDUSTRIES, Venture
from incubators.indicators import INDICATORS
from incubators.models import Carrier, Evaluation, Residency, Subsidy
from zhuqiao.models import User

PAGE_GOAL_MS = 150
INDICATOR_GOAL_MS = 100
CARRIERS = 60
PREFIX = "基准载体"
D = datetime.date


def seed_carriers(seed: int = 6) -> Carrier:
    """Ensure, once, the carriers, residencies, evaluations and grants; return the busiest carrier."""
    rng = random.Random(seed)
    if not Carrier.objects.filter(name__startswith=PREFIX).exists():
        copy_rows(
            Carrier,
            (
                {
                    "name": f"{PREFIX}{n:02d}",
                    "kind": rng.choice(Carrier.Kind.values),
                    "classification": rng.choice(Carrier.Classification.values),
                    "focus_industries": rng.sample(CHARACTERISTIC_INDUSTRIES, 2),
                    "established_on": D(2015 + n % 6, 1, 1),
                    "capacity_desks": rng.randint(10, 80),
                    "capacity_rooms": rng.randint(0, 30),
                    "is_demo": False,
                }
                for n in range(CARRIERS)
            ),
        )
        carriers = list(Carrier.objects.filter(name__startswith=PREFIX).values_list("id", flat=True))
        ventures = list(Venture.objects.order_by("id").values_list("id", flat=True))
        rows = []
        for venture_id in ventures:
            if rng.random() < 0.5:
                entered = D(2021, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
                rows.append(
                    {
                        "venture_id": venture_id,
                        "carrier_id": rng.choice(carriers),
                        "stage": Residency.Stage.GRADUATED,
                        "notified_on": entered - datetime.timedelta(days=30),
                        "entered_on": entered,
                        "graduated_on": entered + datetime.timedelta(days=rng.randint(200, 600)),
                        "jobs_created": rng.randint(1, 20),
                    }
                )
            if rng.random() < 0.55:
                entered = D(2024, 6, 1) + datetime.timedelta(days=rng.randint(0, 800))
                notified = rng.random() < 0.1
                rows.append(
                    {
                        "venture_id": venture_id,
                        "carrier_id": rng.choice(carriers),
                        "stage": Residency.Stage.NOTIFIED if notified else Residency.Stage.RESIDENT,
                        "notified_on": entered - datetime.timedelta(days=20),
                        "entered_on": None if notified else entered,
                    }
                )
        copy_rows(Residency, rows)
        copy_rows(
            Evaluation,
            (
                {
                    "carrier_id": carrier_id,
                    "year": year,
                    "evaluated_on": D(year, 12, 1),
                    **{name: rng.randint(40, 98) for name in Evaluation.ASPECTS},
                    "grade": rng.choice("ABBC"),
                    "evaluator": "基准评估组",
                }
                for carrier_id in carriers
                for year in (2022, 2023, 2024, 2025)
            ),
        )
        copy_rows(
            Subsidy,
            (
                {
                    "carrier_id": carrier_id,
                    "granted_on": D(year, 6, 30),
                    "amount": Decimal(rng.randint(1, 20) * 10000),
                    "basis": "基准奖补",
                }
                for carrier_id in carriers
                for year in (2023, 2024, 2025)
            ),
        )
        with connection.cursor() as cursor:
            for table in ("incubators_carrier", "incubators_residency", "incubators_evaluation", "incubators_subsidy"):
                cursor.execute(f"ANALYZE {table}")
    busiest = (
        Residency.objects.filter(carrier__name__startswith=PREFIX)
        .values("carrier_id")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    assert busiest is not None
    return Carrier.objects.get(pk=busiest["carrier_id"])


def run(report: Report) -> None:
    seed_town()
    busiest = seed_carriers()
    report.add("incubators", "residencies", Residency.objects.count(), "rows")
    users = {u.username: u for u in User.objects.filter(username__in=STAFF)}
    venture = Residency.objects.filter(carrier=busiest).select_related("venture").first()
    assert venture is not None
    scenarios = [
        ("carrier list (centre)", users["bench_centre"], "/carriers/"),
        ("carrier list, flagged (leader)", users["bench_leader"], "/carriers/?status=flagged"),
        ("busiest carrier page (centre)", users["bench_centre"], f"/carriers/{busiest.pk}/"),
        ("busiest carrier page (committee)", users["bench_committee"], f"/carriers/{busiest.pk}/"),
        ("residency list (centre)", users["bench_centre"], "/carriers/residencies/"),
        ("venture panel (centre)", users["bench_centre"], f"/carriers/panel/?venture={venture.venture_id}"),
        ("API carriers (centre)", users["bench_centre"], "/api/v1/carriers/"),
    ]
    for label, user, url in scenarios:
        report.add_page("incubators", label, time_page(user, url, repeat=20), PAGE_GOAL_MS)
    for code, fn in INDICATORS.items():

        def compute(fn=fn) -> None:  # type: ignore[no-untyped-def]
            fn(start=D(2025, 1, 1), end=D(2025, 12, 31))

        timing = time_calls(compute, repeat=10)
        report.add("incubators", f"{code} p95", timing["p95_ms"], "ms", INDICATOR_GOAL_MS)
