"""Demo data of the metrics app: yearly targets for 2025 and 2026, and the current year's
snapshots (with month-ends of this year and last), computed synchronously so the dashboard is
alive right after ``make run``. Runs after every other app's demo data."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from metrics import definitions as d
from metrics.services import metrics_compute, target_set

TARGETS: dict[int, dict[str, Decimal]] = {
    2025: {"successful_entrepreneurs": Decimal(40), "policy_ventures": Decimal(60), "activities": Decimal(24)},
    2026: {"successful_entrepreneurs": Decimal(45), "policy_ventures": Decimal(66), "activities": Decimal(30)},
}


def load() -> None:
    for year, targets in TARGETS.items():
        for code, value in targets.items():
            target_set(year=year, code=code, value=value, note="演示数据")
        for group in d.CLEARANCE_GROUPS:
            target_set(year=year, code=f"clearance_{group}_rate", value=Decimal(100), note="百分百就业清零目标")
    metrics_compute(year=timezone.localdate().year)
